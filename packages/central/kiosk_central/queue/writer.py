"""One writer at a time per process on SQLite, shared by the kiosks' API and the counters.

SQLite has one writer at a time, and its busy handler polls with sleeps of up to 100 ms:
threads of one worker that queue here instead are woken the moment the writer is done, and
only the worker processes contend for the file's lock. PostgreSQL needs nothing here: its
row locks do the queueing.
"""

from __future__ import annotations

import contextlib
import threading

from django.conf import settings
from django.db import OperationalError, connection

_SQLITE_WRITER = threading.Lock()


@contextlib.contextmanager
def writer(wait_s: float | None = None):
    """``wait_s``: how long to queue for the writer (default the config's db_wait_s); then
    OperationalError."""
    if connection.vendor != "sqlite":
        yield
        return
    wait = settings.CONFIG.db_wait_s if wait_s is None else wait_s
    if not _SQLITE_WRITER.acquire(timeout=wait):
        raise OperationalError("writer busy")
    try:
        yield
    finally:
        _SQLITE_WRITER.release()
