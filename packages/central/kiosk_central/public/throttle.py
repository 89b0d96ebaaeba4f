"""At most ``PUBLIC_CONCURRENCY`` public requests per process use the database at once; the
rest wait their turn here, up to the public pages' deadline, then get a "busy, try again" page.

At a release moment hundreds of phones ask at once. Without this every one of the process's
threads would open its own database connection (PostgreSQL refuses past max_connections, and
the kiosks' and counters' requests would find none left) and the threads would fight over the
GIL and SQLite's writer. A public request also gives its PostgreSQL connection back when done,
so the threads that served a crowd do not each keep one open.
"""

from __future__ import annotations

import logging
import threading
from functools import cache, wraps

from django.conf import settings
from django.db import OperationalError, connection
from django.shortcuts import render

log = logging.getLogger(__name__)


@cache
def _turns() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(settings.PUBLIC_CONCURRENCY)


def deadline_s() -> float:
    return 2 * settings.CONFIG.db_wait_s


def busy(request, office=None):
    """The page for a request that could not have its turn in time (no database needed)."""
    page = render(request, "public/busy.html", {"office": office}, status=503)
    page["Retry-After"] = "5"
    return page


def throttled(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _turns().acquire(timeout=deadline_s()):
            log.warning("public: no turn within %.0f s, answered busy", deadline_s())
            return busy(request)
        try:
            return view(request, *args, **kwargs)
        except OperationalError:
            log.warning("public: the database stayed busy past the deadline")
            return busy(request)
        finally:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                connection.close()
            _turns().release()

    return wrapper
