"""The exit buttons in the demo: on-screen keys drive gpiozero's mock pins; the screen thanks
the visitor, or asks the next survey question."""

from __future__ import annotations

import sqlite3

import pytest

from layanan_rules.ratings import Score

pytestmark = pytest.mark.ui


def ratings(app):
    with sqlite3.connect(app.kiosk.db.path) as conn:
        return conn.execute("SELECT value, element FROM ratings ORDER BY seq").fetchall()


def test_an_on_screen_button_press_is_counted_and_thanked(ui, rating_flow):
    app = ui.app
    before = ratings(app)
    ui.wait_for(lambda: app.kiosk.buttons is not None)  # connected after the first frame
    key = next(w for w in ui.screen.ids.rating_buttons.children if getattr(w, "score", 0) == 4)
    ui.tap(key)
    ui.wait_for(lambda: app.rating_panel._window is not None)
    ui.wait_for(lambda: len(ratings(app)) == len(before) + 1)
    assert ratings(app)[-1] == (4, "overall")
    assert app.rating_panel.ids.title.text == "Terima kasih!"
    assert app.rating_panel.ids.body.text == "Sangat Puas"
    ui.pump(5)
    ui.screenshot("rating-thanks-id")
    app.rating_panel.dismiss(animation=False)
    ui.pump(3)


def test_survey_mode_shows_each_question(ui, rating_flow):
    app, flow = ui.app, rating_flow
    flow.survey, flow.counter.window_s = True, 0.0  # the fixture's own counter
    app.lang = "en"
    flow.pressed(Score.PUAS)
    flow.released(Score.PUAS)
    ui.wait_for(lambda: app.rating_panel.ids.title.text == "Question 1 of 9")
    assert "requirements" in app.rating_panel.ids.body.text
    ui.pump(5)
    ui.screenshot("rating-survey-question-en")
