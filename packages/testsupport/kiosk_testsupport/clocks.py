"""Clocks, calendars and the office's time zone for tests: defined once, used by every test that
sets the time by hand (libfaketime breaks Python 3.11, so the clock is handed in)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")

# An office's week: a midday break, and on Friday the longer one around Friday prayers, as
# Indonesian offices keep; closed at the weekend.
OFFICE_WEEK = {
    "monday": ["08:00-12:00", "13:00-16:00"],
    "tuesday": ["08:00-12:00", "13:00-16:00"],
    "wednesday": ["08:00-12:00", "13:00-16:00"],
    "thursday": ["08:00-12:00", "13:00-16:00"],
    "friday": ["08:00-11:30", "13:30-16:30"],
}
# Open around the clock, every day: for tests about something other than the hours.
ALWAYS_OPEN = {
    day: ["00:00-24:00"]
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}


def wib(y: int, mo: int, d: int, h: int, mi: int, s: int = 0) -> datetime:
    """A moment on the office's clock (Western Indonesian Time)."""
    return datetime(y, mo, d, h, mi, s, tzinfo=WIB)


def office_minute(day: date, minute: float) -> datetime:
    """``minute`` minutes after 08.00 WIB (the office opens) on ``day``."""
    return datetime(day.year, day.month, day.day, 8, tzinfo=WIB) + timedelta(minutes=minute)


class SetClock:
    """The kiosk's Clock port at a time the test sets (and moves, through ``at``)."""

    def __init__(self, now: datetime) -> None:
        self.at = now

    def now(self) -> datetime:
        return self.at

    def is_synced(self) -> bool:
        return True
