"""What a booking keeps of its holder is erased with the tickets' NIKs (UU 27/2022): the day
after the visit a booking still "booked" is a no-show, counted for the office's cool-down by a
keyed hash of the holder's key (never the number), and ``nik_retention_days`` after its day the
hash, the last four digits, the name, the contact and the private link are erased. A mark is
deleted when its cool-down ends. Run by the same retention pass as the tickets (``purge-niks``
and the server's hourly thread)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F

from kiosk_central.booking.book import no_show_key
from kiosk_central.booking.models import BookingLink, BookingSettings, NoShowMark
from kiosk_central.queue.models import Booking, Office


def mark_no_shows(office: Office, today: date) -> int:
    cooldown = BookingSettings.of(office).no_show_cooldown_days
    missed = Booking.objects.filter(office=office, day__lt=today, status=Booking.Status.BOOKED)
    marked = 0
    for b in missed.exclude(holder_key=""):
        if cooldown:
            until = b.day + timedelta(days=cooldown)
            mark, made = NoShowMark.objects.get_or_create(
                office=office, key=no_show_key(b.holder_key), defaults={"until": until}
            )
            if not made:
                NoShowMark.objects.filter(pk=mark.pk).update(
                    count=F("count") + 1, until=max(mark.until, until)
                )
        marked += 1
    missed.update(status=Booking.Status.NO_SHOW)
    return marked


def forget_holders(office: Office) -> int:
    """Erase what the office's bookings keep of their holders once retention has passed; how
    many bookings were erased."""
    today = office.local_now().date()
    cutoff = today - timedelta(days=office.nik_retention_days)
    with transaction.atomic():
        mark_no_shows(office, today)
        NoShowMark.objects.filter(office=office, until__lte=today).delete()
        # A private link opens what the code and the last four digits open: it goes with them.
        BookingLink.objects.filter(booking__office=office, booking__day__lt=cutoff).delete()
        return (
            Booking.objects.filter(office=office, day__lt=cutoff, created_at__isnull=False)
            .exclude(holder_key="", holder_last4="", holder_name="", contact="")
            .update(holder_key="", holder_last4="", holder_name="", holder_masked="", contact="")
        )
