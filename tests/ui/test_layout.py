"""Issue 16.3: every screen, both languages, both sizes: no visible text under the minimum
size, none cut off or spilling out of its card."""

from __future__ import annotations

import pytest

from kiosk_testsupport.driver import every_screen, layout_problems

pytestmark = pytest.mark.ui

SIZES = ((800, 480), (1280, 800))


def test_every_screen_is_readable_in_both_languages_at_both_sizes(ui):
    found = []
    try:
        for size in SIZES:
            ui.window.size = size
            ui.pump(5)
            for lang in ("id", "en"):
                for state in every_screen(ui, lang):
                    where = f"{size[0]}x{size[1]} {lang} {state}"
                    found += [f"{where}: {p}" for p in layout_problems(ui)]
    finally:
        ui.window.size = SIZES[0]
        ui.pump(5)
    assert not found, "\n".join(found)


def test_the_check_finds_text_that_spills_out_of_its_card(ui):
    """The check can fail: a title far too long for its card is caught."""
    ui.app.go("service")
    ui.wait_for(lambda: ui.settled_on("service"))
    card = ui.screen.ids.services.children[-1]
    title = card.title
    try:
        card.title = "Permohonan Paspor Biasa Elektronik Polikarbonat 48 Halaman " * 3
        ui.pump(3)
        assert any("outside its CardButton" in p for p in layout_problems(ui))
        card.title, card.title_size = title, 12
        ui.pump(3)
        assert any("12 px, under 20 px" in p for p in layout_problems(ui))
    finally:
        card.title, card.title_size = title, 24
        ui.pump(3)


@pytest.mark.parametrize("side", ["left", "right", "below"])
def test_home_points_at_the_scanner_on_its_side(ui, side):
    """Issue 16.8: a drawn arrow towards the scanner, on the side the config names."""
    app = ui.app
    before = app.scanner_side
    try:
        app.scanner_side = side
        ui.pump(3)
        hint = ui.screen.ids.scanner_hint
        left_arrow, text, right_arrow = reversed(hint.children)
        assert hint.opacity == 1 and text.text == "Pindai kode booking di sini"
        assert (left_arrow.width > 0) == (side in ("left", "below"))
        assert (right_arrow.width > 0) == (side in ("right", "below"))
        assert text.halign == {"left": "left", "right": "right"}.get(side, "center")
        ui.screenshot(f"home-scanner-{side}-id")
        app.scanner_side = "none"
        ui.pump(3)
        assert hint.opacity == 0
    finally:
        app.scanner_side = before
        ui.pump(3)


def test_the_ticket_screen_says_what_happens_next(ui):
    """Issue 16.5: where to wait, how the number is called, people ahead and the wait."""
    import dataclasses

    app = ui.app
    app.root.get_screen("nik").clear()
    app.issue_ticket("penggantian")
    ui.wait_for(lambda: ui.settled_on("ticket") and ui.screen.print_state == "printed")
    screen = ui.screen
    assert screen.ids.status.text == "Silakan ambil tiket dari printer di bawah layar."
    screen.show(dataclasses.replace(screen.ticket, people_ahead=4, estimated_wait_minutes=35))
    ui.pump(3)
    assert screen.ids.next_steps.text.split("\n") == [
        "Silakan tunggu di Ruang tunggu.",
        "Nomor Anda akan tampil di layar antrean dan dipanggil melalui pengeras suara.",
        "4 orang di depan Anda, perkiraan tunggu ±35 menit.",
    ]
    app.lang = "en"
    ui.pump(3)
    assert screen.ids.next_steps.text.endswith(
        "4 people ahead of you, estimated wait about 35 minutes."
    )
