"""Space set aside on the state directory's disk, given up the moment the disk fills.

A full disk must not turn a visitor away: SQLite needs a few pages to commit a ticket. The
kiosk keeps ``disk-reserve`` (RESERVE_BYTES of allocated blocks) in its state directory; when
a commit fails for lack of space, the file is deleted and the commit tried once more. The
technician is told at once (the "storage" fault: one log line, the live status, doctor). The
poll makes the reserve again once the disk has room for it and as much again, which clears the
fault; issuing itself never waits for that: it goes on whenever SQLite can write.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kiosk.domain.faults import FaultLatch
from kiosk.errors import StoreError

log = logging.getLogger(__name__)

RESERVE_NAME = "disk-reserve"
RESERVE_BYTES = 8 * 1024 * 1024  # a few thousand tickets' worth of pages
FULL = "disk_full"
T = TypeVar("T")


class DiskFull(StoreError):
    """The disk is full and the reserve is spent: nothing was committed."""


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


class DiskReserve:
    def __init__(self, state_dir: Path, size: int = RESERVE_BYTES) -> None:
        self.path = Path(state_dir) / RESERVE_NAME
        self.size = size
        self.health = FaultLatch("storage", log)

    def ensure(self) -> bool:
        """Make the reserve if it is missing and the disk has room for it twice over (the
        poll's job, and the start's); True when it is in place."""
        try:
            if self.path.is_file() and self.path.stat().st_size >= self.size:
                self.health.report(None)
                return True
            disk = os.statvfs(self.path.parent)
            if disk.f_bavail * disk.f_frsize < 2 * self.size:
                return False
            partial = self.path.with_name(RESERVE_NAME + ".new")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                # Blocks allocated, not a sparse file: deleting it frees real space.
                os.posix_fallocate(fd, 0, self.size)
                os.fsync(fd)
            finally:
                os.close(fd)
            partial.replace(self.path)
        except OSError as exc:
            self.path.with_name(RESERVE_NAME + ".new").unlink(missing_ok=True)
            log.debug("disk reserve not made: %s", exc)
            return False
        self.health.report(None)
        return True

    def release(self) -> bool:
        """Give the reserve's space back; True if there was a reserve to give."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        self.health.report(
            FULL, "the state directory's disk is full; tickets are issued from the reserve"
        )
        return True

    def write(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """``fn`` (one transaction), tried once more from the reserve if the disk is full.
        Raises DiskFull when even that fails: the transaction was rolled back, so no number
        was given out."""
        try:
            return fn(*args, **kwargs)
        except (sqlite3.OperationalError, OSError) as exc:
            if not is_disk_full(exc) or not self.release():
                if is_disk_full(exc):
                    raise self._spent() from None
                raise
        try:
            return fn(*args, **kwargs)
        except (sqlite3.OperationalError, OSError) as exc:
            if is_disk_full(exc):
                raise self._spent() from None
            raise

    def _spent(self) -> DiskFull:
        self.health.report(FULL, "the state directory's disk is full and the reserve is spent")
        return DiskFull("the state directory's disk is full: free space on it")
