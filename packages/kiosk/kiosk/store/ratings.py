"""Ratings in SQLite: the raw press, the rating derived from it, and its outbox row, together.

Every press is counted in ``rating_press_tally`` (per day, button and outcome); a press that
did not count is also kept as a row of its own while the day has fewer than
``RAW_PER_DAY`` of them, and while its window's caller says so (:class:`RatingFlow` keeps the
first few of each window): a bouncing contact can press thousands of times a second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from kiosk.domain.ids import new_id
from kiosk.domain.outbox import OutboxEntry
from kiosk.store.database import Database
from kiosk.store.outbox import add_entries
from layanan_rules.ratings import Press, PressOutcome, Rating
from layanan_rules.respondent_profile import QUESTIONS

RAW_PER_DAY = 2_000  # rows for presses that did not count, per day: then the tally only


class SqliteRatingStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self,
        press: Press,
        rating: Rating | None = None,
        outbox: Callable[[int], list[OutboxEntry]] | None = None,
        *,
        keep_raw: bool = True,
    ) -> int:
        """One transaction: the press in the tally, its row (always when it counted, else if
        ``keep_raw`` and the day's bound allows), the rating it produced, its outbox row.
        Returns the press's row number, 0 when only tallied."""
        day, at = press.at.date().isoformat(), press.at.isoformat()
        counted = press.outcome == PressOutcome.COUNTED
        with self._db.transaction() as conn:
            if not counted and keep_raw:
                (kept_today,) = conn.execute(
                    "SELECT COALESCE(SUM(kept), 0) FROM rating_press_tally "
                    "WHERE day = ? AND outcome != ?",
                    (day, PressOutcome.COUNTED.value),
                ).fetchone()
                keep_raw = kept_today < RAW_PER_DAY
            keep = counted or keep_raw
            conn.execute(
                "INSERT INTO rating_press_tally (day, button, outcome, presses, kept, first_at, "
                "last_at) VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (day, button, outcome) DO "
                "UPDATE SET presses = presses + 1, kept = kept + excluded.kept, last_at = ?",
                (day, press.button, press.outcome, int(keep), at, at, at),
            )
            if not keep:
                return 0
            cur = conn.execute(
                "INSERT INTO rating_presses (button, pressed_at, clock_synced, outcome, element) "
                "VALUES (?, ?, ?, ?, ?)",
                (press.button, at, int(press.clock_synced), press.outcome, press.element),
            )
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

    def record_profile(self, profile: dict, outbox: list[OutboxEntry]) -> None:
        """A respondent's profile (month and answers only) and its outbox row, together."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO respondent_profiles (id, month, sex, age, education, occupation) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (new_id(), profile["month"], *(profile.get(q) for q in QUESTIONS)),
            )
            add_entries(conn, outbox)

    def between(self, first: date, last: date) -> list[tuple[str, str, int]]:
        """(day, element, value) of every rating in the days from ``first`` to ``last``."""
        rows = self._db.query(
            "SELECT day, element, value FROM ratings WHERE day BETWEEN ? AND ? ORDER BY seq",
            (first.isoformat(), last.isoformat()),
        )
        return [tuple(r) for r in rows]

    def press_counts(self, first: date, last: date) -> dict[str, int]:
        rows = self._db.query(
            "SELECT outcome, SUM(presses) FROM rating_press_tally "
            "WHERE day BETWEEN ? AND ? GROUP BY outcome",
            (first.isoformat(), last.isoformat()),
        )
        return {outcome: n for outcome, n in rows}
