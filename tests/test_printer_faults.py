"""Every printer fault in the brief, driven through the real EscposTicketPrinter: the ticket is
never printed by a retry nobody asked for, the fault is logged once, and the printer is found
again when it comes back."""

from __future__ import annotations

import logging
import threading

import pytest
from escpos.exceptions import DeviceNotFoundError
from usb.core import USBError

from kiosk.config import PrinterConfig
from kiosk.domain.printer_status import PrinterFault
from kiosk.domain.tickets import PrintFailed
from kiosk.hardware.connectors import connector
from kiosk.hardware.printer import EscposTicketPrinter, PaperFormat, TicketRenderer
from tests.fake_printers import (
    COVER_OPEN,
    GARBAGE,
    HEALTHY,
    PAPER_NEAR_END,
    PAPER_OUT,
    SILENT,
    Plug,
    PtyPrinter,
)
from tests.test_ticket_printing import HEADER, make_ticket

PLAIN_HEADER = HEADER.__class__(**{**HEADER.__dict__, "has_logo": False})


def renderer() -> TicketRenderer:
    # No logo: raster bytes could contain a DLE EOT by chance and confuse the pty printer.
    return TicketRenderer(PLAIN_HEADER, PaperFormat.from_profile("TM-T20II", 80), None)


def printer(plug, **kwargs) -> EscposTicketPrinter:
    return EscposTicketPrinter(renderer(), plug, timeout_s=kwargs.pop("timeout_s", 0.2), **kwargs)


def test_a_healthy_printer_gets_exactly_the_rendered_bytes():
    plug = Plug()
    p = printer(plug)
    p.print_ticket(make_ticket())
    assert plug.printed == renderer().escpos_bytes(make_ticket())
    assert plug.devices[0].status_requests == 6  # DLE EOT 1, 2, 4 before and after
    assert plug.devices[0].closed
    assert p.health.state.ok


@pytest.mark.parametrize(
    ("replies", "fault"),
    [
        (PAPER_OUT, PrinterFault.PAPER_OUT),
        (COVER_OPEN, PrinterFault.COVER_OPEN),
        (SILENT, PrinterFault.NO_REPLY),
        (GARBAGE, PrinterFault.NO_REPLY),
    ],
)
def test_a_fault_before_printing_prints_nothing(replies, fault):
    plug = Plug(replies=replies)
    p = printer(plug)
    with pytest.raises(PrintFailed) as failed:
        p.print_ticket(make_ticket())
    assert failed.value.fault == fault
    assert plug.printed == b""
    assert p.health.state.fault == fault
    assert len(plug.devices) == 1  # no retry


def test_paper_near_end_prints_and_warns_early():
    plug = Plug(replies=PAPER_NEAR_END)
    p = printer(plug)
    p.print_ticket(make_ticket())
    assert plug.printed
    assert p.health.state.ok and p.health.state.warning == "paper_near_end"


@pytest.mark.parametrize(
    ("error", "fault"),
    [
        (DeviceNotFoundError("USB device not found"), PrinterFault.UNPLUGGED),
        (USBError("No such device", errno=19), PrinterFault.UNPLUGGED),
        (USBError("Resource busy", errno=16), PrinterFault.BUSY),
        (OSError(16, "Device or resource busy"), PrinterFault.BUSY),
        (FileNotFoundError(2, "No such file or directory"), PrinterFault.UNPLUGGED),
        (ConnectionRefusedError(111, "Connection refused"), PrinterFault.UNPLUGGED),
    ],
)
def test_a_printer_that_cannot_be_opened(error, fault):
    plug = Plug()
    plug.error = error
    with pytest.raises(PrintFailed) as failed:
        printer(plug).print_ticket(make_ticket())
    assert failed.value.fault == fault


def test_power_off_mid_ticket_then_back():
    plug = Plug(
        fail_after=300, failure=USBError("No such device (it may have been disconnected)", errno=19)
    )
    p = printer(plug)
    with pytest.raises(PrintFailed) as failed:
        p.print_ticket(make_ticket())
    assert failed.value.fault == PrinterFault.UNPLUGGED
    assert len(plug.printed) == 300 and plug.devices[0].closed

    # Switched on again: the next job opens a fresh device; nothing was retried meanwhile.
    plug.device_args = {}
    p.print_ticket(make_ticket())
    assert len(plug.devices) == 2
    assert plug.devices[1].printed == renderer().escpos_bytes(make_ticket())
    assert p.health.state.ok


def test_paper_running_out_during_the_ticket_is_a_failure():
    plug = Plug()

    def device_that_runs_out():
        device = plug()

        def empty_the_roll(_chunk):  # the first chunk of the ticket empties the roll
            device.replies = dict(PAPER_OUT)

        device.before_print = empty_the_roll
        return device

    p = printer(device_that_runs_out)
    with pytest.raises(PrintFailed) as failed:
        p.print_ticket(make_ticket())
    assert failed.value.fault == PrinterFault.PAPER_OUT and failed.value.detail == "after printing"
    assert p.health.state.fault == PrinterFault.PAPER_OUT


