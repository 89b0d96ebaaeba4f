"""A consistent copy of the live database, its check, and putting one back, per engine.

SQLite: the online backup API (``Connection.backup``) copies the file inside one read
transaction: in WAL mode writers go on meanwhile and the copy is the database as of one
instant. Checked with ``PRAGMA integrity_check`` and for the central's own tables.

PostgreSQL: ``pg_dump`` in its custom format (one snapshot, compressed), of the ``public``
schema only (the schemas a restore keeps aside are not copied again). Checked with
``pg_restore --list`` for the central's own tables, then read whole. A restore renames
``public`` aside and makes it again with ``pg_restore``: no CREATEDB right needed, and one
statement puts the old one back if anything fails.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from kiosk_central.backup.copies import BackupError

SQLITE_MAGIC = b"SQLite format 3\x00"
# Without these it is not a central's database, whatever else it holds.
OWN_TABLES = ("django_migrations", "queue_office", "queue_ticket", "backup_generation")
DUMP_TIMEOUT_S = 3600


def _tables_missing(names: set[str]) -> list[str]:
    return [t for t in OWN_TABLES if t not in names]


# --- SQLite ------------------------------------------------------------------------------------
def sqlite_copy(db: Path, target: Path) -> None:
    source = sqlite3.connect(db, timeout=30)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{db}: cannot copy: {exc}") from None
    finally:
        source.close()


def sqlite_check(path: Path) -> dict:
    """What a restore needs to know of the copy: its office codes and its newest record; a
    corrupt or foreign file is refused with the reason."""
    with open(path, "rb") as f:
        if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path.name}: not a SQLite database")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchall()
            if verdict != [("ok",)]:
                raise BackupError(f"{path.name}: damaged ({verdict[0][0][:120]})")
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            missing = _tables_missing(names)
            if missing:
                raise BackupError(f"{path.name}: not a central's database (no {missing[0]})")
            offices = sorted(r[0] for r in conn.execute("SELECT code FROM queue_office"))
            newest = conn.execute(
                "SELECT MAX(m) FROM (SELECT MAX(received_at) m FROM queue_ticket "
                "UNION ALL SELECT MAX(at) FROM queue_ticketevent)"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name}: damaged ({exc})") from None
    return {"offices": offices, "newest": _sqlite_time(newest)}


def _sqlite_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def sqlite_restore(db: Path, plain: Path, aside: Path) -> None:
    """The current database (folded, with nothing left in its WAL) moves to ``aside``; the
    checked copy takes its place. Anything failing puts the current one back."""
    if db.exists():
        conn = sqlite3.connect(db, timeout=30)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        os.replace(db, aside)
        os.chmod(aside, 0o600)
        for extra in ("-wal", "-shm"):
            Path(f"{db}{extra}").unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
        target = sqlite3.connect(db)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
            source.close()
        os.chmod(db, 0o600)
    except (sqlite3.Error, OSError) as exc:
        db.unlink(missing_ok=True)
        if aside.exists():
            os.replace(aside, db)
        raise BackupError(
            f"{db}: cannot restore: {exc}; the current database is unchanged"
        ) from None


# --- PostgreSQL --------------------------------------------------------------------------------
def pg_env(settings: dict) -> dict[str, str]:
    env = {**os.environ}
    pairs = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": settings.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({k: str(v) for k, v in pairs.items() if v})
    return env


def _run(args: list[str], env: dict, what: str) -> str:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed (Debian: apt-get install postgresql-client)")
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=DUMP_TIMEOUT_S)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["no output"]
        raise BackupError(f"{what}: {lines[0][:200]}")
    return result.stdout


def pg_copy(settings: dict, target: Path) -> None:
    _run(
        ["pg_dump", "--format=custom", "--schema=public", "--no-owner", "-f", str(target)],
        pg_env(settings),
        "pg_dump",
    )


def pg_check(path: Path) -> dict:
    with open(path, "rb") as f:
        if f.read(5) != b"PGDMP":
            raise BackupError(f"{path.name}: not a pg_dump custom-format file")
    listing = _run(["pg_restore", "--list", str(path)], {**os.environ}, f"{path.name}: damaged")
    names = {
        line.split()[-2]
        for line in listing.splitlines()
        if " TABLE public " in line and not line.startswith(";")
    }
    missing = _tables_missing(names)
    if missing:
        raise BackupError(f"{path.name}: not a central's database (no {missing[0]})")
    # The listing reads only the table of contents at the start: every table's data is read
    # (and decompressed) to the end, so a truncated or damaged copy is refused here.
    _run(["pg_restore", "--file", os.devnull, str(path)], {**os.environ}, f"{path.name}: damaged")
    return {}


def pg_restore(settings: dict, plain: Path, aside: str, cursor) -> None:
    """``public`` is renamed ``aside`` and made again from the copy (which creates it, being
    a dump of that schema); on failure, put back."""
    cursor.execute(f'ALTER SCHEMA public RENAME TO "{aside}"')
    try:
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--dbname", settings["NAME"], str(plain)],
            pg_env(settings),
            "pg_restore",
        )  # fmt: skip
    except BackupError:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute(f'ALTER SCHEMA "{aside}" RENAME TO public')
        raise
