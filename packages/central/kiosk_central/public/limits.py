"""Attempts per client per window: ``allow(limit, who)`` counts one attempt and says whether it
is within ``limit``. A fixed window (the current hour, say) in one database row per client,
so the count is shared by every worker and survives a restart.

``who`` is an address or a NIK; only its keyed hash (HMAC with the server's secret) is stored,
so the table says nothing about who visited, and its rows are deleted a day after their window.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from kiosk_central.public.models import Attempts
from kiosk_central.queue.models import now
from kiosk_central.queue.writer import writer

KEEP = timedelta(days=1)
PURGE_EVERY_S = 60.0


class NowAndThen:
    """True at most once per ``seconds`` in this process. Expired rows are purged now and
    then, not inside every counted attempt: at a release each new client's first attempt
    deleted again what had just been deleted, while holding the database's writer."""

    def __init__(self, seconds: float = PURGE_EVERY_S) -> None:
        self.seconds = seconds
        self.last = -seconds
        self.lock = threading.Lock()

    def __call__(self) -> bool:
        with self.lock:
            t = time.monotonic()
            if t - self.last < self.seconds:
                return False
            self.last = t
            return True


_purge_due = NowAndThen()


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts per ``per`` in ``scope`` (a short name: "book-ip", ...)."""

    scope: str
    count: int
    per: timedelta

    def window(self, at: datetime) -> datetime:
        seconds = int(self.per.total_seconds())
        return datetime.fromtimestamp(int(at.timestamp()) // seconds * seconds, tz=at.tzinfo)


def keyed_hash(text: str, purpose: str) -> str:
    """An HMAC of ``text`` with the server's secret: the same for the same text, useless to
    anyone without the secret (a NIK has too few possible values to hide behind a plain hash)."""
    key = hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def allow(limit: Limit, who: str) -> bool:
    """Count one attempt by ``who``; False when it is over the limit (it is counted anyway:
    hammering a closed door keeps it closed). OperationalError when the database's writer
    stays busy past the request's deadline."""
    key = keyed_hash(who, "limit")
    at = now()
    window = limit.window(at)
    rows = Attempts.objects.filter(scope=limit.scope, key=key, window=window)
    with writer(), transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    Attempts.objects.create(scope=limit.scope, key=key, window=window, count=1)
            except IntegrityError:  # another request made the row first: count on it
                rows.update(count=F("count") + 1)
            else:
                if _purge_due():
                    Attempts.objects.filter(window__lt=at - KEEP).delete()
        count = rows.values_list("count", flat=True).first() or 0
    return count <= limit.count


def within(limit: Limit, who: str) -> bool:
    """Whether ``who`` still has attempts left, without counting one."""
    key = keyed_hash(who, "limit")
    rows = Attempts.objects.filter(scope=limit.scope, key=key, window=limit.window(now()))
    return (rows.values_list("count", flat=True).first() or 0) < limit.count
