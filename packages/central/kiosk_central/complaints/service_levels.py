"""Service levels in working days, on the office's own calendar: its weekly hours (a weekday
it does not open is not a working day) and its holidays (national days and collective leave).

A complaint received on day D is due by the end of the N-th working day after D: received on
a Friday afternoon with one working day to answer, it is due Monday evening, or Tuesday
evening when Monday is a holiday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk_central.complaints.models import Complaint, ComplaintSettings, State
from kiosk_central.complaints.workdays import MAX_SCAN_DAYS, add_working_days
from kiosk_central.queue.models import Holiday, Office, weekly_hours
from layanan_rules.opening import Holidays, OfficeCalendar


def calendar(office: Office, first: date, last: date) -> OfficeCalendar:
    names = dict(
        Holiday.objects.filter(office=office, date__gte=first, date__lte=last).values_list(
            "date", "name"
        )
    )
    return OfficeCalendar(weekly_hours(office.hours), Holidays(names))


@dataclass(frozen=True)
class Due:
    first_answer: datetime
    resolution: datetime


def due(complaint: Complaint, rules: ComplaintSettings, cal: OfficeCalendar) -> Due:
    tz = ZoneInfo(complaint.office.time_zone)
    received = complaint.received_at.astimezone(tz).date()

    def end_of(days: int) -> datetime:
        last = add_working_days(cal, received, days)
        return datetime.combine(last + timedelta(days=1), time(0), tz)

    return Due(end_of(rules.first_answer_days), end_of(rules.resolution_days))


def span(office: Office, complaints) -> tuple[date, date]:
    """The days a calendar must cover to judge ``complaints``."""
    tz = ZoneInfo(office.time_zone)
    days = [c.received_at.astimezone(tz).date() for c in complaints]
    first = min(days, default=office.local_now().date())
    return first, max(days, default=first) + timedelta(days=MAX_SCAN_DAYS)


def overdue(complaint: Complaint, when: Due, now: datetime) -> list[str]:
    """Which service levels ``complaint`` has missed and still misses at ``now``."""
    still_open = complaint.state in (State.NEW, State.IN_PROGRESS)
    missed = []
    if still_open and complaint.first_answer_at is None and now >= when.first_answer:
        missed.append("first")
    if still_open and complaint.resolved_at is None and now >= when.resolution:
        missed.append("resolution")
    return missed
