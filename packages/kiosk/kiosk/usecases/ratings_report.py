"""``kiosk ratings report``: the IKM table for office staff (the CLI prints it, or CSV for
their spreadsheet)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date

from kiosk.domain.ports import RatingStore
from layanan_rules.ratings import Index, report

COLUMNS = ("period", "exit_answers", "exit_index", "exit_grade",
           "survey_answers", "ikm", "ikm_grade")  # fmt: skip


def _cells(index: Index) -> tuple[str, str, str]:
    value = f"{index.ikm:.2f}" if index.ikm is not None else "-"
    grade = f"{index.grade[0]} ({index.grade[1]})" if index.grade else "-"
    return str(index.answers), value, grade


@dataclass(frozen=True)
class RatingsTable:
    """The IKM table of a period, one row per ``by`` period, and the rating buttons' presses."""

    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    presses: dict[str, int]


def ratings_table(
    open_store: Callable[[], AbstractContextManager[RatingStore]],
    start: date,
    end: date,
    by: str,
) -> RatingsTable:
    with open_store() as store:
        rows = report(store.between(start, end), by)
        presses = store.press_counts(start, end)
    table = [(r.period, *_cells(r.overall), *_cells(r.survey)[:1], *_cells(r.survey)[1:])
             for r in rows]  # fmt: skip
    return RatingsTable(COLUMNS, table, presses)
