"""A printer fault never costs a visitor their turn: the number stays on screen."""

from __future__ import annotations

import pytest

from kiosk.domain.tickets import PrintFailed

pytestmark = pytest.mark.ui


class JammedPrinter:
    def __init__(self, real):
        self.real = real
        self.jammed = True
        self.attempts = 0

    def print_ticket(self, ticket):
        self.attempts += 1
        if self.jammed:
            raise PrintFailed("paper_out")
        self.real.print_ticket(ticket)


@pytest.fixture
def jammed(ui):
    desk = ui.app.kiosk.desk
    real = desk._printer
    printer = JammedPrinter(real)
    desk._printer = printer
    yield printer
    desk._printer = real


def test_paper_out_shows_the_number_and_offers_a_reprint(ui, jammed):
    ui.tap(ui.screen.ids.walk_in)
    ui.wait_for(lambda: ui.settled_on("service"))
    ui.tap(ui.card("Penggantian Paspor"))
    ui.wait_for(lambda: ui.settled_on("ticket"))
    screen = ui.screen
    ui.wait_for(lambda: screen.print_state == "failed")
    assert screen.ids.number.text.startswith("B-")
    assert not screen.ids.reprint.disabled and screen.ids.reprint.opacity == 1
    assert "Catat nomor Anda" in screen.ids.status.text
    ui.screenshot("ticket-print-failed-id")
    assert jammed.attempts == 1  # no retry the visitor did not ask for
    ui.pump(30)
    assert jammed.attempts == 1

    jammed.jammed = False
    ui.tap(screen.ids.reprint)
    ui.wait_for(lambda: screen.print_state == "printed")
    assert jammed.attempts == 2
    assert screen.ids.reprint.disabled
