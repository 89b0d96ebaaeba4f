"""From the central's rows to the reports' tallies, one per office-local day.

A year of a busy office is about 110,000 tickets and three times as many events: read as
``values_list`` streams (tickets; each ticket's call and done times aggregated in the database;
the calls' counter and staff), never as model instances or one query per ticket, and with no
datetime per ticket: times are integer milliseconds since 1970, local days and hours come
from the office's midnights (``LocalClock``).

Choices a reader of the figures must know:
- A ticket's issue time is ``queued_at``: when the central saw it, or when the visitor took it
  at a kiosk whose clock was synced. The kiosk's own ``issued_at`` may come from a Pi without
  a battery, and a waiting time from it would be fiction.
- Voided tickets and tickets superseded by a kiosk's offline number are left out.
- The service is the ticket's service as it is now (after a transfer, the one that served it).
- The counter and staff member are those of the last call (the one the visitor answered).
- Groups are keyed by ids (service, counter, staff, kiosk); ``Labels`` names them when a
  report is made, so a digest made last month reports a renamed service under its new name.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import FloatField, Func, Max, Min, Q

from kiosk_central.queue.models import Counter, Kiosk, Rating, Service, Ticket, TicketEvent
from kiosk_central.reports import tallies
from kiosk_central.reports.records import Lane, Source
from kiosk_central.reports.tallies import MS, QueueTally, RatingTally

# the database's words to the tallies' indexes
LANES = {
    "regular": tallies.LANES.index(Lane.REGULAR),
    "priority": tallies.LANES.index(Lane.PRIORITY),
    "appointment": tallies.LANES.index(Lane.BOOKING),
}
SOURCES = {s.value: tallies.SOURCES.index(s) for s in Source}
REGULAR, WALK_IN = LANES["regular"], SOURCES["walk_in"]
CALL, RECALL, DONE = TicketEvent.Kind.CALLED, TicketEvent.Kind.RECALLED, TicketEvent.Kind.DONE
CHUNK = 10_000


class Epoch(Func):
    """A timestamp as seconds since 1970 (UTC), a float: the database converts it, which is
    several times faster than Django parsing 300,000 datetimes (SQLite keeps them as text)."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float8"
        )


def read_rows(queryset, size: int = CHUNK):
    """A values_list query's rows straight from the cursor: its columns are already plain
    (ids, text, epoch floats), and Django's per-row converters cost more than the query."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch


def _ms(seconds: float) -> int:
    # to the millisecond: SQLite's julianday carries about 20 microseconds of float noise
    return round(round(seconds, 3) * 1000)


class LocalClock:
    """The office-local day and hour of instants (ms since 1970) around a period, without a
    datetime each: from the local midnights; a day with a change of UTC offset (DST, in zones
    that have it) asks the zone."""

    def __init__(self, tz: ZoneInfo, first: date, last: date) -> None:
        self.tz = tz
        self.days = [first + timedelta(days=i) for i in range(-1, (last - first).days + 3)]
        midnights = [datetime.combine(d, time(0), tz) for d in self.days]
        self.starts = [round(m.timestamp() * 1000) for m in midnights]
        self.steady = [a.utcoffset() == b.utcoffset() for a, b in itertools.pairwise(midnights)]

    def _index(self, ms: int) -> int | None:
        i = bisect.bisect_right(self.starts, ms) - 1
        return i if 0 <= i < len(self.steady) and self.steady[i] else None

    def hour(self, ms: int) -> int:
        i = self._index(ms)
        if i is None:
            return datetime.fromtimestamp(ms / 1000, self.tz).hour
        return (ms - self.starts[i]) // 3_600_000

    def day(self, ms: int) -> date:
        i = self._index(ms)
        return datetime.fromtimestamp(ms / 1000, self.tz).date() if i is None else self.days[i]


def local_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants the office's local days ``first`` to ``last`` (included) span."""
    return (
        datetime.combine(first, time(0), tz),
        datetime.combine(last + timedelta(days=1), time(0), tz),
    )


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value  # SQLite: text


class Labels:
    """The names a report shows for the ids the tallies are keyed by, as they are now."""

    def __init__(self, office_id: int) -> None:
        self.services = dict(
            Service.objects.filter(office_id=office_id).values_list("id", "name_id")
        )
        self.counters = {
            pk: f"Loket {n}"
            for pk, n in Counter.objects.filter(office_id=office_id).values_list("id", "number")
        }
        self.staff = {}
        for pk, first, last, username in User.objects.values_list(
            "id", "first_name", "last_name", "username"
        ):
            self.staff[pk] = f"{first} {last}".strip() or username
        self.kiosks = dict(Kiosk.objects.values_list("id", "name"))

    def queue(self, tally: QueueTally) -> QueueTally:
        return tally.relabel(
            {
                "service": self.services.__getitem__,
                "counter": self.counters.get,
                "staff": self.staff.get,
            }
        )

    def survey(self, tally: RatingTally) -> RatingTally:
        return tally.relabel(self.kiosks.__getitem__)


