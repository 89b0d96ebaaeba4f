"""What the reports are computed from: plain records, filled by the central from its events.

The central keeps every action as an event (issued, called, recalled, transferred, done,
no-show); one ``TicketHistory`` is what those events say about one ticket, and one
``RatingRecord`` is one counted rating a kiosk sent. Times are timezone-aware datetimes; the
reports convert them to the office's zone for days and hours of the day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Source(StrEnum):
    NIK = "nik"  # checked in with a NIK at the kiosk
    BOOKING = "booking"  # a booking code (M-Paspor QR) scanned
    WALK_IN = "walk_in"  # a number without either


class Lane(StrEnum):
    REGULAR = "regular"
    PRIORITY = "priority"
    BOOKING = "booking"


SOURCE_LABELS = {
    Source.NIK: ("NIK", "NIK"),
    Source.BOOKING: ("Booking", "Booking"),
    Source.WALK_IN: ("Tanpa NIK", "Walk-in"),
}
LANE_LABELS = {
    Lane.REGULAR: ("Reguler", "Regular"),
    Lane.PRIORITY: ("Prioritas", "Priority"),
    Lane.BOOKING: ("Janji temu", "Appointment"),
}


@dataclass(frozen=True)
class TicketHistory:
    number: str  # "A-007"
    service: str  # the service's code or name as the report shows it
    source: Source
    lane: Lane
    issued_at: datetime
    first_called_at: datetime | None = None  # None: never called
    # the call the visitor answered (the last before done); service time runs from it
    answered_call_at: datetime | None = None
    done_at: datetime | None = None
    counter: str | None = None  # the counter that served it (or last called it)
    staff: str | None = None
    no_show: bool = False
    kiosk_id: str | None = None
    # Issue to first call: what the visitor waited (None: never called).
    wait_s: float | None = field(init=False, repr=False, compare=False)
    # The answered call to done: how long the counter served the visitor (none for a no-show).
    service_s: float | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        times = [self.issued_at, self.first_called_at, self.answered_call_at, self.done_at]
        if any(t is not None and t.tzinfo is None for t in times):
            raise ValueError(f"{self.number}: times must carry their zone")
        if self.first_called_at is not None and self.first_called_at < self.issued_at:
            raise ValueError(f"{self.number}: called before it was issued")
        if self.done_at is not None and self.first_called_at is None:
            raise ValueError(f"{self.number}: done without a call")

        # Computed once here, not as cached properties: every table of a report reads them,
        # over 100,000 tickets for a year, and functools.cached_property takes a lock per read.
        wait = None
        if self.first_called_at is not None:
            wait = (self.first_called_at - self.issued_at).total_seconds()
        service = None
        if self.done_at is not None and not self.no_show:
            start = self.answered_call_at or self.first_called_at
            service = max(0.0, (self.done_at - start).total_seconds())
        object.__setattr__(self, "wait_s", wait)
        object.__setattr__(self, "service_s", service)


@dataclass(frozen=True)
class RatingRecord:
    kiosk_id: str
    at: datetime
    element: str  # "overall" (the exit question) or "U1".."U9"
    value: int  # 1-4
    # one visitor's survey, when the kiosk links its nine answers (see survey.respondents)
    respondent: str | None = None
