"""The online bookings of a period as the dashboard's report and exports show them, and today's
per slot on the live page: the rows read cheaply (two queries, plain values, no model
instances) for the pure tables in ``kiosk_central.reports.bookings``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q, Sum

from kiosk_central.dashboard.adapter import local_bounds
from kiosk_central.queue.models import Booking, CheckIn, Office
from kiosk_central.queue.models import now as clock
from kiosk_central.reports.bookings import BookingRecord, slot_table_of, tables_of
from kiosk_central.reports.tables import Table

# Up to a month the slot table is per day and slot; a longer period per slot of the day.
PER_DAY_UP_TO = 31


def _in(office: Office, first: date, last: date):
    start, end = local_bounds(first, last, ZoneInfo(office.time_zone))
    return Booking.objects.filter(
        office=office, slot_start__gte=start, slot_start__lt=end, slot_end__isnull=False
    )


def records(office: Office, first: date, last: date) -> list[BookingRecord]:
    tz = ZoneInfo(office.time_zone)
    rows = list(
        _in(office, first, last).values_list(
            "code", "slot_start", "slot_end", "status", "moves", "service__name_id",
            "service__name_en",
        )
    )  # fmt: skip
    if not rows:
        return []
    # A check-in is at the kiosk, a day early at most (a booking moved after it is not):
    # the first one per code, from the period widened by a day each side.
    start, end = local_bounds(first - timedelta(days=1), last + timedelta(days=1), tz)
    arrived: dict[str, datetime] = {}
    for code, at in (
        CheckIn.objects.filter(office=office, at__gte=start, at__lt=end)
        .order_by("-at")
        .values_list("booking_code", "at")
    ):
        arrived[code] = at
    found = []
    for code, slot_start, slot_end, status, moves, name_id, name_en in rows:
        local = slot_start.astimezone(tz)
        found.append(
            BookingRecord(
                day=local.date(),
                slot=local.strftime("%H:%M"),
                slot_start=slot_start,
                slot_end=slot_end,
                service=(name_id, name_en),
                status=status,
                moved=bool(moves),
                arrived_at=arrived.get(code),
            )
        )
    return found


def _tolerance(office: Office) -> timedelta:
    return timedelta(minutes=office.late_tolerance_minutes)


def tables(office: Office, first: date, last: date) -> list[Table]:
    """The period report's "Reservasi online" section (its page, CSV and XLSX)."""
    per_day = (last - first).days < PER_DAY_UP_TO
    return tables_of(records(office, first, last), clock(), _tolerance(office), per_day)


def fingerprint(office: Office, first: date, last: date) -> tuple:
    """Changes whenever the section's tables would (a cache key's part): a booking made,
    cancelled, moved or checked in, and while the period is not over, the passing of time
    (a slot becomes a no-show once its tolerance has passed: every five minutes)."""
    found = _in(office, first, last).aggregate(
        n=Count("id"),
        last=Max("id"),
        cancelled=Count("id", filter=Q(status=Booking.Status.CANCELLED)),
        moves=Sum("moves"),
    )
    checked = CheckIn.objects.filter(office=office).aggregate(n=Count("id"))["n"]
    now = office.local_now()
    ticking = (now.hour, now.minute // 5) if last >= now.date() else None
    return (*found.values(), checked, office.late_tolerance_minutes, now.date(), ticking)


def today_table(office: Office) -> Table | None:
    """The live page's panel: today's bookings per slot so far; None without any."""
    today = office.local_now().date()
    found = records(office, today, today)
    if not found:
        return None
    return slot_table_of(found, clock(), _tolerance(office), name="bookings_today")


def expected_now(office: Office, service_ids: list[int]) -> int:
    """Booked visitors of these services in the slot under way, not yet arrived nor gone."""
    now = clock()
    return Booking.objects.filter(
        office=office,
        service_id__in=service_ids,
        slot_start__lte=now,
        slot_end__gt=now,
        status=Booking.Status.BOOKED,
    ).count()
