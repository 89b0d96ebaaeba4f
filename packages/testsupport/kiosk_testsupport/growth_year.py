"""A year of a busy office in the central's database, for the growth benchmark
(``scripts/bench.py --only central-growth``): the seeded year of ``sample_year`` plus what the
kiosks' sync leaves (a stored reply per ticket, a batch reply a day), then the housekeeping a
year runs (replies past ``reply_keep_days`` pruned), and the backup of the result, each timed.

    python -m kiosk_testsupport.growth_year CONFIG
"""

from __future__ import annotations

import sys
import time
import uuid
from datetime import date, timedelta

PER_DAY, DAYS, SEED = 300, 365, 31


def _replies(office, first: date) -> int:
    """One stored reply per ticket (what POST /tickets keeps), as the API writes it."""
    from django.db import transaction

    from kiosk_central.queue.models import IdempotentReply, Ticket

    made = 0
    kiosk = office.kiosks.first()
    for d in range(DAYS):
        day = first + timedelta(days=d)
        rows = []
        for t in Ticket.objects.filter(office=office, day=day).only("uid", "number", "queued_at"):
            reply = {
                "id": str(t.uid),
                "number": t.number,
                "people_ahead": 4,
                "estimated_wait_minutes": 18,
                "server_time": t.queued_at.isoformat(),
            }
            rows.append(
                IdempotentReply(
                    kiosk=kiosk, scope="ticket", key=uuid.uuid4(), fingerprint="f" * 64,
                    status=201, reply=reply, ticket=t, created_at=t.queued_at,
                )
            )  # fmt: skip
        with transaction.atomic():
            IdempotentReply.objects.bulk_create(rows, batch_size=5000)
        made += len(rows)
    return made


def _size_mb() -> float:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            from pathlib import Path

            return Path(settings.DATABASES["default"]["NAME"]).stat().st_size / 1e6
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0] / 1e6


def main(config: str) -> None:
    from kiosk_central.cli import setup

    setup(config)
    from django.db import connection

    from kiosk_central.backup.commands import backup
    from kiosk_central.queue.models import Office
    from kiosk_central.queue.retention import prune_replies
    from kiosk_testsupport.sample_year import fill

    office = Office.objects.get()
    first = office.local_now().date() - timedelta(days=DAYS)
    empty = _size_mb()
    start = time.perf_counter()
    events = fill(office, first, DAYS, PER_DAY, seed=SEED)
    replies = _replies(office, first)
    print(
        f"  a year: {DAYS} days x {PER_DAY} tickets, {events} events, {replies} replies "
        f"(seed {SEED}), written in {time.perf_counter() - start:.0f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  database: empty {empty:.1f} MB, after the year with every reply {_size_mb():.1f} MB")
    start = time.perf_counter()
    pruned = prune_replies(30)
    took = time.perf_counter() - start
    print(f"  replies older than 30 days pruned: {pruned} ({took:.1f} s)")
    # What the year looks like once freed space is reused (SQLite: VACUUM); on PostgreSQL the
    # rewrite that follows a night's NIK erasure, timed over the year's tables.
    start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
        else:
            cursor.execute("VACUUM (FULL) queue_ticket, queue_idempotentreply")
    took = time.perf_counter() - start
    what = "VACUUM" if connection.vendor == "sqlite" else "the nightly table rewrite"
    print(f"  database then {_size_mb():.1f} MB ({what} {took:.1f} s)")
    start = time.perf_counter()
    made = backup()
    print(
        f"  backup: {made.path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s"
        f" ({made.kind})"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
