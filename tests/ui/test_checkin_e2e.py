"""A visitor checks in by NIK with touches, in the real app, and gets a ticket."""

from __future__ import annotations

import sqlite3

import pytest

from tests.escpos_decode import decode

pytestmark = pytest.mark.ui

NIK = "3171011708450001"


def type_nik(ui, digits: str) -> None:
    for digit in digits:
        ui.tap(ui.find(lambda w, d=digit: getattr(w, "key", None) == d))


def printed_tickets(app):
    # In print order: names sort by number, and earlier tests printed other numbers.
    return sorted(app.kiosk.printer.output_dir.glob("*.bin"), key=lambda p: p.stat().st_mtime_ns)


def test_nik_check_in_prints_a_ticket(ui):
    app = ui.app
    ui.screenshot("home-id")
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))

    type_nik(ui, NIK[:9])
    assert ui.screen.ids.display.text == "3171 0117 0___ ____"
    assert ui.screen.ids.next.disabled
    type_nik(ui, NIK[9:])
    assert ui.screen.ids.display.text == "3171 0117 0845 0001"
    assert ui.screen.ids.message.kind == "ok"
    ui.screenshot("nik-valid-id")
    before = len(printed_tickets(app))

    ui.tap(ui.screen.ids.next)
    ui.wait_for(lambda: ui.settled_on("service"))
    # Whose NIK the next tap takes a ticket for, said where the tap happens (issue 19.2).
    assert ui.screen.ids.whose.text == "NIK •••• 0001"
    assert ui.screen.ids.back.text == "Batal"  # going back erases the NIK: it says so
    assert NIK not in ui.texts() and "3171 0117" not in ui.texts()
    ui.screenshot("service-id")

    ui.tap(ui.card("Paspor Baru"))
    ui.wait_for(lambda: ui.settled_on("priority"))
    assert ui.screen.ids.whose.text == "NIK •••• 0001"
    ui.answer_priority(True)
    ui.wait_for(lambda: ui.settled_on("ticket"))
    ticket_screen = ui.screen
    number = ticket_screen.number
    assert ui.screen.ids.number.text == number
    assert number.startswith("A-")
    ui.wait_for(lambda: ticket_screen.print_state == "printed")
    ui.screenshot("ticket-printed-id")

    with sqlite3.connect(app.kiosk.db.path) as conn:
        row = conn.execute(
            "SELECT lane, source, nik_last4, print_state FROM tickets WHERE number = ?", (number,)
        ).fetchone()
    assert row == ("priority", "nik", "0001", "printed")

    (newest,) = printed_tickets(app)[before:]
    paper = decode(newest.read_bytes())
    assert number in paper.text
    assert paper.cuts == 1
    assert NIK.encode() not in newest.read_bytes()

    ui.tap(ui.screen.ids.done)
    ui.wait_for(lambda: ui.screen.name == "home")


@pytest.mark.parametrize(
    ("digits", "reason"),
    [
        ("99", "region"),
        ("3171013002001234", "birth_date"),
        ("7105100607610000", "format"),
    ],
)
def test_bad_nik_gets_a_clear_message_and_stores_nothing(ui, digits, reason):
    app = ui.app
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    count = app.kiosk.db.query("SELECT COUNT(*) FROM tickets")[0][0]
    type_nik(ui, digits)
    screen = ui.screen
    assert screen.ids.message.kind == "error"
    assert screen.message_key == f"nik.error.{reason}"
    assert screen.ids.next.disabled
    ui.tap(screen.ids.next)  # a tap on the disabled button does nothing
    assert ui.screen.name == "nik"
    ui.screenshot(f"nik-error-{reason}-id")
    # The keypad stays usable: clear and type a good one.
    ui.tap(ui.find(lambda w: getattr(w, "key", None) == "clear"))
    assert screen.digits == ""
    type_nik(ui, NIK)
    assert not screen.ids.next.disabled
    assert app.kiosk.db.query("SELECT COUNT(*) FROM tickets")[0][0] == count


def test_sixteen_digits_is_the_most_the_keypad_takes(ui):
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    type_nik(ui, NIK + "9")
    assert ui.screen.digits == NIK
    ui.tap(ui.find(lambda w: getattr(w, "key", None) == "del"))
    assert ui.screen.digits == NIK[:-1]


def test_idle_returns_home_and_forgets_what_was_typed(ui):
    app = ui.app
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    type_nik(ui, "317101")
    nik_screen = ui.screen
    app.last_activity -= app.kiosk.config.kiosk.idle_timeout_s + 1
    app._tick(0)
    ui.wait_for(lambda: ui.screen.name == "home")
    assert nik_screen.digits == ""


def test_language_toggle_on_every_screen(ui):
    app = ui.app
    for name in ("home", "nik", "service", "guides"):
        app.go(name)
        ui.wait_for(lambda n=name: ui.settled_on(n))
        toggle = ui.find(lambda w: getattr(w, "text", None) == "English")
        ui.tap(toggle)
        assert app.lang == "en"
        assert "Indonesia" in ui.texts()
        ui.tap(ui.find(lambda w: getattr(w, "text", None) == "Indonesia"))
        assert app.lang == "id"
    app.go("home")


def test_walk_in_without_nik(ui):
    ui.tap(ui.screen.ids.walk_in)
    ui.wait_for(lambda: ui.settled_on("service"))
    assert "NIK" not in ui.texts()
    assert ui.screen.ids.back.text == "Kembali"  # nothing of the visitor's to erase
    ui.tap(ui.card("Informasi & Pengaduan"))
    ui.answer_priority(False)
    ui.wait_for(lambda: ui.settled_on("ticket"))
    assert ui.screen.number.startswith("E-")
    ui.wait_for(lambda: ui.screen.print_state == "printed")


def test_the_kiosk_cannot_be_closed_or_escaped(ui):
    window = ui.window
    assert window.dispatch("on_request_close") is True
    window.dispatch("on_keyboard", 27, 0, None, [])
    ui.pump(3)
    assert ui.app.root is not None and ui.app.root.get_root_window() is window


def test_the_next_visitor_for_the_same_service_is_not_shown_the_last_ones_nik(ui):
    """The priority screen says whose ticket it will be. Its words were bound to the service
    alone: a walk-in asking for the service the last visitor chose saw that visitor's NIK."""
    from layanan_rules.nik import parse_nik

    app = ui.app
    app.flow.nik = parse_nik(NIK)
    app.take_ticket("paspor_baru")
    ui.wait_for(lambda: ui.settled_on("priority"))
    assert ui.screen.ids.whose.text == "NIK •••• 0001"
    ui.home()  # the visitor leaves without a ticket; the next one has no NIK
    app.take_ticket("paspor_baru")
    ui.wait_for(lambda: ui.settled_on("priority"))
    assert ui.screen.ids.whose.text == ""
