"""Drains the outbox to the central API on a thread of its own.

Rows are claimed in batches; each is sent with its own Idempotency-Key (ratings: with their
batch's, formed once in the store) and marked done only on the server's acknowledgement. When
the link fails the whole worker backs off (capped, jittered, Retry-After honoured) instead of
failing every row of a long backlog in turn; a row the server refuses (4xx) is parked for the
technician, its NIK erased, and the rest go on.

A backlog (more than BATCH_FROM ticket, check-in and void records due) goes in one POST /batch
of up to BATCH_RECORDS: each record keeps its own Idempotency-Key and gets its own answer,
applied as a single request's would be. A central without /batch (404: older than the
endpoint) gets single requests again, and is asked again after an hour.

A central without POST /profiles (404: older than the SKM profile) keeps the kiosk's profiles
pending: their upload pauses for an hour at a time (one log line), and a profile still unsent
after the kiosk's retention window is dropped by the local purge (``store/retention.py``).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable

from kiosk.domain.central_bodies import rating_batch
from kiosk.domain.outbox import OutboxRow
from kiosk.domain.retry import Verdict, backoff_s, verdict
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.sync.central import Central
from kiosk.sync.client import BATCH_RECORDS, CentralError, problem_reason

log = logging.getLogger(__name__)

ROUTES = {
    "ticket": ("/tickets", "TicketIssued"),
    "checkin": ("/checkins", "Ack"),
    "void": ("/tickets/{record_id}/void", "Ack"),
    "profile": ("/profiles", "Ack"),  # a respondent's SKM profile: never in a /batch
}
RECORD_KINDS = tuple(ROUTES)
BATCH_KINDS = ("ticket", "checkin", "void")  # what POST /batch takes
RATINGS_BATCH = 100
BATCH_FROM = 5  # more records due than this: one POST /batch instead of one request each
BATCH_BODY_MAX = 1 << 20  # bytes of a /batch body; the central takes up to 2 MiB
BATCH_RETRY_S = 3600.0  # a central without /batch is asked again after this long
PROFILE_RETRY_S = 3600.0  # a central without /profiles is asked again after this long
NO_PROFILES = "the central has no POST /profiles yet: kept, asked again in an hour"
BATCH_NAMESPACE = uuid.UUID("9d3c2f0e-6a51-4f0b-9c52-6f1f3b8e2a10")


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
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.central = central
        self.outbox = outbox
        self.db = db
        self.batch = batch
        self.idle_s = idle_s
        self._rand = rand
        self.monotonic = monotonic  # the pauses' clock: a test moves it an hour on
        self._failures = 0
        self._no_batch_until = 0.0  # monotonic: until then the central has no /batch
        self._no_profiles_until = 0.0  # monotonic: until then the central has no /profiles
        self._told_no_profiles = False
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
        self._no_batch_until = 0.0  # monotonic: until then the central has no /batch
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
        batching = self.monotonic() >= self._no_batch_until
        kinds = RECORD_KINDS
        if self.monotonic() < self._no_profiles_until:
            kinds = tuple(k for k in RECORD_KINDS if k != "profile")
        records = self.outbox.claim(BATCH_RECORDS if batching else self.batch, kinds)
        rows = ratings + records
        if not rows:
            return 0
        done: list[str] = []
        try:
            if ratings:
                done += self._send_ratings(ratings)
            singles = records
            batched = [r for r in records if r.kind in BATCH_KINDS]
            if batching and len(batched) > BATCH_FROM:
                sent = self._send_batches(batched)
                if sent is not None:
                    done += sent
                    singles = [r for r in records if r.kind not in BATCH_KINDS]
            for row in singles:
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
        if row.kind == "profile" and self.monotonic() < self._no_profiles_until:
            self.outbox.retry(row.key, NO_PROFILES, PROFILE_RETRY_S)
            return []
        try:
            self.central.client.call("POST", path, schema, body=body, key=row.key)
        except CentralError as exc:
            if row.kind == "profile" and exc.status in (404, 405):
                return self._no_profiles(row)
            return self._failed([row], exc)
        return [row.key]

    def _no_profiles(self, row: OutboxRow) -> list[str]:
        """An older central: the profile stays pending, its upload paused for an hour."""
        if not self._told_no_profiles:
            log.warning("respondent profiles: %s", NO_PROFILES)
            self._told_no_profiles = True
        self._no_profiles_until = self.monotonic() + PROFILE_RETRY_S
        self.outbox.retry(row.key, NO_PROFILES, PROFILE_RETRY_S)
        return []

    def _send_batches(self, rows: list[OutboxRow]) -> list[str] | None:
        """The rows in POST /batch requests; None when the central has no /batch (404) and
        nothing was sent, so the caller sends them one by one."""
        done: list[str] = []
        for chunk in _chunks(rows):
            answered = self._send_batch(chunk)
            if answered is None:
                if done:  # a central that answered /batch a moment ago: a single request each
                    for row in chunk:
                        done += self._send(row)
                    continue
                return None
            done += answered
        return done

    def _send_batch(self, rows: list[OutboxRow]) -> list[str] | None:
        # The batch's key is derived from its records' keys: a retry of the same records is
        # the same batch to the central, and each record keeps its own key inside.
        key = str(uuid.uuid5(BATCH_NAMESPACE, ",".join(r.key for r in rows)))
        try:
            reply = self.central.client.call(
                "POST", "/batch", "BatchResult", body={"records": [_record(r) for r in rows]},
                key=key,
            )  # fmt: skip
        except CentralError as exc:
            if exc.status in (404, 405):
                log.info("the central has no POST /batch: sending records one by one")
                self._no_batch_until = self.monotonic() + BATCH_RETRY_S
                return None
            if exc.status is not None and verdict(exc.status) is Verdict.PARK:
                # The batch as a whole was refused (a body the central would not take):
                # blaming every record for it would be false; each goes alone, judged alone.
                log.warning("the central refused a batch (%s): sending its records singly", exc)
                return [done for row in rows for done in self._send(row)]
            return self._failed(rows, exc)
        results = {r["key"]: r for r in reply["results"]}
        done: list[str] = []
        erased = False
        for row in rows:
            result = results.get(row.key)
            if result is None:
                self.outbox.retry(row.key, "no answer in the batch", 0)
                continue
            status = result["status"]
            if status == 410 and row.kind == "ticket":
                self._voided(row, result["body"])
                continue
            outcome = verdict(status)
            if outcome is Verdict.DONE:
                done.append(row.key)
            elif outcome is Verdict.RETRY:
                reason = f"HTTP {status} {problem_reason(result['body'])}".strip()
                self.outbox.retry(row.key, reason, backoff_s(row.attempts, rand=self._rand))
            else:
                reason = f"HTTP {status} {problem_reason(result['body'])}".strip()
                log.error("outbox %s %s parked: %s", row.kind, row.record_id[:8], reason)
                self.outbox.park(row.key, reason)
                erased = erased or "nik" in row.body
        if erased:
            self.db.checkpoint()  # the erased NIK leaves the WAL too
        return done

    def _voided(self, row: OutboxRow, problem: object) -> None:
        """The central holds this ticket voided (410): that is the ticket's truth, not a fault
        of the record; the kiosk records it and sends nothing more for it."""
        reason = f"voided at the central: {problem_reason(problem)}"
        log.warning("outbox ticket %s %s", row.record_id[:8], reason)
        self.outbox.voided(row.key, reason)
        if "nik" in row.body:
            self.db.checkpoint()

    def _send_ratings(self, rows: list[OutboxRow]) -> list[str]:
        # The batch was formed once with its key: a retry is the same rows under the same key.
        key = rows[0].batch
        try:
            reply = self.central.client.call(
                "POST", "/ratings", "RatingsAccepted",
                body=rating_batch([r.body for r in rows]), key=key,
            )  # fmt: skip
        except CentralError as exc:
            return self._failed(rows, exc)
        accepted = set(reply["accepted"])
        for row in rows:
            if row.record_id not in accepted:
                self.outbox.park(row.key, "not accepted by the server")
        return [r.key for r in rows if r.record_id in accepted]

    def _failed(self, rows: list[OutboxRow], exc: CentralError) -> list[str]:
        if exc.status == 410 and len(rows) == 1 and rows[0].kind == "ticket":
            self._voided(rows[0], {"detail": str(exc).removeprefix("HTTP 410 ")})
            return []
        if verdict(exc.status) is Verdict.RETRY:
            self.central.link.report("offline", str(exc))
            raise LinkDown(exc)
        for row in rows:
            log.error("outbox %s %s parked: %s", row.kind, row.record_id[:8], exc)
            self.outbox.park(row.key, str(exc))
        if any("nik" in row.body for row in rows):
            self.db.checkpoint()  # the erased NIK leaves the WAL too
        return []


def _record(row: OutboxRow) -> dict:
    """One record of a Batch, under the row's own Idempotency-Key."""
    if row.kind == "void":
        return {"kind": "void", "key": row.key, "ticket_id": row.record_id}
    return {"kind": row.kind, "key": row.key, "body": row.body}


def _chunks(rows: list[OutboxRow]) -> list[list[OutboxRow]]:
    """Batches of at most BATCH_RECORDS records and BATCH_BODY_MAX bytes of body."""
    chunks: list[list[OutboxRow]] = [[]]
    size = 0
    for row in rows:
        length = len(json.dumps(_record(row))) + 2
        if chunks[-1] and (size + length > BATCH_BODY_MAX or len(chunks[-1]) >= BATCH_RECORDS):
            chunks.append([])
            size = 0
        chunks[-1].append(row)
        size += length
    return chunks
