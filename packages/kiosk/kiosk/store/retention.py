"""Local personal data is kept only as long as the office needs it (UU 27/2022).

Purged after ``retention_days``: tickets (with the last four NIK digits and booking codes),
ratings and raw presses, outbox receipts, and records the central refused (parked: their NIK
was erased when parked, but what is left is still personal). Nothing the central API may still
acknowledge is deleted: losing a record is worse than keeping it a little longer. The one
exception is a respondent's SKM profile (optional answers, no ticket, no time): one an older
central never took (404) is dropped once it is older than the window, with the survey's own
data; the kiosk's copy of the profiles goes by month, like the ratings by day.
``secure_delete`` is on, and the WAL is folded back afterwards, so the bytes leave the file too.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from kiosk.store.database import Database

log = logging.getLogger(__name__)


def purge(db: Database, today: date, retention_days: int) -> dict[str, int]:
    cutoff = (today - timedelta(days=retention_days)).isoformat()
    counts = {}
    with db.transaction() as conn:
        counts["parked"] = conn.execute(
            "DELETE FROM outbox WHERE state = 'parked' "
            "AND substr(COALESCE(NULLIF(done_at, ''), created_at), 1, 10) < ?",
            (cutoff,),
        ).rowcount
        counts["tickets"] = conn.execute(
            """DELETE FROM tickets WHERE day < ? AND NOT EXISTS (
                   SELECT 1 FROM outbox WHERE outbox.record_id = tickets.id
                   AND outbox.state != 'done')""",
            (cutoff,),
        ).rowcount
        counts["ratings"] = conn.execute(
            """DELETE FROM ratings WHERE day < ? AND NOT EXISTS (
                   SELECT 1 FROM outbox WHERE outbox.record_id = ratings.id
                   AND outbox.state != 'done')""",
            (cutoff,),
        ).rowcount
        counts["presses"] = conn.execute(
            """DELETE FROM rating_presses WHERE substr(pressed_at, 1, 10) < ?
                   AND seq NOT IN (SELECT press_seq FROM ratings)""",
            (cutoff,),
        ).rowcount
        counts["press tallies"] = conn.execute(
            "DELETE FROM rating_press_tally WHERE day < ?", (cutoff,)
        ).rowcount
        counts["profiles never sent"] = conn.execute(
            "DELETE FROM outbox WHERE kind = 'profile' AND state = 'pending' "
            "AND substr(created_at, 1, 10) < ?",
            (cutoff,),
        ).rowcount
        counts["profiles"] = conn.execute(
            "DELETE FROM respondent_profiles WHERE month < ?", (cutoff[:7],)
        ).rowcount
        counts["receipts"] = conn.execute(
            "DELETE FROM outbox WHERE state = 'done' AND substr(done_at, 1, 10) < ?", (cutoff,)
        ).rowcount
    if any(counts.values()):
        db.checkpoint()
        log.info("retention: purged records older than %s: %s", cutoff, counts)
    return counts
