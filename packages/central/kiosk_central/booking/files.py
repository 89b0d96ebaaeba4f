"""A booking's QR (the plain code: the form the kiosk's scanner accepts, whatever hosts the
kiosk allows) as SVG, and its calendar file (.ics)."""

from __future__ import annotations

import io
from datetime import timedelta

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from kiosk_central.booking import words
from kiosk_central.queue.models import Booking


def qr_svg(code: str) -> bytes:
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind="svg", scale=6, border=2)
    return out.getvalue()


def calendar_file(booking: Booking) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Layanan Kiosk//Reservasi//ID")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"{booking.code}@{booking.office.code}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.slot_start)
    event.add("dtend", booking.slot_end or booking.slot_start)
    event.add("summary", f"{words.service_name(booking.service)} · {booking.office.name}")
    event.add(
        "description",
        _(
            "Booking code %(code)s. Scan its QR at the kiosk when you arrive; bring your KTP "
            "or passport."
        )
        % {"code": booking.code},
    )
    event.add("location", booking.office.name)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{booking.code}")
    alarm.add("trigger", -timedelta(hours=2))
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()
