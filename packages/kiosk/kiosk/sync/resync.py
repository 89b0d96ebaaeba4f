"""After the central was restored from a backup: send again what it had acknowledged.

The heartbeat's reply names the central's generation; a restore changes it. A kiosk that
hears a generation other than the one it knew puts back in its outbox every record the
central acknowledged from a day before the restored backup's newest record (a margin for a
kiosk clock that was off; all it keeps if the central does not say): the outbox keeps them,
without the NIK, for ``retention_days``, and the tickets the central numbered online are made
into records again. Once its outbox has drained up to there it reports the new generation in
its heartbeat: the central numbers nothing new until every kiosk has, so no number it gave
before the restore is given again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from kiosk.domain.central_bodies import ticket_body
from kiosk.store.central_state import keep, recall
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.store.tickets import SqliteTicketStore

log = logging.getLogger(__name__)


class Resync:
    def __init__(self, db: Database, outbox: Outbox, tickets: SqliteTicketStore, kiosk_id: str):
        self.db, self.outbox, self.tickets, self.kiosk_id = db, outbox, tickets, kiosk_id

    def _get(self, name: str) -> str | None:
        return recall(self.db, name)

    def _set(self, conn, name: str, value: str) -> None:
        keep(conn, name, value)

    def heard(self, generation: object) -> int:
        """The reply's ``generation``; returns how many records go again (0: nothing new)."""
        gid = generation.get("id") if isinstance(generation, dict) else None
        if not isinstance(gid, str) or not gid:
            return 0
        known = self._get("known")
        if known == gid:
            return 0
        again = 0
        if known is not None:
            since = _since(generation.get("restored_from"))
            bodies = [
                ticket_body(
                    t, self.kiosk_id, None, number=t.number, sequence=t.sequence, resend="central"
                )
                for t in self.tickets.central_numbered(since[:10])
            ]
            again = self.outbox.resend_acknowledged(bodies, since)
            log.warning(
                "the central was restored from a backup (generation %s): %d records go again",
                gid[:8],
                again,
            )
        with self.db.transaction() as conn:
            self._set(conn, "known", gid)
            # Done once every row up to here has been answered (new tickets keep coming).
            upto = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()[0]
            self._set(conn, "resend_upto", str(upto))
            if known is None:  # the first generation this kiosk hears of: nothing to resend
                self._set(conn, "resent", gid)
        return again

    def reported(self) -> str | None:
        """The generation to report: the known one once nothing is left to send."""
        known, resent = self._get("known"), self._get("resent")
        if known is not None and known != resent:
            upto = int(self._get("resend_upto") or 0)
            left = self.db.query(
                "SELECT COUNT(*) FROM outbox WHERE seq <= ? AND state IN ('pending', 'inflight')",
                (upto,),
            )[0][0]
            if left == 0:
                with self.db.transaction() as conn:
                    self._set(conn, "resent", known)
                resent = known
        return resent


def _since(restored_from: object) -> str:
    """A day before ``restored_from``, in UTC ISO 8601 (the outbox's ``done_at``); "" (all)
    when the central does not say or says something that is not a time."""
    try:
        moment = datetime.fromisoformat(str(restored_from)).astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        return ""
    return (moment - timedelta(days=1)).isoformat()
