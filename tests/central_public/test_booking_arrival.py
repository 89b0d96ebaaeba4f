"""Arrival: a booking made on the public page a minute ago is checked in at the kiosk through
the kiosk's real parts (its serial scanner reader on a pty, its check-in flow, its central
client and sync worker) against the real central; the counter calls it first in its slot and
shows the booking's name and last four digits beside the number. Offline, the kiosk accepts the
code unverified (the office's choice), as for any booking."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from kiosk.domain.bookings import SlotPolicy
from kiosk.domain.scan import ScanRules
from kiosk.hardware.scanner import SerialScanner
from kiosk.usecases.background import Background
from kiosk.usecases.checkin_flow import BookingRules, CheckInFlow, ScanCallbacks
from layanan_rules.services import Lane
from tests.central.kiosk_side import RealClock, drain, make_kiosk
from tests.central.web import PASSWORD
from tests.central.web import Office as StaffOffice
from tests.central_public.office import Visitor, booked_code, nik, prepare, slot_keys
from tests.conftest import Recorder
from tests.test_scanner_pty import FakePort, wait_until


class Scans:
    def __init__(self) -> None:
        self.seen: list = []
        self.event = threading.Event()

    def callbacks(self) -> ScanCallbacks:
        def note(kind):
            return lambda *a: (self.seen.append((kind, *a)), self.event.set())

        return ScanCallbacks(
            unrecognised=note("unrecognised"),
            nik=note("nik"),
            booking=note("booking"),
            not_found=note("not_found"),
            already_checked_in=note("again"),
        )


def _flow(kiosk, central_queue) -> tuple[CheckInFlow, Background]:
    background = Background(post=lambda fn: fn())
    rules = BookingRules(ScanRules(), SlotPolicy(), central_queue, RealClock())
    return CheckInFlow(kiosk.desk, background, rules), background


@pytest.fixture
def office(central, monkeypatch):
    token = central.register("kiosk-01")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    central.cli("createsuperuser", "--username", "loket1", "--noinput")
    base = prepare(central, always_open=True)
    return SimpleNamespace(c=central, base=base, token=token)


def _arrives_now(central, code: str) -> None:
    """The visitor's slot comes: the booking's times moved to the present (the counter, the
    kiosk and the central each read the real clock)."""
    start = datetime.now(UTC) - timedelta(minutes=5)
    end = start + timedelta(minutes=30)
    central.query(
        "UPDATE queue_booking SET slot_start = ?, slot_end = ? WHERE code = ? RETURNING id",
        start.isoformat(sep=" ") if not central.database_url else start,
        end.isoformat(sep=" ") if not central.database_url else end,
        code,
    )


def test_booked_on_the_page_checked_in_by_the_kiosks_scanner_called_first(office, tmp_path):
    slot = slot_keys(office.base, "penggantian")[0]
    made = Visitor(office.base).book("penggantian", slot, nik(42), name="Budi Santoso")
    code = booked_code(made)
    assert code, made.text[-800:]

    kiosk = make_kiosk(tmp_path / "k.sqlite3", office.c.url, office.token, "kiosk-01", 800)
    walk_in = kiosk.desk.issue("penggantian", Lane.REGULAR, None, None)  # waiting before
    flow, background = _flow(kiosk, kiosk.central)
    scans = Scans()
    _arrives_now(office.c, code)
    port = FakePort(tmp_path / "scanner")
    reader = SerialScanner(
        str(port.link),
        lambda payload: flow.scanned(payload, scans.callbacks()),
        read_timeout_s=0.05,
        frame_timeout_s=0.3,
        retry_s=0.05,
    )
    reader.start()
    try:
        assert reader.wait_open(5)
        port.send(code.encode() + b"\r\n")
        assert scans.event.wait(10), scans.seen
        [(kind, booking, _timing)] = scans.seen
        assert kind == "booking" and booking.verified
        assert booking.service_code == "penggantian" and booking.holder_masked == "BUDI S."
        recorder = Recorder()
        assert flow.take_ticket("penggantian", recorder.callbacks())
        assert recorder.done.wait(10), recorder.events
    finally:
        reader.stop()
        background.shutdown()
        port.unplug()
    drain(kiosk)
    [(lane, booking_code)] = office.c.query(
        "SELECT lane, booking_code FROM queue_ticket WHERE booking_code <> ''"
    )
    assert (lane, booking_code) == ("appointment", code)
    [(status,)] = office.c.query("SELECT status FROM queue_booking WHERE code = ?", code)
    assert status == "checked_in"

    # The counter: the booked visitor, in their slot, before the walk-in who came earlier;
    # beside the number the name and last four digits to match the KTP.
    staff = StaffOffice.session(SimpleNamespace(base=office.base), "loket1", 1)
    said = StaffOffice.act(SimpleNamespace(base=office.base), staff, "call_next")
    assert walk_in.number not in said
    panel = staff.get(office.base + "/loket/panel", timeout=10).text
    assert "Budi Santoso" in panel and "•••• <strong>0042</strong>" in panel, (said, panel[:1500])
    assert nik(42) not in panel


def test_offline_the_kiosk_accepts_the_code_unverified(office, tmp_path):
    slot = slot_keys(office.base, "penggantian")[0]
    code = booked_code(Visitor(office.base).book("penggantian", slot, nik(43)))
    dead = "http://127.0.0.1:9/api/v1"  # nothing listens: the central is unreachable
    kiosk = make_kiosk(tmp_path / "k.sqlite3", dead, office.token, "kiosk-01", 800, 0.5)
    flow, background = _flow(kiosk, kiosk.central)
    scans = Scans()
    try:
        flow.scanned(code.encode(), scans.callbacks())
        wait_until(lambda: scans.seen, 10)
    finally:
        background.shutdown()
    [(kind, booking, _timing)] = scans.seen
    assert kind == "booking" and not booking.verified and booking.code == code
