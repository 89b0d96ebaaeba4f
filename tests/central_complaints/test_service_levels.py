"""Service levels in working days on the office's calendar, with the central's fake clock:
a complaint sent on a Friday, a Monday holiday, the alerts run by the minute timer, and the
contact details erased after closing."""

from __future__ import annotations

from datetime import date

from kiosk_central.complaints.workdays import add_working_days
from kiosk_testsupport.clocks import wib as at
from layanan_rules.opening import Holidays, OfficeCalendar, WeeklyHours
from tests.central.hours_setup import WEEK, Clock, add_holiday, set_hours
from tests.central_complaints.office import (
    act,
    base,
    complaint_id,
    open_form,
    receipt,
    signed_in,
    staff,
)


def test_working_days_skip_weekends_and_holidays():
    week = WeeklyHours.parse(WEEK)
    plain = OfficeCalendar(week)
    holiday = OfficeCalendar(week, Holidays({date(2026, 12, 7): "Cuti bersama"}))
    friday = date(2026, 12, 4)
    assert add_working_days(plain, friday, 0) == friday
    assert add_working_days(plain, friday, 1) == date(2026, 12, 7)  # Monday
    assert add_working_days(holiday, friday, 1) == date(2026, 12, 8)  # Tuesday
    assert add_working_days(holiday, friday, 3) == date(2026, 12, 10)
    closed = OfficeCalendar(WeeklyHours.parse({}))  # no opening day at all: no endless loop
    assert add_working_days(closed, friday, 1) > friday


def _overdue(webhook) -> list[tuple[str, str]]:
    return [(b["code"], b["missed"]) for b in webhook.bodies if b["event"] == "complaint_overdue"]


def test_overdue_over_a_holiday_by_the_clock(central, webhook, tmp_path, monkeypatch):
    clock = Clock(tmp_path / "now.txt", monkeypatch)
    clock.set(at(2026, 12, 4, 10, 0))  # a Friday morning
    set_hours(central)
    add_holiday(central, "2026-12-07", "Cuti bersama")  # the Monday after
    staff(central, webhook.url, first=1, resolution=3)
    central.start()
    code, _secret = receipt(open_form(central).send(anonymous="no", contact="0812345678"))

    def at_time(moment) -> list:
        clock.set(moment)
        central.cli("alerts")
        return _overdue(webhook)

    # Without the holiday it would be due on Monday evening; with it, on Tuesday evening.
    assert at_time(at(2026, 12, 7, 23, 59, 59)) == []
    assert at_time(at(2026, 12, 8, 23, 59, 59)) == []
    assert at_time(at(2026, 12, 9, 0, 0, 1)) == [(code, "first")]
    assert at_time(at(2026, 12, 9, 0, 5)) == [(code, "first")]  # once, not every minute
    officer = signed_in(central, "petugas")
    inbox = officer.get(base(central) + "/kotak-pengaduan/?late=1", timeout=30).text
    assert code in inbox and "Terlambat" in inbox
    assert "(jawaban pertama)" in inbox
    # Resolution: the third working day after Friday is Thursday.
    assert at_time(at(2026, 12, 10, 23, 59)) == [(code, "first")]
    assert at_time(at(2026, 12, 11, 0, 0, 1)) == [(code, "first"), (code, "resolution")]
    assert "sensitive" not in str(webhook.bodies) and "0812345678" not in str(_overdue(webhook))

    # Closed now (Friday 00.00.01); its contact is erased 30 days later (erase_contact_days).
    pk = complaint_id(central, code)
    act(central, officer, pk, action="reply", text="Sudah kami perbaiki.", then="closed")
    at_time(at(2027, 1, 10, 0, 0))
    assert central.query("SELECT contact FROM complaints_complaint") == [("0812345678",)]
    at_time(at(2027, 1, 10, 0, 0, 2))
    assert central.query("SELECT name, contact FROM complaints_complaint") == [("", "")]
    page = officer.get(f"{base(central)}/kotak-pengaduan/{pk}/", timeout=30).text
    assert "kontak sudah dihapus" in page and "0812345678" not in page
