"""A visitor holds a booking QR under the scanner: bytes into a real pty, a ticket out."""

from __future__ import annotations

import sqlite3

import pytest

from tests.escpos_decode import decode
from tests.ui.test_checkin_e2e import printed_tickets

pytestmark = pytest.mark.ui

CODE = "MP-2026-00042"


def scan(ui, data: bytes) -> None:
    # What the scanner does: bytes into its serial port, read by the kiosk's real reader.
    ui.app.kiosk.scanner.scan(data)


def test_booking_scan_from_home_to_a_ticket_then_again(ui):
    app = ui.app
    before = len(printed_tickets(app))
    scan(ui, CODE.encode() + b"\r\n")
    ui.wait_for(lambda: ui.settled_on("booking"))
    texts = ui.texts()
    assert CODE in texts and "dipilih di langkah berikut" in texts
    assert "Belum diverifikasi" in ui.screen.ids.message.text
    ui.screenshot("booking-standalone-id")

    ui.tap(ui.screen.ids.take)
    ui.wait_for(lambda: ui.settled_on("service"))
    assert ui.screen.ids.whose.text == f"Booking {CODE}"
    ui.tap(ui.card("Paspor Baru"))  # a booking has its own lane: no priority question
    ui.wait_for(lambda: ui.settled_on("ticket"))
    screen = ui.screen
    number = screen.number
    ui.wait_for(lambda: screen.print_state == "printed")
    assert "Booking" in screen.ids.service.text
    paper = decode(printed_tickets(app)[before].read_bytes())
    assert number in paper.text and "Booking / Appointment" in paper.text

    # Home, and the same booking again: the same number, printed again, no second ticket.
    ui.tap(screen.ids.done)
    ui.wait_for(lambda: ui.settled_on("home"))
    scan(ui, CODE.encode() + b"\n")
    ui.wait_for(lambda: ui.settled_on("ticket"))
    ui.wait_for(lambda: ui.screen.print_state == "printed")
    assert ui.screen.number == number
    with sqlite3.connect(app.kiosk.db.path) as conn:
        rows = conn.execute(
            "SELECT number, lane, print_count FROM tickets WHERE booking_code = ?", (CODE,)
        ).fetchall()
    assert rows == [(number, "appointment", 2)]
    assert len(printed_tickets(app)) == before + 2


def test_garbage_scan_says_code_not_recognised(ui):
    scan(ui, b"\x1b[2J\x00DROP TABLE tickets;\r\n")
    ui.wait_for(lambda: ui.app.notice == "scan.unrecognised")
    assert "Kode tidak dikenali" in ui.screen.ids.printer_notice.text
    assert ui.screen.name == "home"
    ui.screenshot("home-scan-unrecognised-id")

    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    scan(ui, "ünïcödé ☃".encode() + b"\r\n")
    ui.wait_for(lambda: "Kode tidak dikenali" in ui.screen.ids.message.text)
    assert ui.screen.ids.message.kind == "error"
