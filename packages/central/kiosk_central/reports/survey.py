"""The satisfaction index across every kiosk of the office, as PermenPANRB 14/2017 reports it.

The formula is the kiosk's own (``layanan_rules.ratings.full_ikm``: NRR per element, weighted
by exactly 1/9, x 25, graded A-D): this module only gathers the kiosks' ratings and lays the
figures out the way the published report does. The exit question ("overall") stays its own
index and is never called the IKM.

Respondents. A kiosk that links the nine answers of one visitor sends them with the same
``respondent``; then respondents are counted as distinct ids. Without ids, every respondent
answers each element at most once, so the respondents are the largest number of answers any
one element received.

Minimum sample. The regulation sizes the sample from the period's population of service users
with the Krejcie and Morgan table; the table is kept as data in ``data/krejcie_morgan.json``
with its source. That the regulation names this table comes from public sources, not from the
regulation's own text (unverified): the report says so next to the flag.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk_central.reports.records import RatingRecord
from kiosk_central.reports.tables import Column, Kind, Table
from kiosk_central.reports.tallies import RatingTally
from layanan_rules.ratings import ELEMENTS, OVERALL, Index, full_ikm, overall_index
from layanan_rules.survey_scales import element_name

WIB = ZoneInfo("Asia/Jakarta")
SAMPLE_TABLE = Path(__file__).parent / "data" / "krejcie_morgan.json"


@cache
def _sample_table() -> tuple[tuple[int, int], ...]:
    rows = json.loads(SAMPLE_TABLE.read_text())["table"]
    return tuple(sorted((int(n), int(s)) for n, s in rows))


def minimum_sample(population: int) -> int:
    """Krejcie and Morgan's sample for a population: the row of the next larger population.

    >>> minimum_sample(100), minimum_sample(101), minimum_sample(1000), minimum_sample(10**7)
    (80, 86, 278, 384)
    """
    if population <= 0:
        return 0
    table = _sample_table()
    for rows_population, sample in table:
        if population <= rows_population:
            return min(sample, population)
    return table[-1][1]


def respondents(ratings: Iterable[RatingRecord]) -> int:
    return RatingTally.of(ratings, WIB).respondents()


@dataclass(frozen=True)
class SurveyResult:
    respondents: int
    index: Index  # the nine elements: ikm None unless every element was answered
    overall: Index  # the exit question, its own index
    population: int | None
    minimum_sample: int | None
    kiosks: tuple[str, ...]

    @property
    def below_minimum(self) -> bool:
        return self.minimum_sample is not None and self.respondents < self.minimum_sample

    @property
    def weighted(self) -> dict[str, float]:
        """NRR x 1/9 per element (divided by 9, not multiplied by 0.111: see ratings)."""
        return {e: v / 9 for e, v in self.index.nrr.items()}

    @property
    def weighted_total(self) -> float | None:
        if not self.index.complete:
            return None
        return sum(self.weighted.values())


def survey_result(ratings: Iterable[RatingRecord], population: int | None = None) -> SurveyResult:
    """The IKM of all the ratings given (filter them to the period first).

    ``population``: the service users in the period (e.g. the tickets served), for the
    regulation's minimum-sample check; None leaves the check out.
    """
    return survey_result_of(RatingTally.of(ratings, WIB), population)


def survey_result_of(tally: RatingTally, population: int | None = None) -> SurveyResult:
    return SurveyResult(
        respondents=tally.respondents(),
        index=full_ikm(tally.answers()),
        overall=overall_index(tally.values(OVERALL)),
        population=population,
        minimum_sample=None if population is None else minimum_sample(population),
        kiosks=tuple(tally.kiosks()),
    )


NRR_COLUMNS = (
    Column("element", "Unsur", "Element"),
    Column("name", "Unsur pelayanan", "Service element"),
    Column("answers", "Jawaban", "Answers", Kind.INT),
    Column("nrr", "NRR", "Mean (NRR)", Kind.DECIMAL, 2),
    Column("weighted", "NRR tertimbang", "Weighted NRR", Kind.DECIMAL, 3),
)


def nrr_table(result: SurveyResult, ratings: Iterable[RatingRecord], lang: str = "id") -> Table:
    """NRR and weighted NRR per element, then the total, the IKM and its grade."""
    return nrr_table_of(result, RatingTally.of(ratings, WIB), lang)


def nrr_table_of(result: SurveyResult, tally: RatingTally, lang: str = "id") -> Table:
    answers = tally.per_element()
    weighted = result.weighted
    rows = [
        (e, element_name(e, lang), answers.get(e, 0), result.index.nrr.get(e), weighted.get(e))
        for e in ELEMENTS
    ]
    rows.append(("", "Jumlah NRR tertimbang", None, None, result.weighted_total))
    rows.append(("", "IKM (x 25)", None, None, result.index.ikm))
    grade = result.index.grade
    note = f"Mutu pelayanan: {grade[0]} ({grade[1]})" if grade else "IKM: belum lengkap"
    return Table(
        "ikm_elements",
        "Nilai per unsur pelayanan",
        "Score by service element",
        NRR_COLUMNS,
        tuple(rows),
        note,
    )


def monthly_ikm_table(ratings: Iterable[RatingRecord], tz: ZoneInfo = WIB) -> Table:
    """The IKM (nine elements) and the exit question's index per month, oldest first."""
    return monthly_ikm_table_of(RatingTally.of(ratings, tz))


