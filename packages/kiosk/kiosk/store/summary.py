"""One day at the kiosk in numbers, for the technician screen."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.i18n import count, tr
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from layanan_rules.formatting import decimal
from layanan_rules.ratings import OVERALL, Index, overall_index


@dataclass(frozen=True)
class DaySummary:
    tickets: int
    not_printed: int
    ratings: Index  # the exit question's index
    waiting: int
    refused: int

    def describe(self, lang: str = "en") -> str:
        index = self.ratings
        exit_index = (
            f"{decimal(index.ikm, lang)} ({index.grade[0]})" if index.ikm is not None else "-"
        )
        return tr("tech.summary", lang, tickets=count("count.tickets", lang, self.tickets),
                  not_printed=self.not_printed, ratings=count("count.ratings", lang, index.answers),
                  index=exit_index, waiting=self.waiting, refused=self.refused)  # fmt: skip


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
