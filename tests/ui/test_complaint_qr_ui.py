"""Issue 30: after a "Tidak Puas" press (a physical button on gpiozero's mock pins, or the demo's
on-screen one) the kiosk shows where to send a complaint, as a QR with a line in the visitor's
language, for complaints.qr_s seconds; a touch puts it away; the survey carries a small one.
No address: nothing new. The respondent-profile step follows a language switch and never stays
over the next visitor's rating."""

from __future__ import annotations

import pytest
from PIL import Image
from pyzbar.pyzbar import decode as read_qr

from kiosk_testsupport.driver import layout_problems
from layanan_rules.ratings import ELEMENTS, Score
from layanan_rules.respondent_profile import answer_label, answers

pytestmark = pytest.mark.ui


def _press_pin(app, score: Score) -> None:
    """A finger on the physical button: the mock pin goes low, then high."""
    pin = app.kiosk.buttons.buttons[score].pin
    pin.drive_low()
    pin.drive_high()


def _scheduled_close(panel):
    from kivy.clock import Clock

    [event] = [e for e in Clock.get_events() if e.get_callback() == panel._close]
    return event


def _qr_on_screen(ui, name: str) -> str:
    shot = ui.screenshot(name)
    found = read_qr(Image.open(shot))
    assert len(found) == 1, f"{len(found)} QR codes on {shot}"
    return found[0].data.decode()


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("id", "Sampaikan keluhan Anda: pindai kode ini"),
        ("en", "Tell us what went wrong: scan this code"),
    ],
)
def test_a_tidak_puas_press_shows_the_complaint_qr_then_home(
    ui, rating_flow, complaint_url, lang, line
):
    app = ui.app
    ui.wait_for(lambda: app.kiosk.buttons is not None)
    app.lang = lang
    _press_pin(app, Score.TIDAK_PUAS)
    panel = app.rating_panel
    ui.wait_for(lambda: panel._window is not None and panel.qr is not None)
    assert panel.qr_large and panel.ids.line.text == line
    assert panel.ids.address.text == "antrean.example.go.id/pengaduan/?kantor=bks"
    assert _qr_on_screen(ui, f"complaint-qr-{lang}-800x480") == complaint_url
    assert not layout_problems(ui)
    # Up for complaints.qr_s (20 s), not the 3 s of a plain thanks; then the idle screen.
    event = _scheduled_close(panel)
    assert event.timeout == app.kiosk.config.complaints.qr_s == 20.0
    _press_pin(app, Score.TIDAK_PUAS)  # the same visitor again, inside the rating window
    ui.pump(3)
    assert panel._window is not None and panel.qr is not None
    event.get_callback()(0)
    ui.pump(3)
    assert panel._window is None and ui.settled_on("home")


def test_a_touch_puts_it_away_and_other_ratings_show_none(ui, rating_flow, complaint_url):
    app = ui.app
    ui.wait_for(lambda: app.kiosk.buttons is not None)
    keys = {w.score: w for w in ui.screen.ids.rating_buttons.children if hasattr(w, "score")}
    ui.tap(keys[1])  # the demo's on-screen "Tidak Puas"
    panel = app.rating_panel
    ui.wait_for(lambda: panel._window is not None and panel.qr is not None)
    ui.tap(panel.ids.qr)  # a touch anywhere, even on the code
    ui.wait_for(lambda: panel._window is None)
    app.kiosk.ratings.counter.start_window(-1e9)  # the next visitor: a press that counts
    _press_pin(app, Score.PUAS)
    ui.wait_for(lambda: panel._window is not None)
    assert panel.qr is None and panel.ids.complaint.height == 0
    assert _scheduled_close(panel).timeout == app.kiosk.config.ratings.thanks_s


