"""One day at the kiosk in numbers, for the technician screen."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.ratings import OVERALL, Index, overall_index
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox


@dataclass(frozen=True)
class DaySummary:
    tickets: int
    not_printed: int
    ratings: Index  # the exit question's index
    waiting: int
    refused: int

    def describe(self) -> str:
        index = self.ratings
        exit_index = f"{index.ikm:.2f} ({index.grade[0]})" if index.ikm is not None else "-"
        return (
            f"Today: {self.tickets} tickets ({self.not_printed} not printed), "
            f"{index.answers} ratings, exit index {exit_index}. "
            f"Outbox: {self.waiting} waiting, {self.refused} refused."
        )


def day_summary(db: Database, day: str) -> DaySummary:
    tickets, failed = db.query(
        "SELECT COUNT(*), SUM(print_state = 'failed') FROM tickets WHERE day = ?", (day,)
    )[0]
    values = db.query("SELECT value FROM ratings WHERE day = ? AND element = ?", (day, OVERALL))
    counts = Outbox(db).counts()
    return DaySummary(
        tickets,
        failed or 0,
        overall_index(r[0] for r in values),
        counts["pending"] + counts["inflight"],
        counts["parked"],
    )
