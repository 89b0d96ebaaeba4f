"""Digests of closed days: a year's report adds ~365 small day tallies and today's rows.

A day is digested once it is over in the office's zone: by ``kiosk-central digest`` (run by
the alerts timer every minute: after midnight it finds yesterday) and, for any closed day a
report needs whose digest is missing or stale, by the report itself, which keeps what it made.

Stale. Every write to a ticket appends a TicketEvent (issued, called, done, voided, a late
ticket from a kiosk that was offline for days), and ratings are only ever added: so a day's
fingerprint is the count and last id of its tickets' events and the count of its ratings,
all days' at once in two GROUP BY queries. No hook in the code that writes, so nothing that
writes (an API, a counter, the admin, a script) can forget to invalidate. A digest is kept
with the fingerprint read *before* its rows: a write in between makes it stale, never wrong.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db import DatabaseError, transaction
from django.db.models import Count, Func, IntegerField, Max

from kiosk_central.dashboard.adapter import (
    local_bounds,
    queue_tallies,
    rating_tallies,
)
from kiosk_central.dashboard.models import DayDigest
from kiosk_central.queue.models import Office, Rating, TicketEvent
from kiosk_central.queue.writer import writer
from kiosk_central.reports.tallies import MS, QueueTally, RatingTally

log = logging.getLogger(__name__)
DAY_MS = 86_400_000
# The buckets' offset is the zone's on a fixed day: a day's buckets never depend on the period.
REFERENCE_DAY = date(2000, 1, 1)
Fingerprint = tuple[int, int | None, list[int]]  # events, last event id, rating bucket counts


class RatingBucket(Func):
    """The day number of a rating's time shifted by the zone's offset, to the millisecond
    (as the tallies round it): the office's local day in a zone without DST, and in one with
    DST a day still maps to its own one or two buckets (a fingerprint may only be too wide)."""

    output_field = IntegerField()

    def __init__(self, expression, offset_ms: int, **extra):
        self.offset_ms = int(offset_ms)
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        template = (
            "((CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400000.0) AS INTEGER)"
            f" + {self.offset_ms}) / {DAY_MS})"
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = (
            "div(ROUND(EXTRACT(EPOCH FROM %(expressions)s) * 1000)::bigint"
            f" + {self.offset_ms}, {DAY_MS})"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def _offset_ms(tz: ZoneInfo, day: date) -> int:
    start, _ = local_bounds(day, day, tz)
    return int(start.utcoffset().total_seconds() * 1000)  # type: ignore[union-attr]


def fingerprints(office: Office, first: date, last: date) -> dict[date, Fingerprint]:
    """Each day's fingerprint, for the days that have any tickets or ratings."""
    tz = ZoneInfo(office.time_zone)
    offset = _offset_ms(tz, REFERENCE_DAY)
    out: dict[date, Fingerprint] = {}
    events = (
        TicketEvent.objects.filter(
            ticket__office=office, ticket__day__gte=first, ticket__day__lte=last
        )
        .order_by()
        .values("ticket__day")
        .annotate(n=Count("id"), m=Max("id"))
        .values_list("ticket__day", "n", "m")
    )
    for day, n, m in events:
        out[day] = (n, m, [])
    start, end = local_bounds(first, last, tz)
    buckets = dict(
        Rating.objects.filter(office=office, at__gte=start, at__lt=end)
        .order_by()
        .annotate(bucket=RatingBucket("at", offset))
        .values("bucket")
        .annotate(n=Count("id"))
        .values_list("bucket", "n")
    )
    if not buckets and not out:
        return out
    day = first
    while day <= last:
        a, b = local_bounds(day, day, tz)
        low = (round(a.timestamp() * 1000) + offset) // DAY_MS
        high = (round(b.timestamp() * 1000) - 1 + offset) // DAY_MS
        counts = [buckets.get(k, 0) for k in range(low, high + 1)]
        if any(counts) or day in out:
            n, m, _ = out.get(day, (0, None, []))
            out[day] = (n, m, counts)
        day += timedelta(days=1)
    return out


