"""Issue 19.4: a line of visitors at one kiosk within a minute. Each one's scan starts their
own visit at once, nobody inherits the last one's NIK, no scan is dropped while a ticket
prints, and an abandoned survey does not take the next visitor's press as its answer."""

from __future__ import annotations

import threading
import time

import pytest

from layanan_rules.ratings import Score

pytestmark = pytest.mark.ui

NIK = "3171011708450001"
OTHER_NIK = "3171011708450777"


class GatedPrinter:
    """The real printer, held until the test opens the gate: a slow print, on demand."""

    def __init__(self, real) -> None:
        self.real = real
        self.gate = threading.Event()
        self.started = threading.Event()

    def __getattr__(self, name: str):
        return getattr(self.real, name)  # its health, renderer, ...: the real printer's

    def print_ticket(self, ticket) -> None:
        self.started.set()
        assert self.gate.wait(15), "the test never released the printer"
        self.real.print_ticket(ticket)


@pytest.fixture
def slow_printer(ui):
    relay = ui.app.kiosk.printer  # the session's PrinterRelay (tests/ui/conftest.py)
    real = relay.target
    gated = GatedPrinter(real)
    relay.target = gated
    yield gated
    gated.gate.set()
    relay.target = real


def scan(ui, code: str) -> None:
    ui.app.kiosk.scanner.scan(code.encode() + b"\r\n")


def type_nik(ui, digits: str) -> None:
    for digit in digits:
        ui.tap(ui.find(lambda w, d=digit: getattr(w, "key", None) == d))


def ticket_row(app, number: str):
    return tuple(
        app.kiosk.db.query(
            "SELECT lane, source, nik_last4, booking_code, print_state FROM tickets "
            "WHERE number = ? ORDER BY rowid DESC LIMIT 1",
            (number,),
        )[0]
    )


def idle_for(app, seconds: float) -> None:
    app.last_activity = time.monotonic() - seconds
    app._tick(0)


def test_two_visitors_one_kiosk_one_minute(ui, slow_printer):
    app = ui.app
    kc = app.kiosk.config.kiosk

    # Visitor 1: NIK, a service, the priority question, a ticket; walks away without "Selesai".
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    type_nik(ui, NIK)
    ui.tap(ui.screen.ids.next)
    ui.wait_for(lambda: ui.settled_on("service"))
    ui.tap(ui.card("Paspor Baru"))
    ui.answer_priority(False)
    ui.wait_for(lambda: ui.settled_on("ticket"))
    first = ui.screen.number
    slow_printer.gate.set()
    ui.wait_for(lambda: ui.screen.print_state == "printed")
    assert "Silakan tunggu di Ruang tunggu." in ui.screen.ids.next_steps.text
    assert "dipanggil melalui pengeras suara" in ui.screen.ids.next_steps.text

    # Visitor 2 scans a booking while visitor 1's number is still on screen: at once.
    slow_printer.gate.clear()
    scan(ui, "MP-2026-00101")
    ui.wait_for(lambda: ui.settled_on("booking"))
    assert "MP-2026-00101" in ui.texts() and first not in ui.texts()
    ui.tap(ui.screen.ids.take)
    ui.wait_for(lambda: ui.settled_on("service"))
    assert ui.screen.ids.whose.text == "Booking MP-2026-00101"
    ui.tap(ui.card("Penggantian Paspor"))  # a booking: no priority question
    ui.wait_for(lambda: ui.settled_on("ticket"))
    second = ui.screen.number
    assert slow_printer.started.wait(5) and ui.screen.print_state == "printing"

    # Visitor 3 scans while visitor 2's ticket is printing: told to wait, never dropped.
    scan(ui, "MP-2026-00102")
    ui.wait_for(lambda: app.notice == "scan.wait_printing")
    assert ui.screen.name == "ticket" and ui.screen.number == second
    assert ui.screen.ids.status.text == "Sebentar, tiket sebelumnya sedang dicetak."
    ui.screenshot("ticket-scan-while-printing-id")
    slow_printer.gate.set()  # the print ends; visitor 3's scan goes on by itself
    ui.wait_for(lambda: ui.settled_on("booking"))
    assert "MP-2026-00102" in ui.texts()
    # Visitor 2's print was never interrupted.
    assert ticket_row(app, second)[3:] == ("MP-2026-00101", "printed")
    ui.tap(ui.screen.ids.back)
    ui.wait_for(lambda: ui.settled_on("home"))

    # Visitor 4 types a NIK and walks away on the service screen: warned, then erased sooner.
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    type_nik(ui, OTHER_NIK)
    ui.tap(ui.screen.ids.next)
    ui.wait_for(lambda: ui.settled_on("service"))
    idle_for(app, kc.data_timeout_s - kc.idle_warning_s + 1)
    ui.pump(3)
    assert app.idle_warning.is_open
    assert app.idle_warning.ids.title.text == "Masih di sini?"
    assert "data Anda dihapus" in app.idle_warning.ids.body.text
    ui.screenshot("idle-warning-data-id")
    idle_for(app, kc.data_timeout_s)  # sooner than idle_timeout_s
    assert kc.data_timeout_s < kc.idle_timeout_s
    ui.wait_for(lambda: ui.settled_on("home"))
    assert app.flow.nik is None and not app.idle_warning.is_open

    # Visitor 5 takes a number without a NIK: the ticket carries nobody else's.
    ui.tap(ui.screen.ids.walk_in)
    ui.wait_for(lambda: ui.settled_on("service"))
    assert ui.screen.ids.whose.text == ""
    ui.tap(ui.card("Informasi & Pengaduan"))
    ui.answer_priority(False)
    ui.wait_for(lambda: ui.settled_on("ticket"))
    fifth = ui.screen.number
    ui.wait_for(lambda: ui.screen.print_state == "printed")

    assert ticket_row(app, first) == ("regular", "nik", "0001", "", "printed")
    assert ticket_row(app, second)[:3] == ("appointment", "booking", "")
    assert ticket_row(app, fifth) == ("regular", "walk_in", "", "", "printed")
    assert not app.kiosk.db.query("SELECT 1 FROM tickets WHERE nik_last4 = '0777'")


