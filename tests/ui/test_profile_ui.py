"""The optional respondent profile after the survey (SKM): four questions on the touch screen,
each answered with a tap or skipped; what was answered is kept with the month only, apart from
tickets and ratings; nothing is kept when everything was skipped."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk_testsupport.driver import layout_problems
from layanan_rules.ratings import ELEMENTS, Score

pytestmark = pytest.mark.ui


def _survey(ui, flow) -> None:
    flow.pressed(Score.PUAS)  # the exit question: the survey starts
    for _ in ELEMENTS:
        flow.pressed(Score.SANGAT_PUAS)
    ui.wait_for(lambda: ui.app.profile_panel._window is not None)
    ui.pump(3)


def _tap(ui, words: str) -> None:
    panel = ui.app.profile_panel
    button = next(b for b in panel.ids.choices.children if b.text == words)
    ui.tap(button)
    ui.pump(2)


def _profiles(app) -> list[tuple]:
    with sqlite3.connect(app.kiosk.db.path) as conn:
        return conn.execute(
            "SELECT month, sex, age, education, occupation FROM respondent_profiles"
        ).fetchall()


def test_the_profile_step_after_the_survey_keeps_only_what_was_answered(ui, rating_flow):
    app, flow = ui.app, rating_flow
    flow.survey, flow.counter.window_s, flow.survey_gap_s = True, 0.0, 0.0
    app.lang = "id"
    before = _profiles(app)
    _survey(ui, flow)
    panel = app.profile_panel
    assert panel.question == "Jenis kelamin" and "Pertanyaan 1 dari 4" in panel.intro
    assert "tanpa nama" in panel.intro and panel.ids.skip.text == "Lewati pertanyaan ini"
    problems = layout_problems(ui)
    ui.screenshot("profile-1-sex-id")
    _tap(ui, "Perempuan")
    assert panel.question == "Usia"
    ui.screenshot("profile-2-age-id")
    ui.tap(panel.ids.skip)  # age: skipped
    ui.pump(2)
    assert panel.question == "Pendidikan"
    problems += layout_problems(ui)
    ui.screenshot("profile-3-education-id")
    _tap(ui, "D4/S1")
    assert panel.question == "Pekerjaan"
    problems += layout_problems(ui)
    # a long answer wraps between words, never inside one ("Mahasis-wa")
    student = next(b for b in panel.ids.choices.children if "Mahasiswa" in b.text)
    student.texture_update()
    lines = ["".join(w.text for w in line.words).strip() for line in student._label._cached_lines]
    assert lines == ["Pelajar /", "Mahasiswa"], lines
    ui.screenshot("profile-4-occupation-id")
    ui.tap(panel.ids.done)  # finish without the last question
    ui.wait_for(lambda: len(_profiles(app)) == len(before) + 1)
    month = app.kiosk.clock.now().strftime("%Y-%m")
    assert set(_profiles(app)) - set(before) == {(month, "P", None, "S1", None)}
    assert panel._window is None
    assert not problems, "\n".join(problems)
    # the table holds no time, no ticket, nothing to tie it to a rating
    with sqlite3.connect(app.kiosk.db.path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(respondent_profiles)")}
    assert columns == {"id", "month", "sex", "age", "education", "occupation"}


def test_skipping_every_question_keeps_nothing_and_english_and_a_large_screen_read(ui, rating_flow):
    app, flow = ui.app, rating_flow
    flow.survey, flow.counter.window_s, flow.survey_gap_s = True, 0.0, 0.0
    app.lang = "en"
    before = _profiles(app)
    ui.window.size = (1280, 800)
    try:
        ui.pump(5)
        _survey(ui, flow)
        panel = app.profile_panel
        assert panel.question == "Sex" and "Question 1 of 4" in panel.intro
        for _ in range(3):
            ui.tap(panel.ids.skip)
            ui.pump(2)
        assert panel.question == "Occupation"
        problems = layout_problems(ui)
        ui.screenshot("profile-4-occupation-en-1280x800")
        ui.tap(panel.ids.skip)  # the last skipped: the step ends
        ui.pump(5)
        assert panel._window is None and _profiles(app) == before
        assert not problems, "\n".join(problems)
    finally:
        ui.window.size = (800, 480)
        app.lang = "id"
        ui.pump(5)
