"""Rating buttons on gpiozero's own mock pins, counted honestly; the IKM against worked
examples of the regulation's method."""

from __future__ import annotations

import time

import pytest
from gpiozero.pins.mock import MockFactory

from kiosk.hardware.buttons import RatingButtons
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.store.ratings import SqliteRatingStore
from kiosk.usecases.rating_flow import RAW_PER_WINDOW, RatingFlow
from layanan_rules.ratings import ELEMENTS, OVERALL, Score, full_ikm, grade, overall_index, report

PINS = {Score.SANGAT_PUAS: 5, Score.PUAS: 6, Score.KURANG_PUAS: 13, Score.TIDAK_PUAS: 19}
LEDS = {Score.SANGAT_PUAS: 12, Score.PUAS: 16, Score.KURANG_PUAS: 20, Score.TIDAK_PUAS: 21}


class FakeMonotonic:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def rig(tmp_path, clock):
    db = Database(tmp_path / "kiosk.sqlite3")
    mono = FakeMonotonic()
    flow = RatingFlow(SqliteRatingStore(db), clock, "kiosk-01", window_s=5, stuck_after_s=60,
                      send_to_central=True, monotonic=mono)  # fmt: skip
    factory = MockFactory()
    buttons = RatingButtons(PINS, LEDS, on_press=flow.pressed, on_release=flow.released,
                            factory=factory)  # fmt: skip
    flow.indicator = buttons.flash
    yield type("Rig", (), {"db": db, "flow": flow, "factory": factory, "mono": mono,
                           "buttons": buttons})  # fmt: skip
    buttons.close()
    db.close()


def press(rig, score, hold=0.06):
    """A finger on the button: down, held past the debounce, up (real time: gpiozero's)."""
    pin = rig.factory.pin(PINS[score])
    pin.drive_low()
    time.sleep(hold)
    pin.drive_high()
    time.sleep(0.06)


def counted(rig):
    return [tuple(r) for r in rig.db.query("SELECT value, element FROM ratings ORDER BY seq")]


def raw(rig):
    return rig.db.query("SELECT COUNT(*) FROM rating_presses")[0][0]


def tallied(rig):
    day = rig.flow.clock.now().date()
    return SqliteRatingStore(rig.db).press_counts(day, day)


def test_a_bouncing_contact_toggled_every_millisecond_for_40_ms_counts_once(rig):
    pin = rig.factory.pin(PINS[Score.PUAS])
    for i in range(40):
        (pin.drive_low if i % 2 == 0 else pin.drive_high)()
        time.sleep(0.001)
    pin.drive_high()
    time.sleep(0.1)
    assert counted(rig) == [(3, OVERALL)]
    assert raw(rig) >= 1


def test_twenty_presses_in_two_seconds_count_once_and_are_all_kept(rig):
    for _ in range(20):
        press(rig, Score.TIDAK_PUAS, hold=0.04)
        rig.mono.now += 0.1
    assert counted(rig) == [(1, OVERALL)]
    assert raw(rig) == 20
    outcomes = dict(rig.db.query("SELECT outcome, COUNT(*) FROM rating_presses GROUP BY 1"))
    assert outcomes == {"counted": 1, "in_window": 19}


def test_twelve_seconds_of_hammering_at_10_hz_count_once_until_quiet(rig):
    """Issue 12.18: the window restarts at every press, not at the last counted one."""
    for _ in range(120):
        rig.flow.pressed(Score.TIDAK_PUAS)
        rig.mono.now += 0.1
    assert counted(rig) == [(1, OVERALL)]
    rig.mono.now += 4.8  # 4.9 s after the last press: still the same burst
    rig.flow.pressed(Score.TIDAK_PUAS)
    assert counted(rig) == [(1, OVERALL)]
    rig.mono.now += 5.0  # quiet for the window: the next visitor
    rig.flow.pressed(Score.SANGAT_PUAS)
    assert counted(rig) == [(1, OVERALL), (4, OVERALL)]
    # Every press is counted; of the 120 that did not count, the window's first few are kept.
    assert tallied(rig) == {"counted": 2, "in_window": 120}
    assert raw(rig) == 2 + RAW_PER_WINDOW


def test_four_buttons_bouncing_at_1_khz_for_two_seconds_are_counted_not_all_kept(rig):
    """Issue 28.5: 2,825 raw rows once; now every press is in the tally (per day, button and
    outcome, with its first and last time) and the rows are bounded by the window."""
    scores = list(Score)
    pins = [rig.factory.pin(PINS[s]) for s in scores]
    end = time.monotonic() + 2.0
    low = True
    while time.monotonic() < end:
        for pin in pins:
            (pin.drive_low if low else pin.drive_high)()
        low = not low
        time.sleep(0.0005)
    for pin in pins:
        pin.drive_high()
    time.sleep(0.2)
    presses = sum(tallied(rig).values())
    assert presses > 4 * RAW_PER_WINDOW  # gpiozero saw a flood (its own debounce aside)
    assert len(counted(rig)) == 1 and tallied(rig)["counted"] == 1
    assert raw(rig) == 1 + RAW_PER_WINDOW
    # What the diagnosis reads: which button, how often, from when to when.
    per_button = rig.db.query(
        "SELECT button, SUM(presses), MIN(first_at), MAX(last_at) FROM rating_press_tally "
        "GROUP BY button"
    )
    assert {row[0] for row in per_button} == {1, 2, 3, 4}
    assert sum(row[1] for row in per_button) == presses
    # And a button then held down is still found stuck.
    pins[0].drive_low()
    time.sleep(0.1)
    rig.mono.now += 61
    assert rig.flow.check_stuck() == [scores[0]]
    pins[0].drive_high()


