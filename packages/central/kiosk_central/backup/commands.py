"""``kiosk-central backup`` and ``kiosk-central restore FILE``.

backup: a consistent copy of the running database, checked, encrypted if the office set a key,
named by its time, kept by the rotation; its outcome is written where the dashboard and the
alerts read it.

restore: refuses a damaged or foreign file and runs only with the server stopped; keeps the
current database aside, puts the copy in place, brings its schema up to date, starts a new
generation (the heartbeat tells the kiosks, which send again what the copy missed, and the
central numbers nothing new until they have, at most ``restore_hold_minutes``), and says what
it did and which period of the central's own records (counter calls, bookings made on the
central) is lost.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection

from kiosk_central.backup import copies, engines
from kiosk_central.backup.copies import BackupError, Copy


def _engine() -> str:
    return "sqlite3" if connection.vendor == "sqlite" else "pgdump"


def _db() -> dict:
    return settings.DATABASES["default"]


def backup(now: datetime | None = None) -> Copy:
    """One backup; raises BackupError (the state file then says failed)."""
    config = settings.CONFIG
    now = now or datetime.now(UTC)
    try:
        made = _backup(config, now)
    except BackupError as exc:
        copies.write_state(settings.STATE_DIR, ok=False, at=now.isoformat(), error=str(exc))
        raise
    except OSError as exc:
        error = f"{exc.filename or config.backup_path}: {exc.strerror or exc}"
        copies.write_state(settings.STATE_DIR, ok=False, at=now.isoformat(), error=error)
        raise BackupError(error) from None
    copies.write_state(
        settings.STATE_DIR,
        ok=True,
        at=now.isoformat(),
        file=made.path.name,
        bytes=made.path.stat().st_size,
    )
    return made


def _backup(config, now: datetime) -> Copy:
    key = copies.key_file(config.backup_key_file)
    kind = _engine()
    folder = copies.private_dir(config.backup_path)
    # The plain copy is made beside the live database (same disk, same privacy), then
    # compressed (SQLite) and encrypted onto the backup disk: no unencrypted copy reaches a share.
    plain = copies.private_temp(settings.STATE_DIR / "backup-work", f".{kind}")
    packed = plain
    try:
        if kind == "sqlite3":
            engines.sqlite_copy(Path(_db()["NAME"]), plain)
            engines.sqlite_check(plain)
        else:
            engines.pg_copy(_db(), plain)
            engines.pg_check(plain)
        compress = kind == "sqlite3"
        final = folder / copies.name_for(now, kind, key is not None, compress)
        if compress:
            packed = copies.private_temp(settings.STATE_DIR / "backup-work", ".gz")
            copies.gzip_file(plain, packed)
        partial = copies.private_temp(folder, ".partial")
        if key is not None:
            copies.crypt(packed, partial, key)
        else:
            shutil.copyfile(packed, partial)
        partial.replace(final)
    finally:
        for temp in {plain, packed}:
            temp.unlink(missing_ok=True)
    for old in copies.to_remove(
        copies.copies(folder), now, config.backup_keep_hours, config.backup_keep_days
    ):
        old.path.unlink(missing_ok=True)
    return copies.parse(final)


def _server_answers(config) -> bool:
    host = "127.0.0.1" if config.host in ("0.0.0.0", "") else config.host
    with contextlib.suppress(OSError), socket.create_connection((host, config.port), timeout=1):
        return True
    return False


def _plain(found: Copy, key_path: str) -> tuple[Path, list[Path]]:
    """The backup as a plain file to check and restore from (decrypted and decompressed into
    private temporary files, returned second to delete afterwards)."""
    temps: list[Path] = []
    work = settings.STATE_DIR / "backup-work"
    current = found.path
    try:
        if found.encrypted:
            key = copies.key_file(key_path)
            if key is None:
                raise BackupError(
                    f"{found.path.name}: encrypted: set central.backup_key_file to its key"
                )
            temps.append(copies.private_temp(work, ".dec"))
            copies.crypt(current, temps[-1], key, decrypt=True)
            current = temps[-1]
        if found.compressed:
            temps.append(copies.private_temp(work, f".{found.kind}"))
            copies.gzip_file(current, temps[-1], decompress=True)
            current = temps[-1]
    except BackupError:
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise
    return current, temps


def restore(file: str, now: datetime | None = None, force_office: bool = False) -> list[str]:
    """Restore ``file``; returns the lines that say what was done. Raises BackupError."""
    config = settings.CONFIG
    now = now or datetime.now(UTC)
    path = Path(file)
    if not path.is_file():
        raise BackupError(f"{file}: no such file")
    found = copies.parse(path)
    if found is None:
        raise BackupError(f"{path.name}: not a backup's name (central-YYYYMMDDTHHMMSSZ.*)")
    if found.kind != _engine():
        raise BackupError(f"{path.name}: a {found.kind} backup; this central runs {_engine()}")
    if _server_answers(config):
        raise BackupError(
            f"the central answers on port {config.port}: stop it first "
            "(systemctl stop kiosk-central), then restore, then start it"
        )
    plain, temps = _plain(found, config.backup_key_file)
    try:
        info = (engines.sqlite_check if found.kind == "sqlite3" else engines.pg_check)(plain)
        current = _current_offices()
        foreign = current and "offices" in info and not set(current) & set(info["offices"])
        if foreign and not force_office:
            raise BackupError(
                f"{path.name}: a backup of office {', '.join(info['offices']) or '(none)'}, "
                f"not of {', '.join(current)} (--other-office to restore it anyway)"
            )
        stamp = now.strftime(copies.STAMP)
        if found.kind == "sqlite3":
            db = Path(_db()["NAME"])
            aside = db.with_name(f"{db.name}.before-restore-{stamp}")
            connection.close()
            engines.sqlite_restore(db, plain, aside)
            kept = f"{aside} (rm it"
        else:
            kept = f"before_restore_{stamp.lower()}"
            with connection.cursor() as cursor:
                engines.pg_restore(_db(), plain, kept, cursor)
            connection.close()
            kept = f'schema {kept} of database {_db()["NAME"]} (DROP SCHEMA "{kept}" CASCADE'
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    return _after_restore(found, kept, now, config)


def _current_offices() -> list[str]:
    from django.db.utils import DatabaseError

    try:
        with connection.cursor() as cursor:
            # A new server's default office, with no ticket yet, is nothing to protect.
            cursor.execute(
                "SELECT code FROM queue_office WHERE EXISTS (SELECT 1 FROM queue_ticket)"
            )
            return sorted(r[0] for r in cursor.fetchall())
    except DatabaseError:
        return []  # no database yet (a new server): nothing to protect
    finally:
        connection.close()


def _after_restore(found: Copy, kept: str, now: datetime, config) -> list[str]:
    from django.core.management import call_command
    from django.db.models import Max

    from kiosk_central.backup.generation import start_after_restore
    from kiosk_central.queue.models import Ticket, TicketEvent

    call_command("migrate", interactive=False, verbosity=0)
    # The copy's newest record, or when it was taken if nothing happened after its last one.
    newest = max(
        t
        for t in (
            Ticket.objects.aggregate(m=Max("received_at"))["m"],
            TicketEvent.objects.aggregate(m=Max("at"))["m"],
            found.taken_at,
        )
        if t is not None
    )
    generation = start_after_restore(newest, now, timedelta(minutes=config.restore_hold_minutes))
    local = settings.TIME_ZONE

    def show(moment: datetime) -> str:
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo(local)).strftime("%Y-%m-%d %H:%M:%S %Z")

    lines = [
        f"restored {found.path.name} (taken {show(found.taken_at)})",
        f"the database as it was is kept aside: {kept} once the office is satisfied: "
        "it holds personal data)",
        f"lost on the central itself: what was recorded there from {show(newest)} to "
        f"{show(now)} (counter calls, bookings and complaints made on the central); "
        "kiosks send again the tickets, check-ins and ratings of that period",
        f"new generation {generation.id}: central numbers wait until every kiosk has resent "
        f"(at most until {show(generation.hold_until)})"
        if generation.hold_until
        else f"new generation {generation.id}",
    ]
    return lines
