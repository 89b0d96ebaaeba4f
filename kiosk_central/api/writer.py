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
def writer():
    if connection.vendor != "sqlite":
        yield
        return
    if not _SQLITE_WRITER.acquire(timeout=settings.CONFIG.db_wait_s):
        raise OperationalError("writer busy")
    try:
        yield
    finally:
        _SQLITE_WRITER.release()