def queue_tallies(
    office_id: int, first: date, last: date, tz: ZoneInfo, read=read_rows
) -> dict[date, QueueTally]:
    """The tickets of the days ``first`` to ``last`` (a ticket's day is its local day of
    issue), one tally per day that has any. ``read`` runs each query (a test slips a write in
    between two reads through it)."""
    clock = LocalClock(tz, first, last)
    in_period = {"day__gte": first, "day__lte": last}
    events = TicketEvent.objects.filter(
        ticket__office_id=office_id, **{f"ticket__{k}": v for k, v in in_period.items()}
    ).order_by()
    calls = Q(kind__in=[CALL, RECALL])
    # The times per ticket in the database (one row a ticket, not one an event): the first
    # call, the last call and the done are the earliest and latest of their events.
    times = (
        events.filter(kind__in=[CALL, RECALL, DONE])
        .values("ticket_id")
        .annotate(
            first=Min(Epoch("at"), filter=calls),
            last=Max(Epoch("at"), filter=calls),
            done=Max(Epoch("at"), filter=Q(kind=DONE)),
        )
        .values_list("ticket_id", "first", "last", "done")
    )
    # per ticket: [first call, last call, done, counter, staff]; no-show comes from the state
    seen: dict[int, list] = {
        ticket_id: [first_call, last_call, done, None, None]
        for ticket_id, first_call, last_call, done in read(times)
    }
    # The counter and staff of the last call in (at, id) order: the later row wins.
    answered = (
        events.filter(kind__in=[CALL, RECALL])
        .order_by("ticket_id", "at", "id")
        .values_list("ticket_id", "counter_id", "staff_id")
    )
    for ticket_id, counter, who in read(answered):
        # Two reads, no common snapshot: a first call made between them is the next report's.
        row = seen.get(ticket_id)
        if row is not None:
            row[3], row[4] = counter, who
    tickets = (
        Ticket.objects.filter(office_id=office_id, superseded=False, **in_period)
        .exclude(state=Ticket.State.VOIDED)
        .order_by("id")
        .values_list("id", "day", "service_id", "source", "lane", Epoch("queued_at"), "state")
    )
    out: dict[date, QueueTally] = {}
    days: dict[object, QueueTally] = {}  # by the day as the database gives it
    none = (None, None, None, None, None)
    no_show_state, hour = Ticket.State.NO_SHOW, clock.hour
    for ticket_id, day, service, source, lane, queued, state in read(tickets):
        tally = days.get(day)
        if tally is None:
            tally = days[day] = out[_as_date(day)] = QueueTally(MS)
        first_call, last_call, done, counter, who = seen.get(ticket_id, none)
        issued = _ms(queued)
        wait = call_hour = served = done_hour = None
        no_show = state == no_show_state
        if first_call is not None:
            called = _ms(first_call)
            issued = min(issued, called)  # a call cannot precede the issue: the clock was wrong
            wait, call_hour = called - issued, hour(called)
            if done is not None and not no_show:
                finished = _ms(done)
                served = max(0, finished - _ms(last_call))
                done_hour = hour(finished)
        tally.add(
            service,
            counter,
            who,
            hour(issued),
            call_hour,
            done_hour,
            wait,
            served,
            no_show,
            SOURCES.get(source, WALK_IN),
            LANES.get(lane, REGULAR),
        )
    return out


def rating_tallies(
    office_id: int, first: date, last: date, tz: ZoneInfo
) -> dict[date, RatingTally]:
    """The ratings the kiosks gave in the days, one tally per local day that has any. The
    kiosk sends the exit question with an empty element: it is ``overall``, its own index."""
    clock = LocalClock(tz, first, last)
    start, end = local_bounds(first, last, tz)
    rows = (
        Rating.objects.filter(office_id=office_id, at__gte=start, at__lt=end, value__gte=1)
        .filter(value__lte=4)
        .values_list("kiosk_id", Epoch("at"), "element", "value")
    )
    out: dict[date, RatingTally] = defaultdict(RatingTally)
    for kiosk, at, element, value in read_rows(rows):
        # within the days: a rating in the last half millisecond rounds into the next one
        day = min(max(clock.day(_ms(at)), first), last)
        out[day].add(kiosk, day, element or "overall", value)
    return dict(out)
