"""Whether the office and each service issue numbers now, and when that next changes.

The screens ask this for what to show; the ticket store asks it again inside the transaction
that commits a number (``gate``), so two visitors tapping the last place at once cannot both
get it: the kiosk's single background worker runs one issue at a time, and the count and the
commit are one SQLite transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from kiosk.config import HoursConfig
from kiosk.domain.closures import ServiceClosed
from kiosk.domain.tickets import TicketDraft
from kiosk.errors import CentralError
from layanan_rules.opening import (
    Availability,
    OfficeCalendar,
    OfficeStatus,
    Refusal,
    ServiceRules,
    WeeklyHours,
    availability,
)
from layanan_rules.services import Lane

# The ports are interfaces, for the type checker: a cold start does not load them.
if TYPE_CHECKING:
    from kiosk.domain.ports import Clock

log = logging.getLogger(__name__)

# How many of a service's tickets in a lane the store holds for a day.
Counter = Callable[[str, str, Lane], int]


_LANES = {"regular": Lane.REGULAR, "priority": Lane.PRIORITY, "appointment": Lane.APPOINTMENT}


@dataclass(frozen=True)
class CentralView:
    """The central's last ``GET /services`` answer: each service's lanes, as it judged them
    at ``seen_at`` (this kiosk's clock)."""

    seen_at: datetime
    lanes: Mapping[tuple[str, Lane], Availability]

    @classmethod
    def parse(cls, answer: Mapping, seen_at: datetime) -> CentralView:
        """From the answer as the contract shapes it; fields a v1 central lacks mean open."""
        lanes: dict[tuple[str, Lane], Availability] = {}
        for item in answer.get("services", []):
            code = item["code"]
            given = item.get("lanes") or {}
            regular = {
                "open": item.get("open", True),
                "reason": item.get("closed_reason"),
                "remaining": None,
            }
            for name, lane in _LANES.items():
                state = given.get(name) or (regular if lane is Lane.REGULAR else None)
                if state is None:
                    continue
                reason = None if state.get("open", True) else _refusal(state.get("reason"))
                lanes[code, lane] = Availability(
                    reason,
                    remaining=state.get("remaining"),
                    next_open=_when(item.get("next_open")),
                )
        return cls(seen_at, lanes)


def _refusal(reason: object) -> Refusal:
    try:
        return Refusal(reason)
    except ValueError:  # not_offered, or a reason this kiosk does not know: closed all the same
        return Refusal.OFFICE_CLOSED


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass
class Opening:
    calendar: OfficeCalendar
    rules: Mapping[str, ServiceRules]
    clock: Clock
    count: Counter = field(default=lambda _day, _code, _lane: 0)
    configured: bool = True  # False: no [hours] (open always, as before)
    # With a central: its last answer is authoritative while younger than ``fresh_s``; older
    # (offline), the kiosk's own rules count its own tickets, and a quota the central said
    # was reached today stays reached.
    central: CentralView | None = None
    fresh_s: float = 180.0
    listeners: list[Callable[[], None]] = field(default_factory=list)
    # The day's counts as the gate last saw them (it runs in the issuing transaction): the
    # screens read these, so a redraw asks SQLite at most once per service, lane and day.
    _counted: dict[tuple[str, str, Lane], int] = field(default_factory=dict, repr=False)

    def seen(self, view: CentralView) -> None:
        """A new answer from the central (on the fetching thread): tell the screens."""
        self.central = view
        for listener in list(self.listeners):
            listener()

    def listen(self, listener: Callable[[], None]) -> None:
        if listener not in self.listeners:
            self.listeners.append(listener)

    def _central_says(self, code: str, lane: Lane, now: datetime) -> Availability | None:
        view = self.central
        if view is None or view.seen_at.date() != now.date():
            return None
        said = view.lanes.get((code, lane))
        if said is None:
            return None
        if abs((now - view.seen_at).total_seconds()) <= self.fresh_s:
            return said
        return said if said.refusal is Refusal.QUOTA_REACHED else None

    def fetch(self, ask: Callable[[], Mapping], keep: Callable[[Mapping], None]) -> None:
        """Ask the central (on a worker thread, never the UI's); keep its answer so a restart
        offline still knows it. A failed ask leaves the last answer to age."""
        try:
            answer = ask()
        except CentralError as exc:
            log.info("central services not fetched: %s", exc)
            return
        now = self.clock.now()
        self.seen(CentralView.parse(answer, now))
        keep({"seen_at": now.isoformat(), "answer": answer})

    def restore(self, kept: Mapping | None) -> None:
        """The answer kept by :meth:`fetch` before a restart; ignored when unreadable."""
        try:
            self.central = CentralView.parse(
                kept["answer"], datetime.fromisoformat(kept["seen_at"])
            )
        except (TypeError, KeyError, ValueError, AttributeError):
            return

    def judge(self, code: str, lane: Lane, now: datetime, issued: int) -> Availability:
        """The central's word when it has one for now, else this kiosk's own rules."""
        said = self._central_says(code, lane, now)
        if said is not None:
            return said
        rules = self.rules.get(code, ServiceRules())
        return availability(self.calendar, rules, lane, now, issued, lane is Lane.APPOINTMENT)

    @classmethod
    def always(cls, clock: Clock) -> Opening:
        return cls(OfficeCalendar(WeeklyHours.always()), {}, clock, configured=False)

    @classmethod
    def of(cls, hours: HoursConfig, clock: Clock) -> Opening:
        """From the config's [hours] and each service's rules; none: open always."""
        calendar = OfficeCalendar(hours.weekly or WeeklyHours.always(), hours.holidays)
        configured = hours.weekly is not None or bool(hours.rules)
        return cls(calendar, hours.rules, clock, configured=configured)

    def said_by_central(self, code: str, lane: Lane, now: datetime) -> bool:
        return self._central_says(code, lane, now) is not None

    def office(self, now: datetime | None = None) -> OfficeStatus:
        return self.calendar.status(now or self.clock.now())

    def service(
        self, code: str, lane: Lane = Lane.REGULAR, now: datetime | None = None
    ) -> Availability:
        now = now or self.clock.now()
        limited = self.rules.get(code, ServiceRules()).quota(lane) is not None
        issued = self._issued(now.date().isoformat(), code, lane) if limited else 0
        return self.judge(code, lane, now, issued)

    def _issued(self, day: str, code: str, lane: Lane) -> int:
        key = (day, code, lane)
        if key not in self._counted:
            self._counted[key] = self.count(day, code, lane)
        return self._counted[key]

    def gate(self, draft: TicketDraft, issued_today: int, judge: bool = True) -> None:
        """Raise ServiceClosed unless ``draft`` may be numbered; called by the store inside the
        transaction that counted ``issued_today``. A booking in its slot (the appointment
        lane) passes the cut-off and the walk-in quota, and counts only against its own.
        ``judge`` False: numbered by the central under its own rules; only counted here."""
        if judge:
            found = self.judge(draft.service.code, draft.lane, draft.issued_at, issued_today)
            if not found.issuing:
                raise ServiceClosed(draft.service.code, draft.lane, found)
        # Committed next in the same transaction (a rollback after this is a fault; the count
        # is taken afresh by the next gate).
        key = (draft.issued_at.date().isoformat(), draft.service.code, draft.lane)
        self._counted[key] = issued_today + 1

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


@dataclass(frozen=True)
class Today:
    """Today's hours and places left, for the technician (doctor and the technician screen)."""

    periods: str  # "08.00-12.00, 13.00-16.00", or "-" when closed all day
    open_now: bool
    places: str  # "A 37/100, A* 20/20, B 0/40 (14.30)": left/quota per service and lane

    @property
    def detail(self) -> str:
        now = "open now" if self.open_now else "closed now"
        return f"today {self.periods}; {now}; places left {self.places}"


_LANE_MARK = {Lane.REGULAR: "", Lane.PRIORITY: "*", Lane.APPOINTMENT: "@"}


def today(opening: Opening, services, now: datetime | None = None, counted: bool = True) -> Today:
    """``counted`` False: this kiosk's tickets were not counted (doctor has no database
    port), so a quota is shown as its size unless the central said what is left."""
    now = now or opening.clock.now()
    periods = ", ".join(str(p) for p in opening.calendar.periods_on(now.date())) or "-"
    places = []
    for service in services:
        rules = opening.rules.get(service.code, ServiceRules())
        for lane in Lane:
            said = opening.service(service.code, lane, now)
            quota = rules.quota(lane)
            if quota is None and said.remaining is None:
                continue
            mark = f"{service.prefix}{_LANE_MARK[lane]}"
            if said.refusal is Refusal.QUOTA_REACHED:
                places.append(f"{mark} 0" + (f"/{quota}" if quota is not None else ""))
            elif not counted and not opening.said_by_central(service.code, lane, now):
                places.append(f"{mark} max {quota}")
            else:
                left = said.remaining if said.remaining is not None else "-"
                places.append(f"{mark} {left}" + (f"/{quota}" if quota is not None else ""))
        if rules.last_issue is not None:
            places.append(f"{service.prefix} \u2264{rules.last_issue:%H.%M}")
    return Today(periods, opening.office(now).is_open, ", ".join(places) or "no quotas")