def test_without_an_address_a_tidak_puas_press_is_thanked_as_before(ui, rating_flow):
    app = ui.app
    ui.wait_for(lambda: app.kiosk.buttons is not None)
    assert app.complaint_url == "" and app.complaint_qr is None
    _press_pin(app, Score.TIDAK_PUAS)
    panel = app.rating_panel
    ui.wait_for(lambda: panel._window is not None)
    assert panel.qr is None and panel.ids.title.text == "Terima kasih!"
    assert _scheduled_close(panel).timeout == app.kiosk.config.ratings.thanks_s
    assert not read_qr(Image.open(ui.screenshot("complaint-none-id")))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_survey_carries_a_small_qr(ui, rating_flow, complaint_url, lang):
    app, flow = ui.app, ui.app.kiosk.ratings
    flow.survey, flow.counter.window_s, flow.survey_gap_s = True, 0.0, 0.0
    app.lang = lang
    flow.pressed(Score.PUAS)
    panel = app.rating_panel
    ui.wait_for(lambda: panel.answers and panel.qr is not None)
    assert not panel.qr_large
    assert _qr_on_screen(ui, f"complaint-qr-survey-{lang}-800x480") == complaint_url
    problems = layout_problems(ui)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_qr_on_the_default_display(ui, rating_flow, complaint_url, lang):
    from kiosk.config import DisplayConfig

    app = ui.app
    width, height = DisplayConfig().width, DisplayConfig().height  # 1280x800; tests run 800x480
    ui.window.size = (width, height)
    try:
        ui.pump(5)
        app.lang = lang
        rating_flow.pressed(Score.TIDAK_PUAS)
        panel = app.rating_panel
        ui.wait_for(lambda: panel._window is not None and panel.qr_large)
        assert _qr_on_screen(ui, f"complaint-qr-{lang}-{width}x{height}") == complaint_url
        problems = layout_problems(ui)
        assert not problems, "\n".join(problems)
    finally:
        app.rating_panel.dismiss(animation=False)
        ui.window.size = (800, 480)
        app.lang = "id"
        ui.pump(5)


def _to_the_profile(ui, flow) -> None:
    flow.survey, flow.counter.window_s, flow.survey_gap_s = True, 0.0, 0.0
    flow.pressed(Score.PUAS)
    for _ in ELEMENTS:
        flow.pressed(Score.SANGAT_PUAS)
    ui.wait_for(lambda: ui.app.profile_panel._window is not None)


def test_the_profile_step_follows_a_language_switch(ui, rating_flow):
    app = ui.app
    app.lang = "id"
    _to_the_profile(ui, rating_flow)
    panel = app.profile_panel
    ui.tap(next(b for b in panel.ids.choices.children if b.text == "Perempuan"))
    assert panel.question == "Usia"
    app.lang = "en"
    ui.pump(3)
    assert panel.question == "Age" and "Question 2 of 4" in panel.intro
    assert panel.ids.skip.text == "Skip this question" and panel.given["sex"] == "P"
    assert panel.choices == [(c, answer_label("age", c, "en")) for c in answers("age")]
    ui.screenshot("profile-after-switch-en")


def test_the_next_visitors_rating_closes_the_last_profile_step(ui, rating_flow):
    app = ui.app
    _to_the_profile(ui, rating_flow)
    rating_flow.abandon_survey()
    rating_flow.pressed(Score.KURANG_PUAS)  # the next visitor's exit rating
    ui.wait_for(lambda: app.profile_panel._window is None)
    assert app.rating_panel._window is not None


def test_the_qr_is_drawn_off_the_ui_thread(ui, complaint_url, monkeypatch):
    import threading

    import kiosk.screens.qr as qr

    app, threads = ui.app, []
    real = qr.qr_pixels

    def recording(data):
        threads.append(threading.current_thread())
        return real(data)

    monkeypatch.setattr(qr, "qr_pixels", recording)
    other = "https://kanim.example.go.id/saran"
    app.complaint_url_changed(other)
    assert app.complaint_qr is None  # not drawn here: the frame goes on
    ui.wait_for(lambda: app.complaint_qr is not None)
    assert threads and threading.main_thread() not in threads
    size, _ = real(other)
    assert app.complaint_qr.size == (size, size)
    app.complaint_url_changed(complaint_url)  # the fixture's, back for its teardown
    ui.wait_for(lambda: app.complaint_qr is not None)