def test_a_write_that_hangs_times_out_and_blocks_nothing():
    hang = threading.Event()
    plug = Plug(hang=hang)
    p = printer(plug, timeout_s=0.05)
    with pytest.raises(PrintFailed) as failed:
        p.print_ticket(make_ticket())
    assert failed.value.fault == PrinterFault.TIMEOUT
    # While the driver still holds the stuck write, new jobs fail at once instead of queueing.
    with pytest.raises(PrintFailed) as busy:
        p.status()
    assert busy.value.fault == PrinterFault.BUSY
    hang.set()
    plug.device_args = {}
    for _ in range(100):
        if not p._stuck.is_alive():
            break
        p._stuck.join(0.05)
    assert p.status().fault is None
    assert p.health.state.ok


def test_a_fault_is_logged_once_when_it_starts_and_once_when_it_clears(caplog):
    plug = Plug(replies=PAPER_OUT)
    p = printer(plug)
    caplog.set_level(logging.INFO, logger="kiosk")
    for _ in range(5):  # five idle polls of an empty printer
        assert p.status().fault == PrinterFault.PAPER_OUT
    plug.device_args = {"replies": HEALTHY}
    for _ in range(3):
        p.status()
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.hardware.printer"]
    assert lines == ["printer fault: paper_out", "printer fault cleared (was paper_out)"]


@pytest.fixture
def pty_printer():
    far_end = PtyPrinter()
    yield far_end
    far_end.close()


@pytest.mark.parametrize("kind", ["device", "serial"])
def test_device_file_and_serial_connectors_over_a_pty(pty_printer, kind):
    config = PrinterConfig(type=kind, device=pty_printer.path, timeout_s=0.5)
    p = EscposTicketPrinter(renderer(), connector(config, "TM-T20II"), timeout_s=0.5)
    assert p.status().fault is None
    p.print_ticket(make_ticket())
    expected = renderer().escpos_bytes(make_ticket())
    for _ in range(100):
        if len(pty_printer.printed) >= len(expected):
            break
        threading.Event().wait(0.02)
    assert pty_printer.printed == expected


def test_a_stalled_device_file_times_out(pty_printer):
    pty_printer.paused.set()  # stops reading: the pty buffer fills, writes stall
    config = PrinterConfig(type="device", device=pty_printer.path, timeout_s=0.3)
    # Without status reads the job goes straight to writing, which is what should time out.
    p = EscposTicketPrinter(
        renderer(), connector(config, "TM-T20II"), timeout_s=0.3, check_status=False
    )
    with pytest.raises(PrintFailed) as failed:
        p.print_bytes(b"x" * 200_000)
    assert failed.value.fault == PrinterFault.TIMEOUT
    assert "write stalled" in failed.value.detail


def test_a_missing_device_file_is_unplugged(tmp_path):
    config = PrinterConfig(type="device", device=str(tmp_path / "lp0"), timeout_s=0.2)
    p = EscposTicketPrinter(renderer(), connector(config, "TM-T20II"), timeout_s=0.2)
    with pytest.raises(PrintFailed) as failed:
        p.status()
    assert failed.value.fault == PrinterFault.UNPLUGGED


class SlowPlug(Plug):
    """A healthy printer whose print data takes ``print_s`` to go through (a long raster
    ticket over 9600 baud); status requests are answered at once."""

    def __init__(self, print_s: float):
        super().__init__()
        self.print_s = print_s
        self.printing = threading.Event()

    def __call__(self):
        device = super().__call__()

        def slowly(_chunk: bytes) -> None:
            self.printing.set()
            threading.Event().wait(self.print_s / 4)  # the ticket is a few chunks

        device.before_print = slowly
        return device


def _start_print(p) -> threading.Thread:
    job = threading.Thread(target=p.print_bytes, args=(b"x" * (4 * p.CHUNK - 1),))
    job.start()
    return job


def test_a_poll_during_a_healthy_long_print_skips_and_reports_no_fault(caplog):
    plug = SlowPlug(print_s=1.5)
    # Polls get 5 x 0.2 = 1 s: less than the print takes, as on a slow serial printer.
    p = printer(plug, timeout_s=0.2)
    caplog.set_level(logging.INFO, logger="kiosk")
    job = _start_print(p)
    assert plug.printing.wait(2)
    assert p.poll() is None  # skipped: the print holds the printer
    job.join(5)
    assert p.health.state.ok
    assert [r for r in caplog.records if "fault" in r.getMessage()] == []
    assert p.poll().fault is None  # and polls again once the printer is free


def test_a_status_request_queued_behind_a_long_print_gets_its_full_deadline(caplog):
    plug = SlowPlug(print_s=1.5)
    p = printer(plug, timeout_s=0.2)
    caplog.set_level(logging.INFO, logger="kiosk")
    job = _start_print(p)
    assert plug.printing.wait(2)
    assert p.status().fault is None  # waited for the print, then had its own 1 s
    job.join(5)
    assert p.health.state.ok
    assert [r for r in caplog.records if "fault" in r.getMessage()] == []


def test_the_kiosk_polls_the_printer_with_the_skipping_poll(tmp_path):
    """bootstrap's periodic poll must be ``poll`` (skips while printing), not ``status``."""
    from kiosk.bootstrap import build_kiosk
    from kiosk.config import Config, KioskConfig, RatingsConfig, ScannerConfig

    config = Config(
        kiosk=KioskConfig(state_dir=str(tmp_path)),
        scanner=ScannerConfig(type="none"),
        ratings=RatingsConfig(type="none"),
    )
    kiosk = build_kiosk(config, lambda fn: fn())
    try:
        polls = {poll.name: poll.fn for poll in kiosk.polls}
        assert polls["printer-poll"] == kiosk.printer.poll
    finally:
        kiosk.close()
