"""The durable outbox: explicit states, claimed in batches, acknowledged one by one.

pending -> inflight (claimed by the sync worker) -> done (acknowledged; body emptied)
                                                 -> pending again (retry later)
                                                 -> parked (refused by the server: for a person;
                                                    the NIK erased but its last four digits)
                                                 -> voided (a ticket the central holds voided,
                                                    410: the kiosk's record of that; body emptied)
held: a void guard, due on the monotonic clock of the process that holds it, released by the
ticket's commit; a void is never sent for a ticket this kiosk committed.
A crash leaves rows inflight or held; :meth:`Outbox.recover` puts them back to pending at start,
and the idempotency key makes the resend harmless.

Ratings travel in batches with a key of their own, formed once (``batch``) and never changed:
a retried batch is the same rows under the same key.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime

from kiosk.domain.ids import new_id
from kiosk.domain.outbox import OutboxEntry, OutboxRow
from kiosk.store.database import Database


def add_entries(
    conn: sqlite3.Connection, entries: list[OutboxEntry], hold_s: float | None = None
) -> None:
    """Inside the caller's transaction: the record and its outbox rows commit together.
    ``hold_s``: held, due that many seconds from now on the monotonic clock."""
    now = datetime.now(UTC).isoformat()
    state, not_before = ("pending", 0.0) if hold_s is None else ("held", time.monotonic() + hold_s)
    conn.executemany(
        "INSERT INTO outbox (key, kind, record_id, body, created_at, not_before, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(e.key, e.kind, e.record_id, json.dumps(e.body), now, not_before, state) for e in entries],
    )


def erase_nik(body: dict) -> dict:
    """A parked record's body without the NIK: its last four digits stay for the technician."""
    nik = body.get("nik")
    if not isinstance(nik, str):
        return body
    rest = {k: v for k, v in body.items() if k != "nik"}
    return {**rest, "nik_last4": nik[-4:]}


class Outbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, entries: list[OutboxEntry]) -> None:
        with self._db.transaction() as conn:
            add_entries(conn, entries)

    def recover(self) -> int:
        """At start: whatever a crash left in flight goes back to pending, due now; so do the
        void guards of the process that stopped (its monotonic clock died with it)."""
        with self._db.transaction() as conn:
            cur = conn.execute(
                "UPDATE outbox SET state = 'pending', not_before = 0 "
                "WHERE state IN ('inflight', 'held')"
            )
            return cur.rowcount

    def claim(self, limit: int, kinds: tuple[str, ...] | None = None) -> list[OutboxRow]:
        """Due rows, oldest first, marked inflight; ``kinds`` limits which."""
        where = "((state = 'pending' AND not_before <= ?) OR (state = 'held' AND not_before <= ?))"
        params: list = [time.time(), time.monotonic()]
        if kinds:
            where += f" AND kind IN ({','.join('?' * len(kinds))})"
            params += list(kinds)
        with self._db.transaction() as conn:
            self._drop_needless_voids(conn)
            rows = conn.execute(
                f"SELECT * FROM outbox WHERE {where} ORDER BY seq LIMIT ?", (*params, limit)
            ).fetchall()
            return self._take(conn, rows)

    def claim_ratings(self, size: int) -> list[OutboxRow]:
        """One batch of ratings: the oldest batch already formed, else a new one of up to
        ``size`` pending ratings, given its key now, for good."""
        with self._db.transaction() as conn:
            first = conn.execute(
                "SELECT batch FROM outbox WHERE kind = 'rating' AND state = 'pending' "
                "AND not_before <= ? ORDER BY seq LIMIT 1",
                (time.time(),),
            ).fetchone()
            if first is None:
                return []
            batch = first[0]
            if not batch:
                batch = new_id()
                conn.execute(
                    "UPDATE outbox SET batch = ? WHERE seq IN (SELECT seq FROM outbox "
                    "WHERE kind = 'rating' AND state = 'pending' AND batch = '' "
                    "ORDER BY seq LIMIT ?)",
                    (batch, size),
                )
            rows = conn.execute(
                "SELECT * FROM outbox WHERE batch = ? AND state = 'pending' ORDER BY seq",
                (batch,),
            ).fetchall()
            return self._take(conn, rows)

    @staticmethod
    def _drop_needless_voids(conn: sqlite3.Connection) -> None:
        # A void is sent only when the ticket's commit provably did not happen: a ticket in
        # the table holds the number (or supersedes the central's), so its void must not go.
        conn.execute(
            "UPDATE outbox SET state = 'done', body = '{}', last_error = 'committed: not sent', "
            "done_at = ? WHERE kind = 'void' AND state IN ('pending', 'held') "
            "AND record_id IN (SELECT id FROM tickets)",
            (datetime.now(UTC).isoformat(),),
        )

    @staticmethod
    def _take(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[OutboxRow]:
        conn.executemany(
            "UPDATE outbox SET state = 'inflight', attempts = attempts + 1 WHERE seq = ?",
            [(r["seq"],) for r in rows],
        )
        return [
            OutboxRow(r["seq"], r["key"], r["kind"], r["record_id"], json.loads(r["body"]),
                      r["attempts"] + 1, r["batch"])
            for r in rows
        ]  # fmt: skip

    def done(self, keys: list[str]) -> None:
        """Acknowledged: the body (and any NIK in it) is erased, the row kept as a receipt."""
        now = datetime.now(UTC).isoformat()
        with self._db.transaction() as conn:
            conn.executemany(
                "UPDATE outbox SET state = 'done', body = '{}', last_error = '', done_at = ? "
                "WHERE key = ?",
                [(now, k) for k in keys],
            )

    def retry(self, key: str, error: str, delay_s: float) -> None:
        """An inflight row back to pending; one already parked, voided or done stays so."""
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'pending', last_error = ?, not_before = ? "
                "WHERE key = ? AND state = 'inflight'",
                (error[:200], time.time() + delay_s, key),
            )

    def voided(self, key: str, reason: str) -> None:
        """The central answered that this ticket is voided (410): nothing more is sent for it,
        the body (any NIK) is erased, and the reason is kept for the technician."""
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'voided', body = '{}', last_error = ?, done_at = ? "
                "WHERE key = ?",
                (reason[:200], datetime.now(UTC).isoformat(), key),
            )

    def is_voided(self, ticket_id: str) -> bool:
        """Whether the central holds this ticket voided, as far as this kiosk has heard."""
        rows = self._db.query(
            "SELECT 1 FROM outbox WHERE record_id = ? AND kind = 'ticket' AND state = 'voided'",
            (ticket_id,),
        )
        return bool(rows)

    def park(self, key: str, error: str) -> None:
        """Refused by the server: kept for the technician with the reason, the NIK erased (a
        person decides what happens next; the full NIK is not needed for that)."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT body FROM outbox WHERE key = ?", (key,)).fetchone()
            body = json.dumps(erase_nik(json.loads(row[0]))) if row else "{}"
            conn.execute(
                "UPDATE outbox SET state = 'parked', last_error = ?, body = ?, "
                "done_at = ? WHERE key = ?",
                (error[:200], body, datetime.now(UTC).isoformat(), key),
            )

    def counts(self) -> dict[str, int]:
        rows = self._db.query("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        counts = {"pending": 0, "inflight": 0, "done": 0, "parked": 0, "held": 0, "voided": 0}
        counts.update({state: n for state, n in rows})
        return counts

    def parked(self) -> list[tuple[str, str, str]]:
        """(kind, record id, error) of every parked row, for the technician; a ticket the
        central voided is listed too, its reason saying so."""
        rows = self._db.query(
            "SELECT kind, record_id, last_error FROM outbox WHERE state IN ('parked', 'voided') "
            "ORDER BY seq"
        )
        return [tuple(r) for r in rows]
