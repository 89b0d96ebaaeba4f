"""A seeded year of a busy office, written straight into the database, for the benchmark of the
reports (``scripts/bench.py --only central-reports``). Not demo data: numbers are plain.

Each day ``per_day`` tickets arrive between 08.00 and 15.00 local time over the office's
services; about 7% are no-shows and 3% are left uncalled; every served visitor's ticket has
an issued, a called and a done event, a no-show an issued, two calls and a no-show; a share
of visitors answer the nine-element survey and the exit question. A fifth as many online
bookings as tickets are spread over the day's half-hour slots: about 5% cancelled, 10% moved,
85% of the others checked in at the kiosk (some early, some late), the rest no-shows.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BATCH = 5000
# Django is imported inside the functions: ``python -m`` runs this before Django is set up.


def fill(office, first: date, days: int, per_day: int, seed: int) -> int:
    """Returns the number of events written."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from kiosk_central.queue.models import Counter, Kiosk, Rating, Ticket, TicketEvent

    rng = random.Random(seed)
    tz = ZoneInfo(office.time_zone)
    services = list(office.services.all())
    counters = list(Counter.objects.filter(office=office))
    staff = [User.objects.get_or_create(username=f"petugas{c.number}")[0] for c in counters]
    kiosk, _ = Kiosk.objects.get_or_create(
        office=office, name="bench-kiosk", defaults={"token_hash": uuid.uuid4().hex * 2}
    )
    events = 0
    for d in range(days):
        day = first + timedelta(days=d)
        opening = datetime.combine(day, time(8), tz)
        tickets, pending = [], []
        seqs = dict.fromkeys((s.id for s in services), 0)
        for _ in range(per_day):
            service = rng.choice(services)
            seqs[service.id] += 1
            issued = opening + timedelta(minutes=rng.uniform(0, 420))
            r = rng.random()
            state = "waiting" if r < 0.03 else "no_show" if r < 0.10 else "done"
            tickets.append(
                Ticket(
                    uid=uuid.UUID(int=rng.getrandbits(128)),
                    office=office,
                    service=service,
                    kiosk=kiosk,
                    day=day,
                    seq=seqs[service.id],
                    number=f"{service.prefix}-{seqs[service.id]:03d}",
                    lane=rng.choice(("regular", "regular", "regular", "priority", "appointment")),
                    source=rng.choice(("nik", "walk_in", "booking")),
                    origin="central",
                    state=state,
                    issued_at=issued,
                    queued_at=issued,
                    received_at=issued,
                )
            )
        with transaction.atomic():
            Ticket.objects.bulk_create(tickets, batch_size=BATCH)
            for t in tickets:
                k = rng.randrange(len(counters))
                called = t.queued_at + timedelta(minutes=rng.lognormvariate(2.8, 0.6))
                pending.append(TicketEvent(ticket=t, kind="issued", at=t.queued_at, kiosk=kiosk))
                if t.state == "waiting":
                    continue
                where = {"counter": counters[k], "staff": staff[k]}
                pending.append(TicketEvent(ticket=t, kind="called", at=called, **where))
                if t.state == "no_show":
                    later = called + timedelta(minutes=3)
                    pending.append(TicketEvent(ticket=t, kind="recalled", at=later, **where))
                    pending.append(TicketEvent(ticket=t, kind="no_show", at=later, **where))
                else:
                    done = called + timedelta(minutes=rng.lognormvariate(2.3, 0.4))
                    pending.append(TicketEvent(ticket=t, kind="done", at=done, **where))
            TicketEvent.objects.bulk_create(pending, batch_size=BATCH)
            ratings = []
            for i in range(per_day // 10):
                at = opening + timedelta(minutes=rng.uniform(30, 450))
                for element in ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", ""):
                    ratings.append(
                        Rating(
                            id=uuid.UUID(int=rng.getrandbits(128)),
                            office=office,
                            kiosk=kiosk,
                            value=rng.choice((2, 3, 3, 4, 4)),
                            element=element,
                            at=at,
                            clock_synced=True,
                            kiosk_sequence=d * 10000 + i,
                        )
                    )
            Rating.objects.bulk_create(ratings, batch_size=BATCH)
        events += len(pending)
    return events


def fill_bookings(office, first: date, days: int, per_day: int, seed: int) -> int:
    """The year's online bookings and their check-ins; returns the number of bookings."""
    from django.db import transaction

    from kiosk_central.queue.models import Booking, CheckIn, Kiosk

    rng = random.Random(seed)
    tz = ZoneInfo(office.time_zone)
    services = list(office.services.all())
    kiosk = Kiosk.objects.get(office=office, name="bench-kiosk")
    made = 0
    for d in range(days):
        day = first + timedelta(days=d)
        bookings, arrivals = [], []
        for i in range(per_day):
            start = datetime.combine(day, time(8), tz) + timedelta(minutes=30 * rng.randrange(14))
            r = rng.random()
            status = "cancelled" if r < 0.05 else "checked_in" if r < 0.86 else "no_show"
            code = f"Y{d:03d}{i:03d}"
            bookings.append(
                Booking(
                    office=office,
                    code=code,
                    service=rng.choice(services),
                    slot_start=start,
                    slot_end=start + timedelta(minutes=30),
                    day=day,
                    status=status,
                    moves=1 if rng.random() < 0.10 else 0,
                    created_at=start - timedelta(days=rng.randrange(1, 14)),
                )
            )
            if status == "checked_in":
                arrivals.append(
                    CheckIn(
                        id=uuid.UUID(int=rng.getrandbits(128)),
                        office=office,
                        kiosk=kiosk,
                        booking_code=code,
                        ticket_uid=uuid.UUID(int=rng.getrandbits(128)),
                        at=start + timedelta(minutes=rng.uniform(-20, 40)),
                        verified=True,
                    )
                )
        with transaction.atomic():
            Booking.objects.bulk_create(bookings, batch_size=BATCH)
            CheckIn.objects.bulk_create(arrivals, batch_size=BATCH)
        made += len(bookings)
    return made


def bench(config: str, runs: int) -> None:
    """Fill a year into the central of ``config`` and time the reports in-process (called by
    ``scripts/bench.py --only central-reports``, which then times them through the server)."""
    import statistics
    import time as clock

    from kiosk_central.cli import setup

    setup(config)
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from kiosk_central.dashboard import digest, period
    from kiosk_central.dashboard.models import DayDigest
    from kiosk_central.queue.models import Office

    office, last = Office.objects.get(), date(2026, 11, 23)
    first = last - timedelta(days=364)
    start = clock.perf_counter()
    events = fill(office, first, 365, 300, seed=15)
    took = clock.perf_counter() - start
    print(f"  filled 365 days x 300 tickets ({events} events, seed 15) in {took:.0f} s")
    booked = fill_bookings(office, first, 365, 60, seed=29)
    print(f"  and {booked} online bookings (365 days x 60, seed 29)")
    # The planner's statistics, as PostgreSQL's autovacuum keeps them in service (right after
    # a bulk load it plans the year's GROUP BY as if the tables were empty: twice as slow).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = User.objects.create_user("bench", password="bench-pw")
    user.groups.add(Group.objects.get(name="supervisor"))
    back = (office.local_now().date() - first).days

    def timed(job, runs: int, before=lambda: None) -> list[float]:
        samples = []
        for _ in range(runs):
            before()
            start = clock.perf_counter()
            job()
            samples.append(clock.perf_counter() - start)
        return samples

    def forget() -> None:
        DayDigest.objects.all().delete()

    def say(what: str, samples: list[float]) -> None:
        median = statistics.median(samples) * 1000
        print(
            f"  {what}: median {median:.0f} ms (min {min(samples) * 1000:.0f} ms, n={len(samples)})"
        )

    # The worst case, once: no digest at all (the report makes and keeps all 365).
    worst = timed(lambda: period.build_uncached(office, first, last), 1, forget)
    say("period report, a year, no digests (makes them)", worst)
    made = timed(lambda: digest.digest_closed_days(office, back), runs, forget)
    say("digest job, the whole year (365 days)", made)
    per_day = statistics.median(made) / 365 * 1000
    print(f"  digest job per day (what the nightly run pays): {per_day:.1f} ms")
    fresh = timed(lambda: digest.digest_closed_days(office, back), runs)
    say("digest job with every day fresh (the check only)", fresh)
    month = last.replace(day=1)
    for what, job in (
        (
            "period report, a year, digests in place",
            lambda: period.build_uncached(office, first, last),
        ),
        (
            "period report, one month, digests in place",
            lambda: period.build_uncached(office, month, last),
        ),
    ):
        say(what, timed(job, runs))
    # The bookings' section of the period report alone (it joins the year above), read by
    # ``kiosk_central.booking.kpis`` in two queries.
    from kiosk_central.booking import kpis

    samples = timed(lambda: kpis.tables(office, first, last), runs)
    say("report-year-bookings (the bookings' section, a year)", samples)


if __name__ == "__main__":
    import sys

    bench(sys.argv[1], int(sys.argv[2]))
