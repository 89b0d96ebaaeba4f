"""Opening hours, breaks, holidays, cut-offs and quotas: the rule every ticket passes."""

from datetime import date

import pytest

from kiosk_testsupport.clocks import OFFICE_WEEK as WEEK
from kiosk_testsupport.clocks import wib as at
from layanan_rules.opening import (
    Holidays,
    HoursError,
    OfficeCalendar,
    OfficeState,
    Refusal,
    ServiceRules,
    WeeklyHours,
    availability,
)
from layanan_rules.services import Lane

HOLIDAYS = Holidays.parse([{"date": date(2026, 12, 25), "name": "Hari Raya Natal"}])
CAL = OfficeCalendar(WeeklyHours.parse(WEEK), HOLIDAYS)
PASPOR = ServiceRules.parse("14:30", {"walk_in": 2, "priority": 1}, "services[0]")


# 2026-11-30 is a Monday, 2026-12-04 a Friday, 2026-12-06 a Sunday, 2026-12-25 a Friday.
@pytest.mark.parametrize(
    ("now", "state", "next_open"),
    [
        (at(2026, 11, 30, 7, 59, 59), OfficeState.BEFORE_OPENING, at(2026, 11, 30, 8, 0)),
        (at(2026, 11, 30, 8, 0), OfficeState.OPEN, None),
        (at(2026, 11, 30, 11, 59, 59), OfficeState.OPEN, None),
        (at(2026, 11, 30, 12, 0), OfficeState.BREAK, at(2026, 11, 30, 13, 0)),
        (at(2026, 11, 30, 16, 0), OfficeState.AFTER_HOURS, at(2026, 12, 1, 8, 0)),
        (at(2026, 12, 4, 11, 45), OfficeState.BREAK, at(2026, 12, 4, 13, 30)),
        (at(2026, 12, 4, 16, 15), OfficeState.OPEN, None),
        (at(2026, 12, 5, 9, 0), OfficeState.CLOSED_DAY, at(2026, 12, 7, 8, 0)),
        (at(2026, 12, 6, 23, 59, 59), OfficeState.CLOSED_DAY, at(2026, 12, 7, 8, 0)),
        (at(2026, 12, 7, 0, 0), OfficeState.BEFORE_OPENING, at(2026, 12, 7, 8, 0)),
        (at(2026, 12, 25, 9, 0), OfficeState.HOLIDAY, at(2026, 12, 28, 8, 0)),
        (at(2026, 12, 24, 16, 0), OfficeState.AFTER_HOURS, at(2026, 12, 28, 8, 0)),
    ],
)
def test_office_state_at_the_edges(now, state, next_open):
    status = CAL.status(now)
    assert status.state is state
    assert status.next_open == next_open


def test_holiday_status_names_the_holiday():
    assert CAL.status(at(2026, 12, 25, 9, 0)).holiday == "Hari Raya Natal"


def test_open_status_says_when_the_period_ends():
    assert CAL.status(at(2026, 11, 30, 9, 0)).closes_at == at(2026, 11, 30, 12, 0)


def test_cut_off_minute():
    before = availability(CAL, PASPOR, Lane.REGULAR, at(2026, 11, 30, 14, 29, 59), 0)
    on = availability(CAL, PASPOR, Lane.REGULAR, at(2026, 11, 30, 14, 30), 0)
    assert before.issuing
    assert on.refusal is Refusal.PAST_CUTOFF
    assert on.next_open == at(2026, 12, 1, 8, 0)


def test_a_booking_in_its_slot_passes_the_cut_off_but_not_a_closed_office():
    late = at(2026, 11, 30, 15, 0)
    assert availability(CAL, PASPOR, Lane.APPOINTMENT, late, 50, booking_in_slot=True).issuing
    closed = availability(CAL, PASPOR, Lane.APPOINTMENT, at(2026, 11, 30, 12, 30), 0, True)
    assert closed.refusal is Refusal.OFFICE_CLOSED


def test_quota_reached_exactly_and_per_lane():
    now = at(2026, 11, 30, 9, 0)
    assert availability(CAL, PASPOR, Lane.REGULAR, now, 1).remaining == 1
    full = availability(CAL, PASPOR, Lane.REGULAR, now, 2)
    assert full.refusal is Refusal.QUOTA_REACHED and full.remaining == 0
    # Walk-ins filling the day never refuse the priority lane or a booking.
    assert availability(CAL, PASPOR, Lane.PRIORITY, now, 0).remaining == 1
    assert availability(CAL, PASPOR, Lane.APPOINTMENT, now, 99).remaining is None


def test_no_hours_configured_means_always_open():
    cal = OfficeCalendar(WeeklyHours.always())
    assert cal.status(at(2026, 12, 6, 3, 0)).is_open
    assert cal.status(at(2026, 12, 6, 23, 59, 59)).is_open


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"monday": ["8:00-12:00"]}, "hours.monday[0] = '8:00-12:00': expected a period"),
        ({"monday": ["08:00-25:00"]}, "expected a period as HH:MM-HH:MM"),
        ({"monday": ["12:00-08:00"]}, "the period ends before it starts"),
        (
            {"monday": ["08:00-12:00", "11:00-14:00"]},
            "hours.monday: 08.00-12.00 and 11.00-14.00 overlap",
        ),
        ({"senin": ["08:00-12:00"]}, "hours.senin: unknown weekday"),
        ({"monday": "08:00-12:00"}, "expected a list of periods"),
    ],
)
def test_wrong_hours_are_named_in_one_line(raw, message):
    with pytest.raises(HoursError) as err:
        WeeklyHours.parse(raw)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"date": "2026-12-25", "name": "Natal"}], "expected a date"),
        ([{"date": date(2026, 12, 25)}], "expected the holiday's name"),
        (
            [{"date": date(2026, 12, 25), "name": "a"}, {"date": date(2026, 12, 25), "name": "b"}],
            "listed twice",
        ),
        ([{"date": date(2026, 12, 25), "name": "a", "kind": "x"}], "unknown key 'kind'"),
    ],
)
def test_wrong_holidays_are_named(rows, message):
    with pytest.raises(HoursError, match=message):
        Holidays.parse(rows)


@pytest.mark.parametrize(
    ("last_issue", "quota", "message"),
    [
        ("14.30x", {}, "services[0].last_issue = '14.30x'"),
        ("", {"walkin": 5}, "services[0].quota.walkin: unknown lane"),
        ("", {"walk_in": -1}, "expected a whole number >= 0"),
        ("", {"walk_in": True}, "expected a whole number >= 0"),
    ],
)
def test_wrong_service_rules_are_named(last_issue, quota, message):
    with pytest.raises(HoursError, match=message.replace("[", r"\[").replace(".", r"\.")):
        ServiceRules.parse(last_issue, quota, "services[0]")
