"""Which days and slots a service can be booked for, and how many places each has left.

A day is bookable when the office opens on it (its weekly hours, not a holiday: the same
calendar the kiosk and the central use) and it lies in the booking window: today and the next
``window_days - 1`` days, the last of which opens at ``release_time``. A slot is a stretch of
``slot_minutes`` inside an opening period (a break is never inside one), starting before the
service's cut-off and after now. Its places: the supervisor's places per slot, or else the
service's daily booking quota spread over the day's slots (the earlier ones take the
remainder); a service with neither is not booked online.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from kiosk_central.booking.models import BookingSettings, ServiceSlots, SlotClosure, SlotTaken
from kiosk_central.queue import opening
from kiosk_central.queue.models import Office, Service
from layanan_rules.opening import Period


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    capacity: int
    taken: int
    closed: str = ""  # the supervisor's reason, when closed

    @property
    def left(self) -> int:
        return 0 if self.closed else max(0, self.capacity - self.taken)

    @property
    def key(self) -> str:
        """The slot as a form sends it: its local start, e.g. 2026-12-07T09:30."""
        return self.start.strftime("%Y-%m-%dT%H:%M")


def slot_times(periods: Iterable[Period], minutes: int, cutoff: time | None) -> list[tuple]:
    """(start, end) times of a day's slots: whole slots inside each period, none starting at or
    after the cut-off.

    >>> p = [Period(time(8), time(12)), Period(time(13), time(14, 15))]
    >>> [f"{a:%H.%M}" for a, _ in slot_times(p, 60, time(13, 30))]
    ['08.00', '09.00', '10.00', '11.00', '13.00']
    """
    found = []
    step = timedelta(minutes=max(5, minutes))
    for period in periods:
        end = datetime.combine(date.min, period.end) if period.end != time.max else None
        t = datetime.combine(date.min, period.start)
        last = end or datetime.combine(date.min + timedelta(days=1), time(0))
        while t + step <= last:
            if cutoff is not None and t.time() >= cutoff:
                return found
            found.append((t.time(), (t + step).time()))
            t += step
    return found


def spread(quota: int, slots: int) -> list[int]:
    """``quota`` places over ``slots`` slots, the earlier ones taking the remainder.

    >>> spread(10, 4)
    [3, 3, 2, 2]
    """
    if slots <= 0:
        return []
    base, extra = divmod(quota, slots)
    return [base + (1 if i < extra else 0) for i in range(slots)]


def bookable(service: Service) -> bool:
    """Whether the supervisor set places for online booking in this service."""
    has_places = ServiceSlots.objects.filter(service=service).exists()
    return service.enabled and (has_places or bool(service.quota_booking))


def _released(settings: BookingSettings, now: datetime) -> list[date]:
    """The window's days, open or not."""
    days = settings.window_days
    if now.time() < settings.release_time:
        days -= 1  # the window's last day is released later today
    return [now.date() + timedelta(days=i) for i in range(max(0, days))]


def window(office: Office, settings: BookingSettings, now: datetime) -> list[date]:
    """The days a booking may be made for now, open days only."""
    ahead = _released(settings, now)
    if not ahead:
        return []
    cal = opening.calendar(office, now.date())
    # one query for the window's holidays (a query a day was most of a release's answer)
    off = set(
        office.holidays.filter(date__gte=ahead[0], date__lte=ahead[-1]).values_list(
            "date", flat=True
        )
    )
    return [d for d in ahead if cal.periods_on(d) and d not in off]


def _holiday(office: Office, day: date) -> bool:
    # opening.calendar reads three weeks of holidays; a longer window still sees them all.
    return office.holidays.filter(date=day).exists()


def day_slots(
    office: Office,
    service: Service,
    day: date,
    now: datetime,
    settings: BookingSettings | None = None,
) -> list[Slot]:
    """The service's slots on ``day`` still ahead of ``now``, with their places."""
    settings = settings or BookingSettings.of(office)
    tz = ZoneInfo(office.time_zone)
    cal = opening.calendar(office, day)
    if _holiday(office, day):
        return []
    times = slot_times(cal.periods_on(day), settings.slot_minutes, service.last_issue)
    fixed = ServiceSlots.objects.filter(service=service).first()
    if fixed is not None:
        places = [fixed.places_per_slot] * len(times)
    elif service.quota_booking:
        places = spread(service.quota_booking, len(times))
    else:
        return []
    starts = [datetime.combine(day, a, tz) for a, _ in times]
    taken = dict(
        SlotTaken.objects.filter(service=service, start__in=starts).values_list("start", "taken")
    )
    closures = list(
        SlotClosure.objects.filter(
            Q(service=service) | Q(service__isnull=True),
            office=office,
            start__lt=datetime.combine(day + timedelta(days=1), time(0), tz),
            end__gt=datetime.combine(day, time(0), tz),
        )
    )
    slots = []
    for (_a, b), start, cap in zip(times, starts, places, strict=True):
        end = datetime.combine(day, b, tz) if b != time(0) else start + timedelta(minutes=1)
        if start <= now:
            continue
        closed = next((c.reason for c in closures if c.start < end and c.end > start), "")
        slots.append(Slot(start, end, cap, taken.get(start, 0), closed))
    return slots


def find_slot(office: Office, service: Service, key: str, now: datetime) -> Slot | None:
    """The slot a form named (its local start), if it is one of the service's open slots."""
    try:
        start = datetime.strptime(key[:16], "%Y-%m-%dT%H:%M")
    except (TypeError, ValueError):
        return None
    settings = BookingSettings.of(office)
    if start.date() not in _released(settings, now):
        return None  # a closed day or a holiday has no slots: day_slots says so
    found = day_slots(office, service, start.date(), now, settings)
    return next((s for s in found if s.key == key), None)


def closure_for(booking) -> str:
    """Why the supervisor closed the slot this booking is in, or ""."""
    if booking.slot_start is None:
        return ""
    found = SlotClosure.objects.filter(
        Q(service=booking.service) | Q(service__isnull=True),
        office_id=booking.office_id,
        start__lt=booking.slot_end or booking.slot_start,
        end__gt=booking.slot_start,
    ).first()
    return found.reason if found else ""
