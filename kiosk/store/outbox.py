"""The durable outbox: explicit states, claimed in batches, acknowledged one by one.

pending -> inflight (claimed by the sync worker) -> done (acknowledged; body emptied)
                                                 -> pending again (retry later)
                                                 -> parked (refused by the server: for a person)
A crash leaves rows inflight; :meth:`Outbox.recover` puts them back to pending at start, and the
idempotency key makes the resend harmless.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime

from kiosk.domain.outbox import OutboxEntry, OutboxRow
from kiosk.store.database import Database


def add_entries(
    conn: sqlite3.Connection, entries: list[OutboxEntry], not_before: float = 0.0
) -> None:
    """Inside the caller's transaction: the record and its outbox rows commit together."""
    now = datetime.now(UTC).isoformat()
    conn.executemany(
        "INSERT INTO outbox (key, kind, record_id, body, created_at, not_before) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(e.key, e.kind, e.record_id, json.dumps(e.body), now, not_before) for e in entries],
    )


class Outbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, entries: list[OutboxEntry]) -> None:
        with self._db.transaction() as conn:
            add_entries(conn, entries)

    def recover(self) -> int:
        """At start: whatever a crash left in flight goes back to pending, due now."""
        with self._db.transaction() as conn:
            cur = conn.execute(
                "UPDATE outbox SET state = 'pending', not_before = 0 WHERE state = 'inflight'"
            )
            return cur.rowcount

    def claim(self, limit: int, kinds: tuple[str, ...] | None = None) -> list[OutboxRow]:
        now = time.time()
        where, params = "state = 'pending' AND not_before <= ?", [now]
        if kinds:
            where += f" AND kind IN ({','.join('?' * len(kinds))})"
            params += list(kinds)
        with self._db.transaction() as conn:
            rows = conn.execute(
                f"SELECT * FROM outbox WHERE {where} ORDER BY seq LIMIT ?", (*params, limit)
            ).fetchall()
            conn.executemany(
                "UPDATE outbox SET state = 'inflight', attempts = attempts + 1 WHERE seq = ?",
                [(r["seq"],) for r in rows],
            )
        return [
            OutboxRow(r["seq"], r["key"], r["kind"], r["record_id"], json.loads(r["body"]),
                      r["attempts"] + 1)
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
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'pending', last_error = ?, not_before = ? WHERE key = ?",
                (error[:200], time.time() + delay_s, key),
            )

    def park(self, key: str, error: str) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'parked', last_error = ? WHERE key = ?",
                (error[:200], key),
            )

    def counts(self) -> dict[str, int]:
        rows = self._db.query("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        counts = {"pending": 0, "inflight": 0, "done": 0, "parked": 0}
        counts.update({state: n for state, n in rows})
        return counts

    def parked(self) -> list[tuple[str, str, str]]:
        """(kind, record id, error) of every parked row, for the technician."""
        rows = self._db.query(
            "SELECT kind, record_id, last_error FROM outbox WHERE state = 'parked' ORDER BY seq"
        )
        return [tuple(r) for r in rows]
