"""Whether the office and each service issue numbers now, and when that next changes.

The screens ask this for what to show; the ticket store asks it again inside the transaction
that commits a number (``gate``), so two visitors tapping the last place at once cannot both
get it: the kiosk's single background worker runs one issue at a time, and the count and the
commit are one SQLite transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from kiosk.domain.i18n import format_date, format_time, tr, weekday_name
from kiosk.domain.opening import (
    Availability,
    OfficeCalendar,
    OfficeState,
    OfficeStatus,
    Refusal,
    ServiceRules,
    WeeklyHours,
    availability,
)
from kiosk.domain.ports import Clock
from kiosk.domain.services import Lane
from kiosk.domain.tickets import TicketDraft
from kiosk.errors import KioskError

# How many of a service's tickets in a lane the store holds for a day.
Counter = Callable[[str, str, Lane], int]


class ServiceClosed(KioskError):
    """A number refused by the hours, the cut-off or the quota; ``availability`` says why."""

    def __init__(self, service_code: str, lane: Lane, found: Availability) -> None:
        super().__init__(f"service {service_code} lane {lane} closed: {found.refusal}")
        self.service_code = service_code
        self.lane = lane
        self.availability = found


@dataclass
class Opening:
    calendar: OfficeCalendar
    rules: Mapping[str, ServiceRules]
    clock: Clock
    count: Counter = field(default=lambda _day, _code, _lane: 0)
    configured: bool = True  # False: no [hours] (open always, as before)

    @classmethod
    def always(cls, clock: Clock) -> Opening:
        return cls(OfficeCalendar(WeeklyHours.always()), {}, clock, configured=False)

    def office(self, now: datetime | None = None) -> OfficeStatus:
        return self.calendar.status(now or self.clock.now())

    def service(
        self, code: str, lane: Lane = Lane.REGULAR, now: datetime | None = None
    ) -> Availability:
        now = now or self.clock.now()
        rules = self.rules.get(code, ServiceRules())
        limited = rules.quota(lane) is not None
        issued = self.count(now.date().isoformat(), code, lane) if limited else 0
        return availability(self.calendar, rules, lane, now, issued, lane is Lane.APPOINTMENT)

    def gate(self, draft: TicketDraft, issued_today: int) -> None:
        """Raise ServiceClosed unless ``draft`` may be numbered; called by the store inside the
        transaction that counted ``issued_today``. A booking in its slot (the appointment
        lane) passes the cut-off and the walk-in quota, and counts only against its own."""
        rules = self.rules.get(draft.service.code, ServiceRules())
        found = availability(
            self.calendar,
            rules,
            draft.lane,
            draft.issued_at,
            issued_today,
            booking_in_slot=draft.lane is Lane.APPOINTMENT,
        )
        if not found.issuing:
            raise ServiceClosed(draft.service.code, draft.lane, found)

    def next_change(self, now: datetime | None = None) -> datetime:
        """The next minute at which what the kiosk shows may change without a touch: a period
        starts or ends, a service's cut-off, midnight. Never later than midnight."""
        now = now or self.clock.now()
        today = now.date()
        times: set[time] = set()
        for p in self.calendar.periods_on(today):
            times.update((p.start, p.end))
        times.update(r.last_issue for r in self.rules.values() if r.last_issue is not None)
        t = now.time().replace(tzinfo=None)
        later = sorted(x for x in times if x > t and x != time.max)
        if later:
            return datetime.combine(today, later[0], tzinfo=now.tzinfo)
        return datetime.combine(today + timedelta(days=1), time.min, tzinfo=now.tzinfo)


def _opens(when: datetime | None, now: datetime, lang: str, tz: str) -> str:
    if when is None:
        return tr("hours.opens_unknown", lang)
    at = format_time(when, lang)
    if when.date() == now.date():
        return tr("hours.opens_today", lang, time=at, tz=tz)
    day = weekday_name(when.date(), lang)
    if (when.date() - now.date()).days > 6:
        day = format_date(when.date(), lang)
    return tr("hours.opens", lang, day=day, time=at, tz=tz)


def office_message(status: OfficeStatus, now: datetime, lang: str, tz: str) -> tuple[str, str]:
    """(headline, when it opens next) for a closed office; ("", "") when open."""
    if status.is_open:
        return "", ""
    if status.holiday:
        head = tr("hours.closed_holiday", lang, name=status.holiday)
    elif status.state is OfficeState.BREAK:
        head = tr("hours.break", lang)
    else:
        head = tr("hours.closed", lang)
    return head, _opens(status.next_open, now, lang, tz)


def service_message(found: Availability, rules: ServiceRules, now: datetime, lang: str, tz: str):
    """Why a service issues no number now, and what to do; "" when it does."""
    if found.refusal is Refusal.QUOTA_REACHED:
        return tr("hours.quota_reached", lang)
    if found.refusal is Refusal.PAST_CUTOFF and rules.last_issue is not None:
        opens = _opens(found.next_open, now, lang, tz)
        return tr("hours.past_cutoff", lang, time=format_time(rules.last_issue, lang), opens=opens)
    if found.refusal is not None:
        return tr("hours.service_closed", lang)
    return ""


def card_message(found: Availability, rules: ServiceRules, lang: str) -> str:
    """The same, in the two lines a service's card has room for."""
    if found.refusal is Refusal.QUOTA_REACHED:
        return tr("hours.card_quota", lang)
    if found.refusal is Refusal.PAST_CUTOFF and rules.last_issue is not None:
        return tr("hours.card_cutoff", lang, time=format_time(rules.last_issue, lang))
    return tr("hours.service_closed", lang) if found.refusal is not None else ""