def _made(office: Office, days: list[date], fingerprint: dict) -> dict[date, tuple]:
    """Tallies of ``days`` from the rows, each with the fingerprint read before them."""
    tz = ZoneInfo(office.time_zone)
    out: dict[date, tuple] = {}
    for first, last in _runs(days):
        queues = queue_tallies(office.id, first, last, tz)
        surveys = rating_tallies(office.id, first, last, tz)
        day = first
        while day <= last:
            out[day] = (
                fingerprint.get(day, (0, None, [])),
                queues.get(day, QueueTally(MS)),
                surveys.get(day, RatingTally()),
            )
            day += timedelta(days=1)
    return out


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last): one set of queries per run."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def _keep(office: Office, made: dict[date, tuple], wait_s: float | None = None) -> None:
    rows = []
    for day, ((events, last_event, ratings), queue, survey) in made.items():
        head, times = queue.pack()
        rows.append(
            DayDigest(
                office=office,
                day=day,
                time_zone=office.time_zone,
                events=events,
                last_event=last_event,
                ratings=ratings,
                queue=head,
                times=times,
                survey=survey.pack(),
            )
        )
    fields = ["time_zone", "events", "last_event", "ratings", "queue", "times", "survey"]
    with writer(wait_s), transaction.atomic():
        DayDigest.objects.bulk_create(
            rows,
            batch_size=100,
            update_conflicts=True,
            unique_fields=["office", "day"],
            update_fields=[*fields, "made_at"],
        )


def _stale(office: Office, first: date, last: date, prints: dict) -> tuple[dict, list[date]]:
    """The fresh digests of the closed days ``first`` to ``last`` (tallies as stored: ids as
    keys), and the days that need one."""
    fresh: dict[date, tuple] = {}
    kept = DayDigest.objects.filter(office=office, day__gte=first, day__lte=last).values_list(
        "day", "time_zone", "events", "last_event", "ratings", "queue", "times", "survey"
    )
    for day, zone, events, last_event, ratings, queue, times, survey in kept:
        current = zone == office.time_zone and queue.get("format") == QueueTally.FORMAT
        if current and prints.get(day, (0, None, [])) == (
            events,
            last_event,
            ratings,
        ):
            fresh[day] = (queue, times, survey)
    empty = {day for day, fp in prints.items() if not fp[0] and not any(fp[2])}
    needed = sorted(d for d in prints if first <= d <= last and d not in fresh and d not in empty)
    return fresh, needed


def period_tallies(
    office: Office, first: date, last: date, prints: dict[date, Fingerprint] | None = None
) -> tuple[QueueTally, RatingTally]:
    """The tallies of the days ``first`` to ``last`` (ids as keys): closed days from their
    digests, made and kept now if missing or stale; today (and later) from the rows."""
    tz = ZoneInfo(office.time_zone)
    today = office.local_now().date()
    if prints is None:
        prints = fingerprints(office, first, last)
    queue, survey = QueueTally(MS), RatingTally()
    closed_last = min(last, today - timedelta(days=1))
    if first <= closed_last:
        fresh, needed = _stale(office, first, closed_last, prints)
        for head, times, packed in fresh.values():
            queue.merge(QueueTally.unpack(head, bytes(times)))
            survey.merge(RatingTally.unpack(packed))
        if needed:
            made = _made(office, needed, prints)
            for _, q, s in made.values():
                queue.merge(q)
                survey.merge(s)
            try:
                # A report has its figures already: it waits for the writer no longer than
                # one of the kiosks' writes takes (~10 ms), never the config's full deadline;
                # what it cannot keep, the next report or the timer's run keeps.
                _keep(office, made, wait_s=0.1)
            except DatabaseError as exc:  # a busy database: the report stands, kept next time
                log.warning("digest: %d days of office %s not kept: %s", len(made), office.pk, exc)
    if last > closed_last:
        open_first = max(first, closed_last + timedelta(days=1))
        for q in queue_tallies(office.id, open_first, last, tz).values():
            queue.merge(q)
        for s in rating_tallies(office.id, open_first, last, tz).values():
            survey.merge(s)
    return queue, survey


def digest_closed_days(office: Office, days: int) -> int:
    """Make the missing or stale digests of the ``days`` days before today; how many."""
    today = office.local_now().date()
    first, last = today - timedelta(days=days), today - timedelta(days=1)
    prints = fingerprints(office, first, last)
    _, needed = _stale(office, first, last, prints)
    if needed:
        _keep(office, _made(office, needed, prints))
    return len(needed)
