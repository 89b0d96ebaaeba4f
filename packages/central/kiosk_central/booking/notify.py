"""Messages to a visitor who left a phone number or e-mail: confirmed, moved, cancelled, a
reminder the day before, and their slot closed by the office. Each is a ``Notice`` row, POSTed
as JSON to the office's webhook (its WhatsApp/SMS/e-mail gateway) by ``kiosk-central
booking-notices`` on a timer, as the kiosk alerts are (the same POST, the same pauses): never
from the web request, which must not wait on a gateway, and never twice once delivered.

No gateway is assumed: without a webhook or a contact nothing is queued; the pages suffice.
The message carries what the gateway needs to reach the visitor and what to say; never the
NIK (not even its last digits: the code and the digits together open the booking).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as datetime_time

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from kiosk_central.booking import words
from kiosk_central.booking.models import BookingSettings, Notice
from kiosk_central.dashboard.alerts import later, post_json, try_send
from kiosk_central.queue.models import Booking, Office, now
from kiosk_central.queue.writer import writer

log = logging.getLogger("kiosk_central.booking.notices")
KINDS = ("confirmed", "moved", "cancelled", "reminder", "slot_closed")


def queue(booking: Booking, kind: str) -> bool:
    """Queue ``kind`` for ``booking``; False when there is nobody to tell or it is queued."""
    settings = BookingSettings.of(booking.office)
    if not (settings.webhook_url and booking.contact):
        return False
    key = booking.slot_start.isoformat()[:25] if booking.slot_start else ""
    try:
        with writer(), transaction.atomic():
            Notice.objects.create(booking=booking, kind=kind, key=key, created_at=now())
    except IntegrityError:
        return False
    return True


def text(booking: Booking, kind: str) -> str:
    with translation.override(booking.language or "id"):
        when = words.when_text(booking.slot_start, booking.slot_end, booking.office.time_zone)
        service = words.service_name(booking.service)
        lines = {
            "confirmed": _("Booking %(code)s confirmed: %(service)s, %(when)s."),
            "moved": _("Booking %(code)s moved: %(service)s, now %(when)s."),
            "cancelled": _("Booking %(code)s for %(service)s, %(when)s, is cancelled."),
            "reminder": _("Reminder: booking %(code)s tomorrow, %(service)s, %(when)s."),
            "slot_closed": _(
                "The office closed the time of booking %(code)s (%(when)s). Please move it to "
                "another time with the code."
            ),
        }
        return f"[{booking.office.name}] " + lines[kind] % {
            "code": booking.code,
            "service": service,
            "when": when,
        }


def message(notice: Notice) -> dict:
    b = notice.booking
    return {
        "event": f"booking_{notice.kind}",
        "office": b.office.code,
        "booking": b.code,
        "to": b.contact,
        "language": b.language,
        "service": b.service.code,
        "slot_start": b.slot_start.isoformat() if b.slot_start else None,
        "slot_end": b.slot_end.isoformat() if b.slot_end else None,
        "text": text(b, notice.kind),
    }


def remind(office: Office, at: datetime) -> int:
    """Queue tomorrow's reminders (once each: a second run finds them queued). Not for a
    booking made today: its confirmation went out a minute ago, and a second message about
    the same slot is noise the office pays for."""
    zone = office.local_now().tzinfo
    today = at.astimezone(zone).date()
    midnight = datetime.combine(today, datetime_time(0), zone)
    found = Booking.objects.filter(
        office=office, day=today + timedelta(days=1), status=Booking.Status.BOOKED
    ).filter(Q(created_at__lt=midnight) | Q(created_at__isnull=True))
    return sum(queue(b, "reminder") for b in found.exclude(contact=""))


def deliver(
    office: Office,
    at: datetime,
    send: Callable[[str, dict], None] = post_json,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send what is due, oldest first; how many were delivered."""
    url = BookingSettings.of(office).webhook_url
    pending = Notice.objects.filter(booking__office=office, sent_at__isnull=True).select_related(
        "booking__service", "booking__office"
    )
    delivered = 0
    for notice in pending.order_by("created_at", "id"):
        if not url or not notice.booking.contact:
            notice.sent_at, notice.last_error = at, "nobody to send it to"
            notice.save(update_fields=["sent_at", "last_error"])
            continue
        if notice.next_try_at and notice.next_try_at > at:
            continue
        error = try_send(url, message(notice), send, sleep)
        notice.attempts += 1
        if error:
            notice.next_try_at, notice.last_error = at + later(notice.attempts), error
            notice.save(update_fields=["attempts", "next_try_at", "last_error"])
            log.warning("booking notice %s %s: webhook: %s", notice.pk, notice.kind, error)
            break  # keep the order
        notice.sent_at, notice.next_try_at, notice.last_error = at, None, ""
        notice.save(update_fields=["attempts", "sent_at", "next_try_at", "last_error"])
        delivered += 1
    return delivered


def run(at: datetime) -> int:
    delivered = 0
    for office in Office.objects.all():
        remind(office, at)
        delivered += deliver(office, at)
    return delivered
