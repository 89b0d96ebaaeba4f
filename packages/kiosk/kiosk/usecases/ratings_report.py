"""``kiosk ratings report``: the IKM table for office staff, or CSV for their spreadsheet."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date

from kiosk.domain.ports import RatingStore
from layanan_rules.ratings import Index, report

COLUMNS = ("period", "exit_answers", "exit_index", "exit_grade",
           "survey_answers", "ikm", "ikm_grade")  # fmt: skip


def _cells(index: Index) -> tuple[str, str, str]:
    value = f"{index.ikm:.2f}" if index.ikm is not None else "-"
    grade = f"{index.grade[0]} ({index.grade[1]})" if index.grade else "-"
    return str(index.answers), value, grade


def print_report(
    open_store: Callable[[], AbstractContextManager[RatingStore]],
    first: str,
    last: str,
    by: str,
    as_csv: bool,
) -> int:
    try:
        start, end = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        print("kiosk: --from and --to: expected dates as YYYY-MM-DD", file=sys.stderr)
        return 2
    with open_store() as store:
        rows = report(store.between(start, end), by)
        presses = store.press_counts(start, end)
    table = [(r.period, *_cells(r.overall), *_cells(r.survey)[:1], *_cells(r.survey)[1:])
             for r in rows]  # fmt: skip
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(COLUMNS)
        writer.writerows(table)
        return 0
    widths = [max(len(str(x)) for x in column) for column in zip(COLUMNS, *table, strict=True)]
    for line in (COLUMNS, *table):
        print("  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)))
    raw = sum(presses.values())
    print(f"\n{raw} button presses kept, {presses.get('counted', 0)} counted "
          f"({presses.get('in_window', 0)} within a visitor's window, "
          f"{presses.get('stuck', 0)} from a stuck button)")  # fmt: skip
    print("The exit index is one question on the IKM scale; the IKM needs all nine elements.")
    return 0
