"""When the office issues numbers: opening hours, breaks, holidays, cut-offs and daily quotas.

Plain rules over an aware local datetime, shared by the kiosk (standalone, or offline from the
central) and the central service, so both refuse the same ticket for the same reason.

A day's hours are its opening periods; a break is the gap between two periods. A service stops
issuing at its own cut-off (``last_issue``), which never reaches past the office's closing time.
Quotas count per service, per local day and per lane: walk-in (the regular lane), priority and
booking are separate, so a booked visitor within their slot is never refused because walk-ins
filled the day.

>>> hours = WeeklyHours.parse({"monday": ["08:00-12:00", "13:00-16:00"]})
>>> cal = OfficeCalendar(hours, Holidays.parse([]))
>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> wib = ZoneInfo("Asia/Jakarta")
>>> cal.status(datetime(2026, 11, 30, 12, 30, tzinfo=wib)).state
<OfficeState.BREAK: 'break'>
>>> cal.status(datetime(2026, 11, 30, 12, 30, tzinfo=wib)).next_open.strftime("%H.%M")
'13.00'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from layanan_rules.services import Lane

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PERIOD = re.compile(r"^([01]\d|2[0-3])[:.]([0-5]\d)-([01]\d|2[0-3]|24)[:.]([0-5]\d)$")
_TIME = re.compile(r"^([01]\d|2[0-3])[:.]([0-5]\d)$")
# How far ahead "opens next" looks: past a fortnight of closure the office says so itself.
_LOOKAHEAD_DAYS = 21


class HoursError(ValueError):
    """A wrong time, an overlapping break or an unknown weekday; the text names it."""


def parse_time(text: str, key: str) -> time:
    m = _TIME.match(str(text).strip()) if isinstance(text, str) else None
    if not m:
        raise HoursError(f'{key} = {text!r}: expected a time as HH:MM, e.g. "14:30"')
    return time(int(m[1]), int(m[2]))


@dataclass(frozen=True)
class Period:
    start: time
    end: time

    @classmethod
    def parse(cls, text: object, key: str) -> Period:
        m = _PERIOD.match(text.strip()) if isinstance(text, str) else None
        if not m:
            raise HoursError(
                f'{key} = {text!r}: expected a period as HH:MM-HH:MM, e.g. "08:00-12:00"'
            )
        end_h, end_m = int(m[3]), int(m[4])
        if end_h == 24 and end_m:
            raise HoursError(f"{key} = {text!r}: a period ends at 24:00 at the latest")
        start = time(int(m[1]), int(m[2]))
        end = time.max if end_h == 24 else time(end_h, end_m)
        if end <= start:
            raise HoursError(f"{key} = {text!r}: the period ends before it starts")
        return cls(start, end)

    def contains(self, t: time) -> bool:
        return self.start <= t < self.end

    def __str__(self) -> str:
        return f"{_hm(self.start)}-{'24.00' if self.end == time.max else _hm(self.end)}"


def _hm(t: time) -> str:
    # PUEBI writes clock times with a full stop: 08.00.
    return f"{t.hour:02d}.{t.minute:02d}"


@dataclass(frozen=True)
class WeeklyHours:
    """Opening periods per weekday (Monday = 0); a day without periods is closed."""

    days: tuple[tuple[Period, ...], ...]

    @classmethod
    def parse(cls, raw: Mapping[str, object], where: str = "hours") -> WeeklyHours:
        days: list[tuple[Period, ...]] = [() for _ in WEEKDAYS]
        for name, value in raw.items():
            if name not in WEEKDAYS:
                raise HoursError(
                    f"{where}.{name}: unknown weekday; expected one of {', '.join(WEEKDAYS)}"
                )
            key = f"{where}.{name}"
            if not isinstance(value, list):
                raise HoursError(
                    f'{key} = {value!r}: expected a list of periods, e.g. ["08:00-12:00"]'
                )
            periods = sorted(
                (Period.parse(v, f"{key}[{i}]") for i, v in enumerate(value)), key=lambda p: p.start
            )
            for a, b in itertools.pairwise(periods):
                if b.start < a.end:
                    raise HoursError(f"{key}: {a} and {b} overlap")
            days[WEEKDAYS.index(name)] = tuple(periods)
        return cls(tuple(days))

    @classmethod
    def always(cls) -> WeeklyHours:
        """No hours configured: open around the clock, as the kiosk behaved before hours."""
        return cls(tuple((Period(time.min, time.max),) for _ in WEEKDAYS))

    def on(self, day: date) -> tuple[Period, ...]:
        return self.days[day.weekday()]


@dataclass(frozen=True)
class Holidays:
    """Dates the office is closed, with their names (national holidays, cuti bersama)."""

    names: Mapping[date, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, rows: Iterable[object], where: str = "holidays") -> Holidays:
        names: dict[date, str] = {}
        for i, row in enumerate(rows):
            key = f"{where}[{i}]"
            if not isinstance(row, Mapping):
                raise HoursError(f'{key}: expected a table with date = 2026-12-25 and name = "..."')
            day, name = row.get("date"), row.get("name")
            if isinstance(day, datetime) or not isinstance(day, date):
                raise HoursError(
                    f"{key}.date = {day!r}: expected a date, e.g. 2026-12-25 (no quotes)"
                )
            if not isinstance(name, str) or not name.strip():
                raise HoursError(f"{key}.name = {name!r}: expected the holiday's name")
            if day in names:
                raise HoursError(f"{key}.date = {day}: listed twice")
            unknown = set(row) - {"date", "name"}
            if unknown:
                raise HoursError(f"{key}: unknown key {sorted(unknown)[0]!r}; expected date, name")
            names[day] = name.strip()
        return cls(names)

    def name_of(self, day: date) -> str | None:
        return self.names.get(day)


class OfficeState(StrEnum):
    OPEN = "open"
    BEFORE_OPENING = "before_opening"  # later today
    BREAK = "break"  # between two periods today
    AFTER_HOURS = "after_hours"  # the day's last period has ended
    CLOSED_DAY = "closed_day"  # no hours on this weekday (Sunday)
    HOLIDAY = "holiday"


@dataclass(frozen=True)
class OfficeStatus:
    state: OfficeState
    next_open: datetime | None = None  # when closed: the next period's start, if within reach
    closes_at: datetime | None = None  # when open: the end of the current period
    holiday: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state is OfficeState.OPEN


@dataclass(frozen=True)
class OfficeCalendar:
    hours: WeeklyHours
    holidays: Holidays = field(default_factory=Holidays)

    def periods_on(self, day: date) -> tuple[Period, ...]:
        return () if self.holidays.name_of(day) else self.hours.on(day)

    def status(self, now: datetime) -> OfficeStatus:
        """Where ``now`` (aware, office-local) falls in the office's week."""
        today, t = now.date(), now.time().replace(tzinfo=None)
        holiday = self.holidays.name_of(today)
        periods = self.periods_on(today)
        for p in periods:
            if p.contains(t):
                return OfficeStatus(OfficeState.OPEN, closes_at=_at(now, today, p.end))
        if holiday:
            state = OfficeState.HOLIDAY
        elif not periods:
            state = OfficeState.CLOSED_DAY
        elif t < periods[0].start:
            state = OfficeState.BEFORE_OPENING
        elif t >= periods[-1].end:
            state = OfficeState.AFTER_HOURS
        else:
            state = OfficeState.BREAK
        return OfficeStatus(state, next_open=self.next_open(now), holiday=holiday)

    def next_open(self, now: datetime) -> datetime | None:
        t = now.time().replace(tzinfo=None)
        for offset in range(_LOOKAHEAD_DAYS):
            day = now.date() + timedelta(days=offset)
            for p in self.periods_on(day):
                if offset or p.start > t:
                    return _at(now, day, p.start)
        return None

    def closing_time(self, day: date) -> time | None:
        periods = self.periods_on(day)
        return periods[-1].end if periods else None


