"""A booking's private link, ``/reservasi/k/<token>/``: shown once, on the confirmation page
that follows the booking, and from then on a way into the booking's page without its code and
the last four digits (a bookmark, a message to oneself).

The token is 256 random bits (``secrets.token_urlsafe``); the database keeps only its SHA-256,
so neither a copy of the database nor a backup opens a booking. A plain hash is enough: unlike
a NIK or a typed secret there is nothing to guess from it. The token is never logged
(kiosk_central.public.logs hides it from the central's log lines; the nginx site logs no
request under /reservasi/k/) and the page sends no Referer onward."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from kiosk_central.booking.models import BookingLink
from kiosk_central.queue.models import Booking

TOKEN = re.compile(r"[A-Za-z0-9_-]{40,50}")  # token_urlsafe(32): 43 characters


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make(booking: Booking, now: datetime) -> str:
    """A new link to ``booking``: its token, to be shown once and never again."""
    token = secrets.token_urlsafe(32)
    BookingLink.objects.create(booking=booking, token_hash=token_hash(token), created=now)
    return token


def booking_of(token: str) -> Booking | None:
    if not TOKEN.fullmatch(token or ""):
        return None
    found = BookingLink.objects.filter(token_hash=token_hash(token)).select_related(
        "booking__service", "booking__office"
    )
    link = found.first()
    return link.booking if link is not None else None
