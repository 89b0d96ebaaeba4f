"""The booking KPIs against a count made by hand: seven bookings over two slots of one day and
one slot of the next, two services, seen at 09:20 on the second day (tolerance 15 minutes)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk_central.reports.bookings import BookingRecord, counts, tables_of

WIB = ZoneInfo("Asia/Jakarta")
TOL = timedelta(minutes=15)
PASPOR = ("Paspor baru", "New passport")
ITAS = ("Izin tinggal", "Residence permit")


def _at(day: int, hm: str) -> datetime:
    h, m = map(int, hm.split(":"))
    return datetime(2026, 12, day, h, m, tzinfo=WIB)


def _b(day, slot, service, status, moved=False, arrived=None) -> BookingRecord:
    start = _at(day, slot)
    return BookingRecord(
        day=date(2026, 12, day),
        slot=slot,
        slot_start=start,
        slot_end=start + timedelta(minutes=30),
        service=service,
        status=status,
        moved=moved,
        arrived_at=_at(day, arrived) if arrived else None,
    )


RECORDS = [
    # 1 Dec 08:00 (slot ends 08:30)
    _b(1, "08:00", PASPOR, "checked_in", arrived="07:50"),  # arrived early
    _b(1, "08:00", PASPOR, "checked_in", moved=True, arrived="08:10"),  # arrived, moved
    _b(1, "08:00", ITAS, "no_show"),  # no-show (marked by retention)
    _b(1, "08:00", ITAS, "cancelled", moved=True),  # cancelled: not booked, not moved
    # 1 Dec 08:30 (slot ends 09:00)
    _b(1, "08:30", PASPOR, "checked_in", arrived="09:05"),  # arrived late
    # 2 Dec 09:00 (ends 09:30; +15 min = 09:45 > now 09:20): not yet judged
    _b(2, "09:00", PASPOR, "booked"),  # pending, neither arrived nor no-show
    _b(2, "09:00", ITAS, "booked", moved=True),  # pending, moved
]
NOW = _at(2, "09:20")


def test_per_slot_by_hand():
    slots, _services = tables_of(RECORDS, NOW, TOL)
    # columns: day, slot, booked, cancelled, moved, arrived, early, late, no_show, share
    assert list(slots.rows) == [
        # 08:00: booked #1 #2 #3 = 3; cancelled #4 = 1; moved #2 = 1 (#4 cancelled); arrived
        # #1 #2 = 2, early #1 = 1, late 0; no-show #3 = 1; share 2 / (2 + 1)
        ("2026-12-01", "08:00", 3, 1, 1, 2, 1, 0, 1, 2 / 3),
        # 08:30: #5 booked, arrived at 09:05 after the end 09:00 -> late; share 1/1
        ("2026-12-01", "08:30", 1, 0, 0, 1, 0, 1, 0, 1.0),
        # 2 Dec 09:00: #6 #7 booked, #7 moved, none judged yet -> no share
        ("2026-12-02", "09:00", 2, 0, 1, 0, 0, 0, 0, None),
        # total: booked 3+1+2 = 6, cancelled 1, moved 1+0+1 = 2, arrived 3, early 1, late 1,
        # no-show 1, share 3 / (3 + 1) = 0.75
        ("Total", "", 6, 1, 2, 3, 1, 1, 1, 0.75),
    ]
    assert slots.columns[-1].show(2 / 3, "id") == "66,7%"  # the decimal comma


def test_per_service_by_hand():
    _slots, services = tables_of(RECORDS, NOW, TOL)
    assert list(services.rows) == [
        # Izin tinggal: #3 no-show, #4 cancelled (moved, not counted), #7 pending moved:
        # booked 2, cancelled 1, moved 1, arrived 0, no-show 1, share 0 / 1
        ("Izin tinggal", "Residence permit", 2, 1, 1, 0, 0, 0, 1, 0.0),
        # Paspor baru: #1 early, #2 moved, #5 late, #6 pending: booked 4, moved 1, arrived 3
        ("Paspor baru", "New passport", 4, 0, 1, 3, 1, 1, 0, 1.0),
        ("Total", "Total", 6, 1, 2, 3, 1, 1, 1, 0.75),
    ]


def test_a_slot_is_a_no_show_only_after_its_tolerance():
    pending = RECORDS[5]  # 2 Dec 09:00-09:30, still "booked"
    assert counts([pending], _at(2, "09:44"), TOL).no_show == 0  # 09:30 + 15 min not reached
    assert counts([pending], _at(2, "09:45"), TOL).no_show == 1


def test_an_empty_period_is_a_sentence():
    (only,) = tables_of([], NOW, TOL)
    assert only.rows == (
        ("Tidak ada reservasi online pada periode ini. · No online bookings in this period.",),
    )


@pytest.mark.parametrize("record", RECORDS)
def test_each_record_is_counted_once(record):
    c = counts([record], NOW, TOL)
    assert c.booked + c.cancelled == 1
    assert c.arrived + c.no_show <= c.booked


def test_a_long_period_per_slot_of_the_day():
    slots, _services = tables_of(RECORDS, NOW, TOL, per_day=False)
    span = "2026-12-01 – 2026-12-02"
    # 08:00 and 08:30 as per day (one day each); 09:00 likewise; the total unchanged
    assert [r[:3] for r in slots.rows] == [
        (span, "08:00", 3),
        (span, "08:30", 1),
        (span, "09:00", 2),
        ("Total", "", 6),
    ]
