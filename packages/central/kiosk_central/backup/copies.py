"""The backup files: their names, their privacy, their encryption, their rotation, and the
state of the last run that the dashboard and the alerts read.

A backup holds every NIK the central still keeps and every complaint's contact: its folder is
0700 and each file 0600 whatever the umask, and with ``backup_key_file`` set each file is
encrypted (``openssl enc``, AES-256 with a key derived by PBKDF2) so a copy on a share or a
stolen disk is useless without the key the office keeps elsewhere.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

NAME = re.compile(r"^central-(\d{8}T\d{6}Z)\.(sqlite3|pgdump)(\.gz)?(\.enc)?$")
STAMP = "%Y%m%dT%H%M%SZ"
STATE_FILE = "backup-state.json"
RECENT = timedelta(hours=2)  # every copy (the timer's 15 minutes) this far back
OPENSSL = ("openssl", "enc", "-aes-256-cbc", "-pbkdf2", "-iter", "200000", "-md", "sha256")


class BackupError(Exception):
    """One line for the technician: what failed and what to do."""


@dataclass(frozen=True)
class Copy:
    path: Path
    taken_at: datetime
    kind: str  # "sqlite3" or "pgdump"
    encrypted: bool
    compressed: bool = False


def parse(path: Path) -> Copy | None:
    match = NAME.match(path.name)
    if match is None:
        return None
    taken = datetime.strptime(match[1], STAMP).replace(tzinfo=UTC)
    return Copy(path, taken, match[2], bool(match[4]), bool(match[3]))


def name_for(taken_at: datetime, kind: str, encrypted: bool, compressed: bool = False) -> str:
    stamp = taken_at.astimezone(UTC).strftime(STAMP)
    return f"central-{stamp}.{kind}" + (".gz" if compressed else "") + (".enc" if encrypted else "")


def gzip_file(source: Path, target: Path, decompress: bool = False) -> None:
    """Streamed: a SQLite copy shrinks to about a third (README "Backups": measured); a
    pg_dump is compressed already."""
    packer = functools.partial(gzip.GzipFile, compresslevel=6)
    reader, writer = (gzip.GzipFile, open) if decompress else (open, packer)
    try:
        with reader(source, "rb") as src, writer(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    except (OSError, EOFError, zlib.error) as exc:
        if not decompress:
            raise
        how = "cut short" if isinstance(exc, EOFError) else "its compressed data is corrupt"
        raise BackupError(f"{source.name}: damaged ({how})") from None


def private_dir(path: Path) -> Path:
    """Made 0700 (a mounted share that cannot take modes is refused by the check after)."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    if path.stat().st_mode & 0o077:
        raise BackupError(f"{path}: others can read it and its mode cannot be changed")
    return path


def private_temp(directory: Path, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=".partial-", suffix=suffix, dir=private_dir(directory))
    os.close(fd)  # mkstemp makes it 0600
    return Path(name)


def copies(directory: Path) -> list[Copy]:
    """The backups in ``directory``, oldest first; other files are not ours to judge."""
    if not directory.is_dir():
        return []
    found = [c for c in (parse(p) for p in directory.iterdir()) if c is not None]
    return sorted(found, key=lambda c: c.taken_at)


def to_remove(found: list[Copy], now: datetime, keep_hours: int, keep_days: int) -> list[Copy]:
    """Every backup of the last ``RECENT``; the last of each hour for ``keep_hours``; the last
    of each (UTC) day for ``keep_days``; the newest always, whatever its age (a central stopped
    for a month still has its last backup). With the defaults: about 80 copies."""
    keep: set[Path] = {found[-1].path} if found else set()
    last_of: dict = {}
    for c in found:
        age = now - c.taken_at
        if age <= RECENT:
            keep.add(c.path)
        if age <= timedelta(hours=keep_hours):
            last_of[("hour", c.taken_at.replace(minute=0, second=0))] = c.path
        if age <= timedelta(days=keep_days):
            last_of[("day", c.taken_at.date())] = c.path
    keep.update(last_of.values())
    return [c for c in found if c.path not in keep]


def key_file(path: str) -> Path | None:
    if not path:
        return None
    key = Path(path)
    try:
        mode = key.stat().st_mode
        if not key.read_bytes().strip():
            raise BackupError(f"central.backup_key_file {path}: the key is empty")
    except OSError as exc:
        raise BackupError(f"central.backup_key_file {path}: cannot read: {exc.strerror}") from None
    if mode & 0o077:
        raise BackupError(f"central.backup_key_file {path}: others can read it (chmod 600)")
    return key


def crypt(source: Path, target: Path, key: Path, decrypt: bool = False) -> None:
    """Streamed through openssl: a year's database never sits in this process's memory."""
    args = [*OPENSSL, "-d" if decrypt else "-e", "-pass", f"file:{key}"]
    args += ["-in", str(source), "-out", str(target)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        what = "decrypt (wrong key, or not an encrypted backup)" if decrypt else "encrypt"
        raise BackupError(f"{source.name}: cannot {what}")


def write_state(state_dir: Path, **state: object) -> None:
    path = state_dir / STATE_FILE
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(state, default=str))
    os.replace(temp, path)


def read_state(state_dir: Path) -> dict:
    try:
        state = json.loads((state_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}
