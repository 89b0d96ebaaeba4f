"""Satisfaction ratings from four buttons, counted honestly, and the index they make.

Counting. One rating per burst: the first press counts, and every press that comes less than
``window_s`` seconds after the press before it (a burst, a child hammering a button for a
minute, a second visitor too close behind) is kept as a raw press for audits but not counted.
The next rating counts only once the buttons have been quiet for ``window_s``. A button held
longer than ``stuck_after_s`` is stuck: reported, and ignored until it is released.

The index. PermenPANRB 14/2017 computes the public-service satisfaction index (IKM) from
nine elements U1-U9, each answered 1-4: per element the mean (NRR), the weighted total
sum(NRR x 1/9), and IKM = total x 25 (25-100), graded A-D. A single exit question is not a
full IKM: every answer is stored with the element it answered ("overall" or U1-U9) and the
report computes an "overall" index separately, never mixing the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from fractions import Fraction


class Score(IntEnum):
    TIDAK_PUAS = 1
    KURANG_PUAS = 2
    PUAS = 3
    SANGAT_PUAS = 4


LABELS = {
    Score.SANGAT_PUAS: ("Sangat Puas", "Very satisfied"),
    Score.PUAS: ("Puas", "Satisfied"),
    Score.KURANG_PUAS: ("Kurang Puas", "Not quite satisfied"),
    Score.TIDAK_PUAS: ("Tidak Puas", "Dissatisfied"),
}


def score_label(score: Score, lang: str) -> str:
    """The button's words in the visitor's language.

    >>> score_label(Score.KURANG_PUAS, "en")
    'Not quite satisfied'
    """
    return LABELS[score][1 if lang == "en" else 0]


def question(element: str, lang: str) -> str:
    return QUESTIONS[element][1 if lang == "en" else 0]


OVERALL = "overall"
ELEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
QUESTIONS = {
    "U1": ("Bagaimana kesesuaian persyaratan pelayanan dengan jenis layanannya?",
           "How well did the requirements match the service?"),
    "U2": ("Bagaimana kemudahan prosedur pelayanan di kantor ini?",
           "How easy was the procedure at this office?"),
    "U3": ("Bagaimana kecepatan waktu pelayanan?", "How quick was the service?"),
    "U4": ("Bagaimana kewajaran biaya/tarif pelayanan?", "How fair were the fees?"),
    "U5": ("Bagaimana kesesuaian hasil pelayanan dengan yang dijanjikan?",
           "Did you get what the service promised?"),
    "U6": ("Bagaimana kemampuan petugas dalam memberikan pelayanan?",
           "How competent were the staff?"),
    "U7": ("Bagaimana kesopanan dan keramahan petugas?",
           "How courteous and friendly were the staff?"),
    "U8": ("Bagaimana penanganan pengaduan, saran, dan masukan?",
           "How were complaints and suggestions handled?"),
    "U9": ("Bagaimana kualitas sarana dan prasarana?", "How good were the facilities?"),
}  # fmt: skip


# --- counting ---------------------------------------------------------------------------------
class PressOutcome(StrEnum):
    COUNTED = "counted"
    IN_WINDOW = "in_window"  # within the window of a counted press: kept raw, not counted
    STUCK = "stuck"  # the button is held down and flagged: ignored until released


@dataclass
class RatingCounter:
    """Decides which presses count. Times are monotonic seconds, passed in by the caller.

    The window runs from the last press, counted or not: a burst counts once however long it
    lasts, and the next visitor counts after ``window_s`` of quiet.

    >>> c = RatingCounter(window_s=5)
    >>> [str(c.press(Score.PUAS, t)) for t in (0.0, 0.3, 4.9, 9.8, 15.0)]
    ['counted', 'in_window', 'in_window', 'in_window', 'counted']
    """

    window_s: float = 5.0
    stuck_after_s: float = 30.0
    _last_press: float | None = None
    _down_since: dict[Score, float] = field(default_factory=dict)
    stuck: set[Score] = field(default_factory=set)

    def press(self, score: Score, now: float) -> PressOutcome:
        self._down_since[score] = now
        if score in self.stuck:
            return PressOutcome.STUCK
        quiet_since, self._last_press = self._last_press, now
        if quiet_since is not None and now - quiet_since < self.window_s:
            return PressOutcome.IN_WINDOW
        return PressOutcome.COUNTED

    def down(self, score: Score, now: float) -> None:
        """A press answered elsewhere (a survey question): still watched for sticking."""
        self._down_since[score] = now

    def start_window(self, now: float) -> None:
        """Count nothing for the next window from ``now`` (after a finished survey)."""
        self._last_press = now

    def release(self, score: Score, now: float) -> bool:
        """True if this release clears a stuck flag."""
        self._down_since.pop(score, None)
        if score in self.stuck:
            self.stuck.discard(score)
            return True
        return False

    def check_stuck(self, now: float) -> list[Score]:
        """Buttons newly found held past the limit (call it every second or so)."""
        found = [
            score for score, since in self._down_since.items()
            if now - since >= self.stuck_after_s and score not in self.stuck
        ]  # fmt: skip
        self.stuck.update(found)
        return found


# --- the index --------------------------------------------------------------------------------
GRADES = (  # (lowest IKM of the grade, grade, meaning)
    (Fraction("88.31"), "A", "Sangat Baik"),
    (Fraction("76.61"), "B", "Baik"),
    (Fraction("65.00"), "C", "Kurang Baik"),
    (Fraction("25.00"), "D", "Tidak Baik"),
)


def grade(ikm: float) -> tuple[str, str]:
    """The grade of an IKM rounded to two decimals, as the regulation's table reads.

    >>> grade(87.0), grade(88.31), grade(88.30), grade(64.99)
    (('B', 'Baik'), ('A', 'Sangat Baik'), ('B', 'Baik'), ('D', 'Tidak Baik'))
    """
    value = Fraction(round(ikm, 2)).limit_denominator(100)
    for lowest, letter, meaning in GRADES:
        if value >= lowest:
            return letter, meaning
    return "D", "Tidak Baik"


@dataclass(frozen=True)
class Index:
    answers: int
    nrr: dict[str, float]  # mean score per element answered
    ikm: float | None  # 25-100, rounded to 2 decimals; None without answers or elements
    grade: tuple[str, str] | None
    complete: bool  # all nine elements answered: a full IKM in the regulation's sense


def full_ikm(answers: Iterable[tuple[str, int]]) -> Index:
    """The IKM from answers to U1-U9; ``complete`` only when all nine have answers.

    Exact fractions until the final rounding: with 0.111 for 1/9 a perfect score reads 99.9.

    >>> full_ikm([(e, 4) for e in ELEMENTS]).ikm
    100.0
    """
    sums: dict[str, list[int]] = defaultdict(list)
    for element, score in answers:
        if element in ELEMENTS:
            sums[element].append(int(score))
    nrr = {e: Fraction(sum(v), len(v)) for e, v in sorted(sums.items())}
    count = sum(len(v) for v in sums.values())
    if len(nrr) < len(ELEMENTS):
        return Index(count, {e: float(v) for e, v in nrr.items()}, None, None, False)
    weighted = sum(value * Fraction(1, 9) for value in nrr.values())
    ikm = round(float(weighted * 25), 2)
    return Index(count, {e: float(v) for e, v in nrr.items()}, ikm, grade(ikm), True)


def overall_index(scores: Iterable[int]) -> Index:
    """The exit question alone: its mean on the same 25-100 scale. Not a full IKM.

    >>> overall_index([4] * 60 + [3] * 30 + [2] * 8 + [1] * 2).ikm
    87.0
    """
    values = [int(s) for s in scores]
    if not values:
        return Index(0, {}, None, None, False)
    mean = Fraction(sum(values), len(values))
    ikm = round(float(mean * 25), 2)
    return Index(len(values), {OVERALL: float(mean)}, ikm, grade(ikm), False)


# --- reports --------------------------------------------------------------------------------
PERIODS = ("day", "week", "month")


def period_of(day: str, period: str) -> str:
    """The label of the day's period: 2026-11-28, 2026-W48 or 2026-11.

    >>> [period_of("2026-11-28", p) for p in PERIODS]
    ['2026-11-28', '2026-W48', '2026-11']
    """
    if period == "day":
        return day
    if period == "month":
        return day[:7]
    from datetime import date

    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class ReportRow:
    period: str
    overall: Index  # the exit question
    survey: Index  # the nine elements (complete only when every element has answers)


def report(rows: Iterable[tuple[str, str, int]], period: str) -> list[ReportRow]:
    """``rows`` are (day, element, value); one ReportRow per period, oldest first."""
    grouped: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for day, element, value in rows:
        grouped[period_of(day, period)].append((element, value))
    out = []
    for label in sorted(grouped):
        answers = grouped[label]
        overall = overall_index(v for e, v in answers if e == OVERALL)
        out.append(ReportRow(label, overall, full_ikm(answers)))
    return out


# What the rating store keeps: every press (for the audit of a stuck button) and the rating
# a counted press produced.
@dataclass(frozen=True)
class Press:
    button: int
    at: datetime
    clock_synced: bool
    outcome: str
    element: str


@dataclass(frozen=True)
class Rating:
    id: str
    value: int
    element: str
    at: datetime
    clock_synced: bool
    survey_id: str = ""
    ticket_number: str = ""
