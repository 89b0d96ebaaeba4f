"""A printer fault never costs a visitor their turn: the number stays on screen, a reprint is
offered, and the home screen says the printer is down until it comes back."""

from __future__ import annotations

import pytest

from kiosk.hardware.printer import EscposTicketPrinter
from tests.escpos_decode import decode
from tests.fake_printers import HEALTHY, PAPER_OUT, Plug

pytestmark = pytest.mark.ui


@pytest.fixture
def empty_printer(ui):
    """The real ESC/POS printer class over a scripted device that is out of paper."""
    kiosk = ui.app.kiosk
    real = kiosk.printer
    plug = Plug(replies=PAPER_OUT)
    printer = EscposTicketPrinter(real.renderer, plug, timeout_s=0.2)
    kiosk.printer = kiosk.desk._printer = printer
    yield plug
    kiosk.printer = kiosk.desk._printer = real


def test_paper_out_shows_the_number_and_offers_a_reprint(ui, empty_printer):
    ui.tap(ui.screen.ids.walk_in)
    ui.wait_for(lambda: ui.settled_on("service"))
    ui.tap(ui.card("Penggantian Paspor"))
    ui.answer_priority(False)
    ui.wait_for(lambda: ui.settled_on("ticket"))
    screen = ui.screen
    ui.wait_for(lambda: screen.print_state == "failed")
    number = screen.ids.number.text
    assert number.startswith("B-")
    assert not screen.ids.reprint.disabled and screen.ids.reprint.opacity == 1
    assert "Catat nomor Anda" in screen.ids.status.text
    ui.screenshot("ticket-print-failed-id")
    assert len(empty_printer.devices) == 1  # no retry the visitor did not ask for
    ui.pump(30)
    assert len(empty_printer.devices) == 1 and empty_printer.printed == b""

    empty_printer.device_args = {"replies": HEALTHY}  # staff load a new roll
    ui.tap(screen.ids.reprint)
    ui.wait_for(lambda: screen.print_state == "printed")
    assert number in decode(empty_printer.printed).text
    assert screen.ids.reprint.disabled


def test_home_screen_warns_while_the_printer_is_down(ui, empty_printer):
    printer = ui.app.kiosk.printer
    printer.status()  # what the idle poll does every few seconds
    ui.wait_for(lambda: ui.app.printer_fault == "paper_out", timeout=3)
    notice = ui.screen.ids.printer_notice
    assert notice.opacity == 1 and "Printer tiket sedang bermasalah" in notice.text
    ui.screenshot("home-printer-fault-id")

    empty_printer.device_args = {"replies": HEALTHY}
    printer.status()
    ui.wait_for(lambda: ui.app.printer_fault == "", timeout=3)
    assert notice.opacity == 0
