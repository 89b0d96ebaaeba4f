"""Opening the kiosk's SQLite database: durable settings and versioned migrations.

WAL with ``synchronous=FULL``: a committed ticket survives a power cut, which on a kiosk is
an everyday event (someone pulls the plug at closing time).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.errors import StoreError

log = logging.getLogger(__name__)

# Each entry moves the schema one version up; never edit one that has shipped, add another.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE tickets (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,  -- monotonic: order by this, not time
        id            TEXT NOT NULL UNIQUE,               -- uuid4, also the idempotency key
        day           TEXT NOT NULL,                      -- office-local date, YYYY-MM-DD
        prefix        TEXT NOT NULL,
        n             INTEGER NOT NULL,
        number        TEXT NOT NULL,
        service_code  TEXT NOT NULL,
        lane          TEXT NOT NULL,
        source        TEXT NOT NULL,
        issued_at     TEXT NOT NULL,                      -- ISO 8601 with offset
        clock_synced  INTEGER NOT NULL,
        nik_last4     TEXT NOT NULL DEFAULT '',
        booking_code  TEXT NOT NULL DEFAULT '',
        print_state   TEXT NOT NULL DEFAULT 'pending',    -- pending | printed | failed
        print_error   TEXT NOT NULL DEFAULT '',
        print_count   INTEGER NOT NULL DEFAULT 0,
        UNIQUE (day, prefix, n)
    );
    CREATE INDEX tickets_day ON tickets (day, service_code);
    """,
    # v2: bookings. One ticket per booking per day, enforced by the database itself, so two
    # scans racing each other still get one number.
    """
    ALTER TABLE tickets ADD COLUMN booking_verified INTEGER NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX tickets_booking ON tickets (day, booking_code) WHERE booking_code != '';
    """,
    # v3: the outbox to the central API, and where each ticket's number came from.
    """
    CREATE TABLE outbox (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        key         TEXT NOT NULL UNIQUE,        -- Idempotency-Key, made once
        kind        TEXT NOT NULL,               -- ticket | checkin | rating
        record_id   TEXT NOT NULL,
        body        TEXT NOT NULL,               -- JSON; emptied once acknowledged (NIK gone)
        state       TEXT NOT NULL DEFAULT 'pending',  -- pending | inflight | done | parked
        attempts    INTEGER NOT NULL DEFAULT 0,
        not_before  REAL NOT NULL DEFAULT 0,     -- time.time() before which not to retry
        last_error  TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        done_at     TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX outbox_state ON outbox (state, seq);
    -- standalone | central (numbered by the central) | offline (from the kiosk's block)
    ALTER TABLE tickets ADD COLUMN origin TEXT NOT NULL DEFAULT 'standalone';
    """,
    # v4: satisfaction ratings. Every raw press is kept for audits; a rating is derived from
    # the press that counted and points back at it.
    """
    CREATE TABLE rating_presses (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        button        INTEGER NOT NULL,             -- the score the button stands for, 1-4
        pressed_at    TEXT NOT NULL,
        clock_synced  INTEGER NOT NULL,
        outcome       TEXT NOT NULL,                -- counted | in_window | stuck
        element       TEXT NOT NULL                 -- overall | U1..U9: what was on screen
    );
    CREATE TABLE ratings (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        id            TEXT NOT NULL UNIQUE,
        press_seq     INTEGER NOT NULL REFERENCES rating_presses (seq),
        value         INTEGER NOT NULL CHECK (value BETWEEN 1 AND 4),
        element       TEXT NOT NULL,
        survey_id     TEXT NOT NULL DEFAULT '',
        at            TEXT NOT NULL,
        day           TEXT NOT NULL,
        clock_synced  INTEGER NOT NULL,
        ticket_number TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX ratings_day ON ratings (day, element);
    """,
    # v5: a rating batch keeps its Idempotency-Key for good: the rows it was formed of. A
    # parked row's done_at is when it was parked (retention purges it after retention_days).
    # A void guard is state 'held', its not_before on time.monotonic(), not time.time().
    """
    ALTER TABLE outbox ADD COLUMN batch TEXT NOT NULL DEFAULT '';
    CREATE INDEX outbox_batch ON outbox (batch) WHERE batch != '';
    """,
)


class Database:
    """One connection shared by the worker threads, serialised by a lock.

    The kiosk writes a few rows a minute; one connection with a lock is simpler and safer than
    a pool, and SQLite serialises writers anyway.
    """

    def __init__(self, path: Path) -> None:
        self.path = path = Path(path)
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=10
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            # Erased NIKs are overwritten in the file, not just unlinked from the b-tree.
            self._conn.execute("PRAGMA secure_delete=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"database {path}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"database {path}: {exc.strerror or exc}") from exc

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise StoreError(
                f"database {self.path} has schema {current}, newer than this kiosk "
                f"({len(MIGRATIONS)}): install the newer version or restore a backup"
            )
        for version in range(current, len(MIGRATIONS)):
            with self.transaction() as conn:
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={version + 1}")
            log.info("database migrated to schema %d", version + 1)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def checkpoint(self) -> None:
        """Fold the WAL into the database and empty it, so erased data leaves the WAL file."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity_ok(self) -> bool:
        with self._lock:
            return self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Database {self.path} schema={self.schema_version}>"


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line.split("--", 1)[0] + ("\n" if "--" in line else "")
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
