"""The IKM across kiosks with the kiosk's formula, respondents, and the minimum-sample flag."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kiosk_central.reports import survey
from kiosk_central.reports.survey import (
    SAMPLE_TABLE,
    kiosk_table,
    minimum_sample,
    monthly_ikm_table,
    nrr_table,
    survey_result,
)
from layanan_rules import ratings as kiosk_ratings
from layanan_rules.ratings import ELEMENTS
from layanan_rules.survey_scales import SCALES, answer_label
from tests.central_reports.conftest import ratings


def _survey(kiosk, per_element_values, **kw):
    return [r for e in ELEMENTS for r in ratings(kiosk, e, per_element_values, **kw)]


def test_the_formula_is_the_kiosks_own_not_a_copy():
    assert survey.full_ikm is kiosk_ratings.full_ikm
    assert survey.overall_index is kiosk_ratings.overall_index


def test_two_kiosks_make_one_index_and_the_exit_question_stays_apart():
    records = _survey("k1", [4, 4, 3]) + _survey("k2", [2])
    records += ratings("k2", "overall", [1, 1])
    result = survey_result(records, population=500)
    # every element: 4 4 3 2 -> NRR 13/4 = 3.25; weighted total 9 x 3.25/9 = 3.25; x 25
    assert result.index.nrr == {e: 3.25 for e in ELEMENTS}
    assert result.weighted_total == pytest.approx(3.25)
    assert result.index.ikm == 81.25 and result.index.grade == ("B", "Baik")
    assert result.respondents == 4  # no respondent ids: the most answers of one element
    assert result.overall.ikm == 25.0  # the exit question's own index, not mixed in
    assert result.kiosks == ("k1", "k2")
    assert result.minimum_sample == 217 and result.below_minimum  # N=500 -> 217


def test_one_respondent():
    values = [4, 3, 3, 4, 2, 3, 4, 3, 4]  # sum 30
    records = [
        r
        for e, v in zip(ELEMENTS, values, strict=True)
        for r in ratings("k1", e, [v], respondent_prefix="visit-")
    ]
    result = survey_result(records, population=1)
    assert result.respondents == 1
    assert result.weighted_total == pytest.approx(30 / 9)  # 3.3333
    assert result.index.ikm == 83.33 and result.index.grade == ("B", "Baik")
    assert (result.minimum_sample, result.below_minimum) == (1, False)
    table = nrr_table(result, records)
    assert table.column("nrr")[:9] == values
    assert table.column("weighted")[0] == pytest.approx(4 / 9)
    assert table.rows[-1][-1] == 83.33
    assert table.note == "Mutu pelayanan: B (Baik)"
    assert survey_result(records, population=50).below_minimum  # 50 users -> 44 needed


def test_respondent_ids_are_counted_when_the_kiosk_links_the_answers():
    records = _survey("k1", [4, 3], respondent_prefix="v") + _survey(
        "k2", [4], respondent_prefix="v"
    )
    assert survey_result(records).respondents == 3  # k1/v0, k1/v1, k2/v0


def test_an_empty_period():
    result = survey_result([], population=0)
    assert (result.respondents, result.index.ikm, result.overall.ikm) == (0, None, None)
    assert result.weighted_total is None and not result.below_minimum
    assert survey_result([], population=120).below_minimum  # 120 served, nobody answered
    table = nrr_table(result, [])
    assert table.column("nrr")[:9] == [None] * 9 and table.note == "IKM: belum lengkap"


def test_an_element_without_answers_is_no_ikm():
    records = [r for r in _survey("k1", [4]) if r.element != "U4"]
    result = survey_result(records)
    assert result.index.ikm is None and not result.index.complete
    assert result.weighted_total is None


def test_monthly_trend_and_per_kiosk():
    october = _survey("k1", [4, 4, 4, 3], day=date(2026, 10, 5))  # 3.75 -> 93.75 A
    november = _survey("k1", [3, 2], day=date(2026, 11, 5))  # 2.5 -> 62.5 D
    november += ratings("k2", "overall", [4, 3], day=date(2026, 11, 6))
    table = monthly_ikm_table(october + november)
    assert table.rows == (("2026-10", 93.75, "A", None, 0), ("2026-11", 62.5, "D", 87.5, 2))
    by_kiosk = {row[0]: row for row in kiosk_table(october + november).rows}
    assert by_kiosk["k1"][1:3] == (6, 83.33)  # 4 4 4 3 3 2 -> 20/6 = 3.3333 -> 83.33
    assert by_kiosk["k2"][1:] == (0, None, 2, 87.5)  # only exit answers: no IKM


def test_the_sample_table_is_krejcie_and_morgans_formula():
    """Guards the data file against a mistyped row: every published row is the rounded
    chi-square formula S = X2 N P(1-P) / (d2 (N-1) + X2 P(1-P)), X2 = 3.841, P = .5, d = .05."""
    data = json.loads(SAMPLE_TABLE.read_text())
    assert "Krejcie" in data["source"] and "unverified" in data["used_by"]
    for population, sample in data["table"]:
        exact = 3.841 * population * 0.25 / (0.0025 * (population - 1) + 3.841 * 0.25)
        assert round(exact) == sample, population


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (0, 0),
        (1, 1),
        (10, 10),
        (11, 11),
        (12, 12),
        (15, 14),
        (100, 80),
        (300, 169),
        (301, 175),
        (1000, 278),
        (9000, 368),
        (109_500, 384),
        (10**7, 384),
    ],
)
def test_minimum_sample(population, sample):
    assert minimum_sample(population) == sample


def test_every_element_has_four_answers_in_both_languages():
    assert set(SCALES) == set(ELEMENTS)
    for element in ELEMENTS:
        id_labels = [answer_label(element, s, "id") for s in (1, 2, 3, 4)]
        en_labels = [answer_label(element, s, "en") for s in (1, 2, 3, 4)]
        assert len(set(id_labels)) == 4 and len(set(en_labels)) == 4 and all(en_labels)
    assert answer_label("U4", 1, "id") == "Sangat mahal"
    assert answer_label("U4", 4, "id") == "Gratis"  # free is the best answer
    with pytest.raises(ValueError):
        answer_label("U1", 5, "id")