def _at(now: datetime, day: date, t: time) -> datetime:
    return datetime.combine(day, t, tzinfo=now.tzinfo)


QUOTA_LANES = {"walk_in": Lane.REGULAR, "priority": Lane.PRIORITY, "booking": Lane.APPOINTMENT}


@dataclass(frozen=True)
class ServiceRules:
    """One service's cut-off and daily quotas; ``None`` means no limit."""

    last_issue: time | None = None
    quotas: Mapping[Lane, int] = field(default_factory=dict)

    @classmethod
    def parse(cls, last_issue: str, quota: Mapping[str, object], where: str) -> ServiceRules:
        cutoff = parse_time(last_issue, f"{where}.last_issue") if last_issue else None
        quotas: dict[Lane, int] = {}
        for name, value in quota.items():
            if name not in QUOTA_LANES:
                raise HoursError(
                    f"{where}.quota.{name}: unknown lane; expected one of {', '.join(QUOTA_LANES)}"
                )
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise HoursError(f"{where}.quota.{name} = {value!r}: expected a whole number >= 0")
            quotas[QUOTA_LANES[name]] = value
        return cls(cutoff, quotas)

    def quota(self, lane: Lane) -> int | None:
        return self.quotas.get(lane)


class Refusal(StrEnum):
    OFFICE_CLOSED = "office_closed"
    PAST_CUTOFF = "past_cutoff"
    QUOTA_REACHED = "quota_reached"


@dataclass(frozen=True)
class Availability:
    """Whether one service issues a number in one lane now, and if not why and until when."""

    refusal: Refusal | None = None
    remaining: int | None = None  # places left today in this lane, None when unlimited
    next_open: datetime | None = None
    office: OfficeStatus | None = None

    @property
    def issuing(self) -> bool:
        return self.refusal is None


def availability(
    calendar: OfficeCalendar,
    rules: ServiceRules,
    lane: Lane,
    now: datetime,
    issued_today: int,
    booking_in_slot: bool = False,
) -> Availability:
    """The one rule every ticket passes: office open, before the service's cut-off, under quota.

    ``issued_today`` counts this service's tickets in this lane today, voided ones excluded.
    A booking within its slot skips the cut-off (its slot was given by the office) but still
    counts against a booking quota when one is set.
    """
    office = calendar.status(now)
    if not office.is_open:
        return Availability(Refusal.OFFICE_CLOSED, next_open=office.next_open, office=office)
    cutoff = rules.last_issue
    if cutoff is not None and not booking_in_slot and now.time().replace(tzinfo=None) >= cutoff:
        reopen = calendar.next_open(now.replace(hour=23, minute=59, second=59))
        return Availability(Refusal.PAST_CUTOFF, next_open=reopen, office=office)
    quota = rules.quota(lane)
    if quota is None:
        return Availability(office=office)
    remaining = max(0, quota - issued_today)
    if remaining == 0:
        reopen = calendar.next_open(now.replace(hour=23, minute=59, second=59))
        return Availability(Refusal.QUOTA_REACHED, remaining=0, next_open=reopen, office=office)
    return Availability(remaining=remaining, office=office)
