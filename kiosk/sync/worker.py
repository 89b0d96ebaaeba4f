"""Drains the outbox to the central API on a thread of its own.

Rows are claimed in batches; each is sent with its own Idempotency-Key (ratings: with their
batch's, formed once in the store) and marked done only on the server's acknowledgement. When
the link fails the whole worker backs off (capped, jittered, Retry-After honoured) instead of
failing every row of a long backlog in turn; a row the server refuses (4xx) is parked for the
technician, its NIK erased, and the rest go on.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from kiosk.domain.outbox import OutboxRow
from kiosk.domain.retry import Verdict, backoff_s, verdict
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.sync.central import Central
from kiosk.sync.client import CentralError

log = logging.getLogger(__name__)

ROUTES = {
    "ticket": ("/tickets", "TicketIssued"),
    "checkin": ("/checkins", "Ack"),
    "void": ("/tickets/{record_id}/void", "Ack"),
}
RECORD_KINDS = tuple(ROUTES)
RATINGS_BATCH = 100


class LinkDown(Exception):
    def __init__(self, error: CentralError):
        self.error = error


class SyncWorker:
    def __init__(
        self,
        central: Central,
        outbox: Outbox,
        db: Database,
        *,
        batch: int = 50,
        idle_s: float = 1.0,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.central = central
        self.outbox = outbox
        self.db = db
        self.batch = batch
        self.idle_s = idle_s
        self._rand = rand
        self._failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)

    def start(self) -> SyncWorker:
        recovered = self.outbox.recover()
        if recovered:
            log.info("%d outbox rows were in flight at the last stop: pending again", recovered)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def sync_now(self) -> None:
        """Skip any backoff and try at once (the technician's button, a new record)."""
        self._failures = 0
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.run_once()
                wait = 0.0 if sent else self.idle_s
            except LinkDown as down:
                self._failures += 1
                wait = backoff_s(
                    self._failures, retry_after_s=down.error.retry_after_s, rand=self._rand
                )
            except Exception:  # never let the worker die: log and keep going
                log.exception("sync worker error")
                wait = self.idle_s
            self._wake.wait(wait)
            self._wake.clear()

    def run_once(self) -> int:
        """Send one batch; returns how many rows were acknowledged. Raises LinkDown."""
        ratings = self.outbox.claim_ratings(RATINGS_BATCH)
        rows = ratings + self.outbox.claim(self.batch, RECORD_KINDS)
        if not rows:
            return 0
        done: list[str] = []
        try:
            if ratings:
                done += self._send_ratings(ratings)
            for row in rows:
                if row.kind != "rating":
                    done += self._send(row)
        except LinkDown:
            # What was not tried goes back as it was, due at once once the link is back.
            for row in rows:
                if row.key not in done:
                    self.outbox.retry(row.key, "link down", 0)
            self._finish(rows, done)
            raise
        self._finish(rows, done)
        self._failures = 0
        self.central.link.report(None)
        return len(done)

    def _finish(self, rows: list[OutboxRow], done: list[str]) -> None:
        if not done:
            return
        self.outbox.done(done)
        acked = set(done)
        if any("nik" in row.body for row in rows if row.key in acked):
            # Erased NIKs: fold the WAL so their bytes leave it too. Only then: a checkpoint
            # per batch would cost every drain for nothing.
            self.db.checkpoint()

    def _send(self, row: OutboxRow) -> list[str]:
        path, schema = ROUTES[row.kind]
        path = path.format(record_id=row.record_id)
        body = row.body or None
        try:
            self.central.client.call("POST", path, schema, body=body, key=row.key)
        except CentralError as exc:
            return self._failed([row], exc)
        return [row.key]

    def _send_ratings(self, rows: list[OutboxRow]) -> list[str]:
        # The batch was formed once with its key: a retry is the same rows under the same key.
        key = rows[0].batch
        try:
            reply = self.central.client.call(
                "POST", "/ratings", "RatingsAccepted",
                body={"ratings": [r.body for r in rows]}, key=key,
            )  # fmt: skip
        except CentralError as exc:
            return self._failed(rows, exc)
        accepted = set(reply["accepted"])
        for row in rows:
            if row.record_id not in accepted:
                self.outbox.park(row.key, "not accepted by the server")
        return [r.key for r in rows if r.record_id in accepted]

    def _failed(self, rows: list[OutboxRow], exc: CentralError) -> list[str]:
        if verdict(exc.status) is Verdict.RETRY:
            self.central.link.report("offline", str(exc))
            raise LinkDown(exc)
        for row in rows:
            log.error("outbox %s %s parked: %s", row.kind, row.record_id[:8], exc)
            self.outbox.park(row.key, str(exc))
        if any("nik" in row.body for row in rows):
            self.db.checkpoint()  # the erased NIK leaves the WAL too
        return []