def test_two_visitors_ten_seconds_apart_count_twice(rig):
    press(rig, Score.SANGAT_PUAS)
    rig.mono.now += 10
    press(rig, Score.KURANG_PUAS)
    assert counted(rig) == [(4, OVERALL), (2, OVERALL)]
    assert Outbox(rig.db).counts()["pending"] == 2  # each on its way to the central


def test_a_counted_press_lights_its_led(rig):
    press(rig, Score.PUAS)
    assert rig.factory.pin(LEDS[Score.PUAS]).state == 1
    assert rig.factory.pin(LEDS[Score.SANGAT_PUAS]).state == 0


def test_a_button_held_for_minutes_is_flagged_and_ignored_until_released(rig):
    pin = rig.factory.pin(PINS[Score.SANGAT_PUAS])
    pin.drive_low()  # counted: nobody knows yet that it is stuck
    time.sleep(0.06)
    rig.mono.now += 300  # five minutes held
    assert rig.flow.check_stuck() == [Score.SANGAT_PUAS]
    assert rig.flow.health.state.fault == "stuck"
    # Bouncing of the stuck contact produces presses; none counts.
    pin.drive_high()
    time.sleep(0.06)
    assert rig.flow.health.state.ok  # released: the flag clears
    rig.mono.now += 10
    press(rig, Score.PUAS)
    assert counted(rig) == [(4, OVERALL), (3, OVERALL)]


def test_a_stuck_button_does_not_count_while_held(rig, clock):
    flow = rig.flow
    flow.pressed(Score.TIDAK_PUAS)
    rig.mono.now += 120
    flow.check_stuck()
    rig.mono.now += 10
    assert str(flow.pressed(Score.TIDAK_PUAS)) == "stuck"
    assert counted(rig) == [(1, OVERALL)]


def test_survey_mode_answers_the_nine_elements_in_turn(rig):
    rig.flow.survey = True
    answers = [4, 3, 4, 2, 3, 4, 4, 3, 3, 4]  # exit question, then U1..U9
    for value in answers:
        rig.flow.pressed(Score(value))
        rig.mono.now += 0.4  # too soon: within the 1 s gap, not counted
        rig.flow.pressed(Score(1))
        rig.mono.now += 2
    rows = counted(rig)
    assert rows == [(4, OVERALL)] + [(v, e) for v, e in zip(answers[1:], ELEMENTS, strict=True)]
    index = full_ikm([(e, v) for v, e in rows])
    assert index.complete and index.ikm == 83.33  # 30/9 x 25 = 83.333...
    assert rig.flow.current_question is None


def test_a_press_after_the_survey_pause_is_a_new_visitors_rating(rig):
    """Issue 19.3: abandoned at question 4, a press 30 s later is not the answer to U4."""
    rig.flow.survey = True
    for value in (4, 3, 3, 2):  # the exit question, then U1-U3
        rig.flow.pressed(Score(value))
        rig.mono.now += 2
    assert rig.flow.current_question == "U4"
    rig.mono.now += 30  # past survey_pause_s (20 s by default)
    rig.flow.pressed(Score.TIDAK_PUAS)
    rows = rig.db.query("SELECT value, element, survey_id FROM ratings ORDER BY seq")
    assert [(v, e) for v, e, _ in rows] == [
        (4, OVERALL), (3, "U1"), (3, "U2"), (2, "U3"), (1, OVERALL),
    ]  # fmt: skip
    assert "U4" not in {e for _, e, _ in rows}
    assert rig.flow.current_question == "U1"  # the new visitor's own survey
    first = rows[1][2]
    rig.mono.now += 2
    rig.flow.pressed(Score.PUAS)
    second = rig.db.query("SELECT survey_id FROM ratings ORDER BY seq DESC LIMIT 1")[0][0]
    assert first and second and first != second
    assert not full_ikm([(e, v) for v, e, _ in rows]).complete  # reported as "-"


def test_a_press_within_the_survey_pause_still_answers_the_question(rig):
    rig.flow.survey = True
    rig.flow.pressed(Score.PUAS)
    rig.mono.now += 19
    rig.flow.pressed(Score.SANGAT_PUAS)
    assert counted(rig) == [(3, OVERALL), (4, "U1")]