def monthly_ikm_table_of(tally: RatingTally) -> Table:
    # ratings.report() per month, from the counts: its two formulas, not a pass per rating
    # through its grouping (a year is 100,000 ratings)
    out = []
    for month in tally.months():
        survey = full_ikm(tally.answers(month))
        overall = overall_index(tally.values(OVERALL, month))
        grade = survey.grade[0] if survey.grade else None
        out.append((month, survey.ikm, grade, overall.ikm, overall.answers))
    columns = (
        Column("month", "Bulan", "Month"),
        Column("ikm", "IKM", "IKM", Kind.DECIMAL, 2),
        Column("grade", "Mutu", "Grade"),
        Column("overall", "Indeks pertanyaan akhir", "Exit question index", Kind.DECIMAL, 2),
        Column("overall_answers", "Jawaban akhir", "Exit answers", Kind.INT),
    )
    return Table(
        "ikm_trend",
        "IKM per bulan",
        "IKM by month",
        columns,
        tuple(out),
        "IKM hanya bila kesembilan unsur terjawab / IKM only when all nine elements have answers.",
    )


def kiosk_table(ratings: Iterable[RatingRecord]) -> Table:
    """Respondents and index per kiosk: a kiosk that never rates stands out."""
    return kiosk_table_of(RatingTally.of(ratings, WIB))


def kiosk_table_of(tally: RatingTally, whole: SurveyResult | None = None) -> Table:
    """``whole``: the result of all the ratings, if known: an office with one kiosk has it."""
    rows = []
    kiosks = tally.kiosks()
    for kiosk_id in kiosks:
        if whole is not None and len(kiosks) == 1:
            result = whole
        else:
            result = survey_result_of(tally.of_kiosk(kiosk_id))
        rows.append(
            (
                kiosk_id,
                result.respondents,
                result.index.ikm,
                result.overall.answers,
                result.overall.ikm,
            )
        )
    columns = (
        Column("kiosk", "Kios", "Kiosk"),
        Column("respondents", "Responden", "Respondents", Kind.INT),
        Column("ikm", "IKM", "IKM", Kind.DECIMAL, 2),
        Column("overall_answers", "Jawaban akhir", "Exit answers", Kind.INT),
        Column("overall", "Indeks pertanyaan akhir", "Exit question index", Kind.DECIMAL, 2),
    )
    return Table("ikm_by_kiosk", "Survei per kios", "Survey by kiosk", columns, tuple(rows))
