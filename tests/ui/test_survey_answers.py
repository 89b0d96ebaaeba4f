"""Issue 15: the survey shows each IKM element with its own four answers, one beside each
physical button (Sangat Puas on the left, as the buttons are mounted), in both languages and
at both screen sizes, readable; with the complaint QR under each (issue 30), and never under
the last respondent's profile step."""

from __future__ import annotations

import pytest

from kiosk_testsupport.driver import layout_problems
from layanan_rules.ratings import ELEMENTS, Score
from layanan_rules.survey_scales import SCALES

pytestmark = pytest.mark.ui

SIZES = ((800, 480), (1280, 800))


def cards(app) -> list[tuple[str, str]]:
    """(button words, answer) of each card, left to right."""
    row = app.rating_panel.ids.answers
    return [(c.button, c.answer) for c in sorted(row.children, key=lambda c: c.x)]


def test_each_question_shows_its_own_answers_beside_the_buttons(ui, complaint_url):
    app = ui.app
    flow = app.kiosk.ratings
    before = flow.survey, flow.counter.window_s, flow.survey_gap_s
    flow.survey, flow.counter.window_s, flow.survey_gap_s = True, 0.0, 0.0
    problems = []
    try:
        for size in SIZES:
            ui.window.size = size
            ui.pump(5)
            for lang, buttons in (
                ("id", ["Sangat Puas", "Puas", "Kurang Puas", "Tidak Puas"]),
                ("en", ["Very satisfied", "Satisfied", "Not quite satisfied", "Dissatisfied"]),
            ):
                app.lang = lang
                flow.abandon_survey()
                flow.pressed(Score.PUAS)  # the exit question: the survey starts
                for n, element in enumerate(ELEMENTS, start=1):
                    of = f"{n} dari 9" if lang == "id" else f"{n} of 9"
                    ui.wait_for(lambda of=of: app.rating_panel.ids.title.text.endswith(of))
                    ui.pump(3)
                    assert app.rating_panel.qr is not None
                    # The last survey's profile step is gone: this is a new respondent.
                    assert app.profile_panel._window is None, f"profile over {lang} {element}"
                    words = [scale[1 if lang == "en" else 0] for scale in SCALES[element]]
                    assert cards(app) == list(zip(buttons, reversed(words), strict=True))
                    where = f"{size[0]}x{size[1]} {lang} {element}"
                    problems += [f"{where}: {p}" for p in layout_problems(ui)]
                    if element in ("U4", "U7"):
                        ui.screenshot(f"rating-survey-{element}-{lang}-{size[0]}x{size[1]}")
                    flow.pressed(Score.SANGAT_PUAS)
                ui.wait_for(lambda: not app.rating_panel.answers)
    finally:
        flow.survey, flow.counter.window_s, flow.survey_gap_s = before
        flow.abandon_survey()
        app.rating_panel.dismiss(animation=False)
        app.profile_panel.dismiss(animation=False)
        ui.window.size = SIZES[0]
        ui.pump(5)
    assert not problems, "\n".join(problems)
