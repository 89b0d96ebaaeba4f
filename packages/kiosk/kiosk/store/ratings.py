"""Ratings in SQLite: the raw press, the rating derived from it, and its outbox row, together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from kiosk.domain.outbox import OutboxEntry
from kiosk.store.database import Database
from kiosk.store.outbox import add_entries
from layanan_rules.ratings import Press, Rating


class SqliteRatingStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self,
        press: Press,
        rating: Rating | None = None,
        outbox: Callable[[int], list[OutboxEntry]] | None = None,
    ) -> int:
        """One transaction: the press, the rating it produced (if it counted), its outbox row."""
        with self._db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO rating_presses (button, pressed_at, clock_synced, outcome, element) "
                "VALUES (?, ?, ?, ?, ?)",
                (press.button, press.at.isoformat(), int(press.clock_synced), press.outcome,
                 press.element),
            )  # fmt: skip
            press_seq = cur.lastrowid
            if rating is not None:
                conn.execute(
                    "INSERT INTO ratings (id, press_seq, value, element, survey_id, at, day, "
                    "clock_synced, ticket_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rating.id, press_seq, rating.value, rating.element, rating.survey_id,
                     rating.at.isoformat(), rating.at.date().isoformat(), int(rating.clock_synced),
                     rating.ticket_number),
                )  # fmt: skip
                if outbox is not None:
                    add_entries(conn, outbox(press_seq))
        return press_seq

    def between(self, first: date, last: date) -> list[tuple[str, str, int]]:
        """(day, element, value) of every rating in the days from ``first`` to ``last``."""
        rows = self._db.query(
            "SELECT day, element, value FROM ratings WHERE day BETWEEN ? AND ? ORDER BY seq",
            (first.isoformat(), last.isoformat()),
        )
        return [tuple(r) for r in rows]

    def press_counts(self, first: date, last: date) -> dict[str, int]:
        rows = self._db.query(
            "SELECT outcome, COUNT(*) FROM rating_presses "
            "WHERE substr(pressed_at, 1, 10) BETWEEN ? AND ? GROUP BY outcome",
            (first.isoformat(), last.isoformat()),
        )
        return {outcome: n for outcome, n in rows}
