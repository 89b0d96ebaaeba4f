"""Every bundled guide on both screen sizes in both languages, with nothing cut off; the
checklist ticks; "take a number" goes from the guide to a ticket for its service."""

from __future__ import annotations

import pytest

from kiosk.screens.guides import CheckRow
from kiosk_testsupport.driver import layout_problems

pytestmark = pytest.mark.ui


@pytest.fixture(params=[(800, 480), (1280, 800)], ids=["800x480", "1280x800"])
def size(request, ui):
    window = ui.window
    before = tuple(window.size)
    window.size = request.param
    ui.pump(5)
    yield request.param
    window.size = before
    ui.pump(5)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_guide_renders_whole(ui, size, lang):
    app = ui.app
    app.go("guides")
    ui.wait_for(lambda: ui.settled_on("guides"))
    app.lang = lang
    ui.pump(5)
    assert len(ui.screen.ids.list.children) == len(app.guides) == 7
    assert layout_problems(ui) == []
    ui.screenshot(f"guides-{size[0]}x{size[1]}-{lang}")
    for guide in app.guides:
        ui.still_here()  # a visitor reading every guide touches the screen as they go
        app.show_guide(guide)
        ui.wait_for(lambda: ui.settled_on("guide"))
        screen = ui.screen
        assert screen.name == "guide"
        title = guide.text(lang).title
        ui.wait_for(lambda s=screen, t=title: s.ids.title.text == t)
        if screen.qr_url:  # drawn off the UI thread: in the picture once it is there
            ui.wait_for(lambda s=screen: s.qr_texture is not None)
        assert layout_problems(ui) == [], guide.id
        ui.screenshot(f"guide-{guide.id}-{size[0]}x{size[1]}-{lang}")
        screen.ids.scroll.scroll_y = 0
        ui.pump(3)
        ui.screenshot(f"guide-{guide.id}-{size[0]}x{size[1]}-{lang}-end")


def test_the_checklist_ticks_and_keeps_its_ticks_across_languages(ui):
    app = ui.app
    app.show_guide(app.guides[0])
    ui.wait_for(lambda: ui.settled_on("guide"))
    rows = [w for w in ui.screen.ids.body.walk() if isinstance(w, CheckRow)]
    assert len(rows) == 4
    ui.screen.ids.scroll.scroll_to(rows[1], animate=False)
    ui.pump(3)
    ui.tap(rows[1])
    assert rows[1].checked and not rows[0].checked
    app.toggle_language()
    ui.pump(3)
    rows = [w for w in ui.screen.ids.body.walk() if isinstance(w, CheckRow)]
    assert [r.checked for r in rows] == [False, True, False, False]
    assert rows[1].text == "Family card (Kartu Keluarga)"


def test_take_a_number_from_a_guide(ui):
    app = ui.app
    guide = next(g for g in app.guides if g.id == "paspor_hilang")
    app.show_guide(guide)
    ui.wait_for(lambda: ui.settled_on("guide"))
    ui.tap(ui.screen.ids.take)
    ui.wait_for(lambda: ui.settled_on("nik"))
    for digit in "3171011708450001":
        ui.screen.press(digit)
    ui.tap(ui.screen.ids.next)
    # The child-passport guide tells parents to choose priority: every path asks (issue 16.4).
    ui.wait_for(lambda: ui.settled_on("priority"))
    ui.answer_priority(True)
    ui.wait_for(lambda: ui.settled_on("ticket"))
    assert ui.screen.number.startswith("C-")  # Paspor Hilang / Rusak, no service screen between
    assert ui.screen.lane == "priority"


def test_an_unconfirmed_fee_says_ask_at_the_counter(ui):
    """Issue 16.10: no '(sumber lama, belum diverifikasi)' next to a price on screen."""
    app = ui.app
    app.show_guide(next(g for g in app.guides if g.id == "paspor_baru"))
    ui.wait_for(lambda: ui.settled_on("guide"))
    texts = ui.texts()
    assert "Biaya: tanyakan di loket. Informasi resmi: www.imigrasi.go.id" in texts
    assert "diverifikasi" not in texts and "Rp 350.000" not in texts
    app.toggle_language()
    ui.pump(3)
    assert "Fees: please ask at the counter." in ui.texts()
    assert "unverified" not in ui.texts()


def test_a_guides_qr_is_drawn_off_the_ui_thread_once(ui, monkeypatch):
    import threading

    import kiosk.screens.qr as qr

    app, threads = ui.app, []
    real = qr.qr_pixels

    def recording(data):
        threads.append(threading.current_thread())
        return real(data)

    monkeypatch.setattr(qr, "qr_pixels", recording)
    guide = next(g for g in app.guides if g.text("id").links)
    monkeypatch.setattr(app.qr_textures, "_made", {})  # as if never drawn
    screen = app.root.get_screen("guide")
    app.show_guide(guide)
    ui.wait_for(lambda: ui.settled_on("guide"))
    ui.wait_for(lambda: screen.qr_texture is not None)
    assert threads and threading.main_thread() not in threads
    first = screen.qr_texture
    app.go("guides")
    ui.wait_for(lambda: ui.settled_on("guides"))
    app.show_guide(guide)
    ui.wait_for(lambda: ui.settled_on("guide"))
    assert screen.qr_texture is first  # at once, from the first drawing
    assert len(threads) == 1