def test_ikm_worked_example_one_question():
    """The reference's example, by hand: 100 answers, 60x4 + 30x3 + 8x2 + 2x1 = 348;
    mean 348 / 100 = 3.48; 3.48 x 25 = 87.00; 76.61 <= 87.00 <= 88.30, so grade B (Baik)."""
    index = overall_index([4] * 60 + [3] * 30 + [2] * 8 + [1] * 2)
    assert index.ikm == 87.00 and index.grade == ("B", "Baik")
    assert not index.complete  # one question is not a full IKM


def test_ikm_worked_example_nine_elements():
    """By hand. Four respondents answer U1..U9:
    U1 4,4,3,3 -> NRR 3.50   U2 3,3,3,3 -> 3.00   U3 2,3,3,4 -> 3.00
    U4 4,4,4,4 -> 4.00       U5 3,4,3,4 -> 3.50   U6 4,4,4,3 -> 3.75
    U7 4,4,4,4 -> 4.00       U8 2,2,3,3 -> 2.50   U9 3,3,4,4 -> 3.50
    Sum of NRR = 30.75; x 1/9 = 3.41666...; x 25 = 85.4166... -> 85.42, grade B.
    With 0.111 instead of 1/9: 30.75 x 0.111 x 25 = 85.33: why the code keeps 1/9 exact."""
    columns = {"U1": [4, 4, 3, 3], "U2": [3, 3, 3, 3], "U3": [2, 3, 3, 4], "U4": [4, 4, 4, 4],
               "U5": [3, 4, 3, 4], "U6": [4, 4, 4, 3], "U7": [4, 4, 4, 4], "U8": [2, 2, 3, 3],
               "U9": [3, 3, 4, 4]}  # fmt: skip
    answers = [(e, v) for e, values in columns.items() for v in values]
    index = full_ikm(answers)
    assert index.nrr["U6"] == 3.75 and index.nrr["U8"] == 2.5
    assert index.ikm == 85.42 and index.grade == ("B", "Baik")
    assert full_ikm(answers[:-4]).complete is False  # U9 missing: no IKM
    assert full_ikm([(e, 4) for e in ELEMENTS]).ikm == 100.0  # not 99.9


@pytest.mark.parametrize(
    ("ikm", "letter"),
    [(100, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.0, "C"),
     (64.99, "D"), (25, "D")],
)  # fmt: skip
def test_grade_boundaries(ikm, letter):
    assert grade(ikm)[0] == letter


def test_report_by_period():
    rows = [("2026-11-27", OVERALL, 4), ("2026-11-28", OVERALL, 2), ("2026-12-01", OVERALL, 3)]
    by_month = report(rows, "month")
    assert [(r.period, r.overall.answers, r.overall.ikm) for r in by_month] == [
        ("2026-11", 2, 75.0),
        ("2026-12", 1, 75.0),
    ]
    assert [r.period for r in report(rows, "week")] == ["2026-W48", "2026-W49"]


def test_ratings_report_command(tmp_path, clock):
    from tests.test_cli import _printer_config, kiosk

    with Database(tmp_path / "state" / "kiosk.sqlite3") as db:
        flow = RatingFlow(SqliteRatingStore(db), clock, "k", monotonic=FakeMonotonic())
        flow.pressed(Score.SANGAT_PUAS)
        flow.pressed(Score.TIDAK_PUAS)  # same visitor window: kept, not counted
    config = _printer_config(tmp_path, "")
    result = kiosk("--config", config, "ratings", "report", "--from", "2026-11-01",
                   "--to", "2026-11-30")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2026-11-28  1             100.00      A (Sangat Baik)" in result.stdout
    assert "2 button presses, 1 counted (1 within a visitor's window" in result.stdout
    result = kiosk("--config", config, "ratings", "report", "--from", "2026-11-01",
                   "--to", "2026-11-30", "--csv")  # fmt: skip
    assert result.stdout.splitlines()[1] == "2026-11-28,1,100.00,A (Sangat Baik),0,-,-"


def test_presses_kept_before_the_tally_existed_are_counted_by_it(tmp_path):
    db = Database(tmp_path / "kiosk.sqlite3")
    # a version-5 database: the tally (v6) and what came after it (v7, v8) not yet made
    for table in ("rating_press_tally", "central_state", "respondent_profiles"):
        db.query(f"DROP TABLE {table}")
    db.query("PRAGMA user_version = 5")
    for at, outcome in [("2026-12-01T09:00:00+07:00", "counted"),
                        ("2026-12-01T09:00:01+07:00", "in_window"),
                        ("2026-12-01T09:00:02+07:00", "in_window")]:  # fmt: skip
        db.query(
            "INSERT INTO rating_presses (button, pressed_at, clock_synced, outcome, element) "
            "VALUES (2, ?, 1, ?, 'overall')",
            (at, outcome),
        )
    db.close()
    db = Database(tmp_path / "kiosk.sqlite3")
    day = __import__("datetime").date(2026, 12, 1)
    assert SqliteRatingStore(db).press_counts(day, day) == {"counted": 1, "in_window": 2}
    db.close()
