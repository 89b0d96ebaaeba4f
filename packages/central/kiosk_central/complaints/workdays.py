"""Working days on an office's calendar (its weekly hours and holidays): pure, no storage."""

from __future__ import annotations

from datetime import date, timedelta

from layanan_rules.opening import OfficeCalendar

# A service level is counted in weeks, not years: a month of closed days in a row is the most
# any calendar has, and a misconfigured one (no opening day at all) must not loop forever.
MAX_SCAN_DAYS = 120


def add_working_days(cal: OfficeCalendar, start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself when ``days`` is 0)."""
    day, left = start, days
    for _ in range(MAX_SCAN_DAYS):
        if left == 0:
            return day
        day += timedelta(days=1)
        if cal.periods_on(day):
            left -= 1
    return day  # no working day for months: due at the end of the scan, said as overdue
