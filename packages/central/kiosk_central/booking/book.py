"""Booking, cancelling and moving: each one transaction that takes or gives back a place in the
slot's counter row (``SlotTaken``) together with the booking itself.

A place is taken by ``UPDATE ... SET taken = taken + 1 WHERE taken < capacity``: on
PostgreSQL the row lock orders concurrent requests and each re-reads the count it waited for;
on SQLite the transaction holds the database's write lock from BEGIN (BEGIN IMMEDIATE). Either
way the last place goes to exactly one request. A refusal after the place was taken (the same
person twice) rolls the place back with the rest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kiosk_central.booking.codes import new_code
from kiosk_central.booking.holder import Holder
from kiosk_central.booking.models import BookingSettings, NoShowMark, SlotTaken
from kiosk_central.booking.slots import Slot, closure_for
from kiosk_central.public.limits import keyed_hash
from kiosk_central.queue.models import Booking, Office, Service
from kiosk_central.queue.writer import writer

ACTIVE = (Booking.Status.BOOKED, Booking.Status.CHECKED_IN)


class BookingRefused(Exception):
    """Why not, as one sentence for the page."""


def no_show_key(holder_key: str) -> str:
    return keyed_hash(holder_key, "no-show")


def _cooling_down(office: Office, holder: Holder, today) -> None:
    mark = NoShowMark.objects.filter(
        office=office, key=no_show_key(holder.key), until__gt=today
    ).first()
    if mark is not None:
        raise BookingRefused(
            _(
                "A booking with this number was not used. Online booking is possible again "
                "from %(day)s; until then, please come to the office and take a number."
            )
            % {"day": mark.until.strftime("%d-%m-%Y")}
        )


def full(service: Service, slot: Slot) -> str:
    """Why no place can be taken in ``slot`` as the database says now, or "". A read only:
    at a release, most requests end here without a write of their own."""
    taken = SlotTaken.objects.filter(service=service, start=slot.start).values_list(
        "taken", flat=True
    )
    if slot.closed or (taken.first() or 0) >= slot.capacity:
        return _full()
    return ""


def _full() -> str:
    return _("This time is full now. Please choose another time.")


def _take(service: Service, slot: Slot) -> None:
    row, _created = SlotTaken.objects.get_or_create(service=service, start=slot.start)
    if slot.closed or not SlotTaken.objects.filter(pk=row.pk, taken__lt=slot.capacity).update(
        taken=F("taken") + 1
    ):
        raise BookingRefused(_full())


def _give_back(booking: Booking) -> None:
    SlotTaken.objects.filter(
        service_id=booking.service_id, start=booking.slot_start, taken__gt=0
    ).update(taken=F("taken") - 1)


def book(
    office: Office,
    service: Service,
    slot: Slot,
    holder: Holder,
    name: str,
    contact: str,
    language: str,
    now: datetime,
) -> Booking:
    _cooling_down(office, holder, now.date())
    day = slot.start.date()
    with writer(), transaction.atomic():
        if Booking.objects.filter(
            office=office, service=service, day=day, holder_key=holder.key, status__in=ACTIVE
        ).exists():
            raise BookingRefused(_already())
        _take(service, slot)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    return Booking.objects.create(
                        office=office,
                        code=new_code(),
                        service=service,
                        slot_start=slot.start,
                        slot_end=slot.end,
                        day=day,
                        holder_masked=_masked_name(name),
                        holder_key=holder.key,
                        holder_last4=holder.last4,
                        holder_name=name,
                        contact=contact,
                        language=language,
                        created_at=now,
                    )
            except IntegrityError:
                # The same person in a concurrent request (the partial unique index), or a
                # code drawn twice (59 bits: never, but then a new one).
                if (
                    Booking.objects.filter(
                        office=office, service=service, day=day, holder_key=holder.key
                    )
                    .filter(status__in=ACTIVE)
                    .exists()
                ):
                    raise BookingRefused(_already()) from None
        raise BookingRefused(_("Please try again."))


def _already() -> str:
    return _(
        "This number already has a booking for this service on that day. Look it up with "
        "its code to change it."
    )


def _masked_name(name: str) -> str:
    """As the kiosk may show it: the first word, then initials. "Budi Santoso" -> "BUDI S."."""
    words = name.upper().split()
    if not words:
        return ""
    return " ".join([words[0][:20], *(w[0] + "." for w in words[1:3])])


def cancel(booking: Booking) -> None:
    with writer(), transaction.atomic():
        # Its holder's key and name go at once (nothing needs them now); the last four digits
        # stay until retention, so the holder can still see that it is cancelled.
        changed = Booking.objects.filter(pk=booking.pk, status=Booking.Status.BOOKED).update(
            status=Booking.Status.CANCELLED, holder_key="", holder_name=""
        )
        if not changed:
            raise BookingRefused(_("This booking can no longer be cancelled."))
        _give_back(booking)
    booking.status = Booking.Status.CANCELLED


def move(booking: Booking, slot: Slot, now: datetime) -> None:
    """To another slot of its service (another day too): the new place is taken and the old one
    given back in one transaction. A move out of a slot the office closed is the office's doing:
    it is allowed past the limit and not counted."""
    settings = BookingSettings.of(booking.office)
    if booking.moves >= settings.max_moves and not closure_for(booking):
        raise BookingRefused(
            _(
                "This booking was moved %(n)d times already, the most allowed. Cancel it and "
                "book again."
            )
            % {"n": booking.moves}
        )
    day = slot.start.date()
    with writer(), transaction.atomic():
        current = Booking.objects.filter(pk=booking.pk, status=Booking.Status.BOOKED).first()
        counted = current is not None and not closure_for(current)
        if current is None or (counted and current.moves >= settings.max_moves):
            raise BookingRefused(_("This booking can no longer be moved."))
        if (
            day != current.day
            and Booking.objects.filter(
                office_id=current.office_id,
                service_id=current.service_id,
                day=day,
                holder_key=current.holder_key,
                status__in=ACTIVE,
            )
            .exclude(holder_key="")
            .exists()
        ):
            raise BookingRefused(_already())
        _take(current.service, slot)
        _give_back(current)
        Booking.objects.filter(pk=current.pk).update(
            slot_start=slot.start, slot_end=slot.end, day=day, moves=F("moves") + int(counted)
        )
    booking.refresh_from_db()


def starts_within(booking: Booking, now: datetime, minutes: int = 0) -> bool:
    return booking.slot_start is not None and booking.slot_start <= now + timedelta(minutes=minutes)
