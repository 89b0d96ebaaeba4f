"""Booking check-in without a screen: trust in standalone, slots, one number per booking a day."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from kiosk.domain.bookings import (
    Booking,
    BookingNotFound,
    CentralUnavailable,
    SlotPolicy,
    Timing,
    TrustingQueue,
)
from kiosk.domain.scan import ScanRules
from kiosk.usecases.checkin_flow import BookingRules, CheckInFlow, ScanCallbacks
from layanan_rules.services import Lane
from tests.conftest import Recorder


class Central:
    """A CentralQueue with answers set by the test."""

    def __init__(self, answer):
        self.answer = answer
        self.asked: list[str] = []

    def lookup_booking(self, code):
        self.asked.append(code)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class ScanRecorder:
    def __init__(self):
        self.events: list[tuple] = []
        self.done = threading.Event()

    def _add(self, *event):
        self.events.append(event)
        self.done.set()

    def callbacks(self):
        return ScanCallbacks(
            unrecognised=lambda: self._add("unrecognised"),
            nik=lambda nik: self._add("nik", nik.masked),
            booking=lambda b, timing: self._add("booking", b.code, b.verified, timing),
            not_found=lambda: self._add("not_found"),
            already_checked_in=lambda t: self._add("again", t.number),
        )


@pytest.fixture
def flow(parts, clock):
    def make(central=None, rules=None):
        bookings = BookingRules(rules or ScanRules(), SlotPolicy(30, 15), central, clock)
        return CheckInFlow(parts.desk, parts.flow._background, bookings)

    return make


def scan(flow, data: bytes):
    recorder = ScanRecorder()
    flow.scanned(data, recorder.callbacks())
    assert recorder.done.wait(5)
    return recorder.events[-1]


def take(flow, service_code):
    recorder = Recorder()
    flow.take_ticket(service_code, recorder.callbacks())
    assert recorder.done.wait(5)
    return recorder.events


def test_standalone_takes_the_code_on_trust_in_the_appointment_lane(flow, parts):
    f = flow(TrustingQueue())
    assert scan(f, b"MP-2026-00042\r\n".strip()) == ("booking", "MP-2026-00042", False, "unknown")
    assert f.lane == Lane.APPOINTMENT and f.booking.code == "MP-2026-00042"
    events = take(f, "paspor_baru")
    assert events[0] == ("issued", "A-001")
    [row] = parts.db.query("SELECT lane, source, booking_code, booking_verified FROM tickets")
    assert tuple(row) == ("appointment", "booking", "MP-2026-00042", 0)


def test_the_same_booking_twice_a_day_gets_the_same_number(flow, parts, clock):
    f = flow(TrustingQueue())
    scan(f, b"MP-2026-00042")
    take(f, "paspor_baru")
    f.reset()
    assert scan(f, b"MP-2026-00042") == ("again", "A-001")
    assert parts.db.query("SELECT COUNT(*) FROM tickets")[0][0] == 1
    clock.moment += timedelta(days=1)  # tomorrow it is a new check-in
    assert scan(f, b"MP-2026-00042")[0] == "booking"


def test_a_race_between_two_scans_still_gives_one_ticket(flow, parts):
    f = flow(TrustingQueue())
    scan(f, b"MP-2026-00042")
    booking = f.booking
    first = parts.desk.issue("paspor_baru", Lane.APPOINTMENT, booking=booking)
    second = parts.desk.issue("penggantian", Lane.APPOINTMENT, booking=booking)
    assert first.id == second.id and first.number == second.number


def test_verified_booking_with_its_slot(flow, clock):
    start = clock.now() + timedelta(minutes=10)
    booking = Booking(
        "MP2026X1", "penggantian", start, start + timedelta(minutes=30), "BUDI S***", True
    )
    central = Central(booking)
    assert scan(flow(central), b"https://antrian.example/b/MP2026X1") == (
        "booking",
        "MP2026X1",
        True,
        Timing.ON_TIME,
    )
    assert central.asked == ["MP2026X1"]


@pytest.mark.parametrize(("offset_min", "timing"), [(120, Timing.EARLY), (-120, Timing.LATE)])
def test_early_or_late(flow, clock, offset_min, timing):
    start = clock.now() + timedelta(minutes=offset_min)
    f = flow(Central(Booking("MP2026X1", "penggantian", start, start + timedelta(minutes=30))))
    assert scan(f, b"MP2026X1")[3] == timing
    f.as_walk_in()
    assert f.booking is None and f.lane == Lane.REGULAR


def test_unknown_booking_and_offline_central(flow):
    assert scan(flow(Central(BookingNotFound())), b"MP2026X1") == ("not_found",)
    # The central API not answering never turns a visitor away.
    assert scan(flow(Central(CentralUnavailable())), b"MP2026X1")[:3] == (
        "booking",
        "MP2026X1",
        False,
    )


def test_garbage_is_refused_and_logged_without_the_payload(flow, caplog):
    f = flow(TrustingQueue())
    assert scan(f, b"\x1b]0;pwned\x07") == ("unrecognised",)
    assert "pwned" not in caplog.text
    assert "scan refused: reason=control_chars length=10" in caplog.text


def test_a_nik_qr_when_enabled_goes_to_service_choice(flow):
    f = flow(TrustingQueue(), ScanRules(accept_nik=True))
    event = scan(f, b"1701054101900001")
    assert event == ("nik", f.nik.masked) and f.nik.last4 == "0001"


def test_no_scan_is_taken_while_a_ticket_is_on_its_way(flow):
    f = flow(TrustingQueue())
    f.busy = True
    recorder = ScanRecorder()
    f.scanned(b"MP2026X1", recorder.callbacks())
    assert recorder.events == []


def test_a_dashed_nik_or_one_in_a_url_is_never_kept_as_a_booking_code(flow, parts, caplog):
    f = flow(TrustingQueue())
    for data in (b"1701-0541-0190-0001", b"https://antrian.example/booking/1701054101900001"):
        assert scan(f, data) == ("unrecognised",)  # the visitor: "code not recognised"
    assert "scan refused: reason=nik_in_code" in caplog.text
    assert "1701054101900001" not in caplog.text and "0190-0001" not in caplog.text
    f = flow(TrustingQueue(), ScanRules(accept_nik=True))
    assert scan(f, b"https://antrian.example/b?code=1701054101900001")[0] == "nik"
    assert f.booking is None and f.nik.last4 == "0001"
    take(f, "paspor_baru")
    [row] = parts.db.query("SELECT booking_code, nik_last4 FROM tickets")
    assert tuple(row) == ("", "0001")