def test_a_scan_on_the_service_screen_erases_the_last_visitors_nik(ui):
    app = ui.app
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    type_nik(ui, OTHER_NIK)
    ui.tap(ui.screen.ids.next)
    ui.wait_for(lambda: ui.settled_on("service"))
    assert app.flow.nik is not None
    scan(ui, "MP-2026-00103")
    ui.wait_for(lambda: ui.settled_on("booking"))
    assert app.flow.nik is None and app.flow.booking.code == "MP-2026-00103"


def test_a_scan_on_the_technician_pin_screen_is_answered_not_taken(ui):
    app = ui.app
    app.go("pin")
    ui.wait_for(lambda: ui.settled_on("pin"))
    scan(ui, "MP-2026-00104")
    ui.wait_for(lambda: app.notice == "scan.technician")
    assert ui.screen.name == "pin" and app.flow.booking is None
    assert ui.screen.ids.message.text == "Mode teknisi: pindaian tidak diproses."
    assert ui.screen.ids.message.opacity == 1


def test_kembali_on_the_service_screen_erases_the_nik_and_says_so(ui):
    app = ui.app
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    assert ui.screen.ids.back.text == "Kembali"
    type_nik(ui, OTHER_NIK)
    assert ui.screen.ids.back.text == "Batal"  # typed digits are someone's NIK
    ui.tap(ui.screen.ids.next)
    ui.wait_for(lambda: ui.settled_on("service"))
    assert ui.screen.ids.back.text == "Batal"
    ui.tap(ui.screen.ids.back)
    ui.wait_for(lambda: ui.settled_on("home"))
    assert app.flow.nik is None


def test_the_idle_warning_keeps_the_visitor_with_one_tap(ui):
    app = ui.app
    kc = app.kiosk.config.kiosk
    app.go("guides")
    ui.wait_for(lambda: ui.settled_on("guides"))
    idle_for(app, kc.idle_timeout_s - kc.idle_warning_s + 2)
    ui.pump(3)
    assert app.idle_warning.is_open
    assert app.idle_warning.ids.body.text == (
        f"Layar kembali ke awal dalam {kc.idle_warning_s - 2:.0f} detik."
    )
    ui.screenshot("idle-warning-id")
    ui.tap(app.idle_warning.ids.stay)
    assert not app.idle_warning.is_open
    app._tick(0)
    ui.pump(3)
    assert ui.screen.name == "guides" and not app.idle_warning.is_open


def test_a_survey_abandoned_at_question_4_and_a_press_30_s_later(ui, rating_flow):
    app, flow = ui.app, rating_flow
    clock = {"now": time.monotonic()}
    flow.monotonic = lambda: clock["now"]  # the fixture gives the flow its own clock back
    flow.survey = True

    def press(value: Score) -> None:  # down and up, as a finger does: nothing left held
        flow.pressed(value)
        flow.released(value)

    for value in (Score.PUAS, Score.SANGAT_PUAS, Score.PUAS, Score.KURANG_PUAS):
        press(value)
        clock["now"] += 2
    ui.wait_for(lambda: app.rating_panel.ids.title.text == "Pertanyaan 4 dari 9")
    clock["now"] += 30
    press(Score.TIDAK_PUAS)
    ui.wait_for(lambda: app.rating_panel.ids.title.text == "Pertanyaan 1 dari 9")
    rows = app.kiosk.db.query("SELECT value, element FROM ratings ORDER BY seq DESC LIMIT 5")
    assert [tuple(r) for r in rows][::-1] == [
        (3, "overall"), (4, "U1"), (3, "U2"), (2, "U3"), (1, "overall"),
    ]  # fmt: skip
