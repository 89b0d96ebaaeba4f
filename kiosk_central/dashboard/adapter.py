"""From the central's rows to the reports' plain records, for a period of local days.

A year of a busy office is about 110,000 tickets and three times as many events: read as
``values_list`` streams (tickets; each ticket's call and done times aggregated in the database;
the calls' counter and staff), never as model instances or one query per ticket.

Choices a reader of the figures must know:
- A ticket's issue time is ``queued_at``: when the central saw it, or when the visitor took it
  at a kiosk whose clock was synced. The kiosk's own ``issued_at`` may come from a Pi without
  a battery, and a waiting time from it would be fiction.
- Voided tickets and tickets superseded by a kiosk's offline number are left out.
- The service is the ticket's service as it is now (after a transfer, the one that served it).
- The counter and staff member are those of the last call (the one the visitor answered).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import FloatField, Func, Max, Min, Q

from kiosk_central.queue.models import Counter, Rating, Service, Ticket, TicketEvent
from kiosk_central.reports.records import Lane, RatingRecord, Source, TicketHistory

LANES = {"regular": Lane.REGULAR, "priority": Lane.PRIORITY, "appointment": Lane.BOOKING}
SOURCES = {"nik": Source.NIK, "walk_in": Source.WALK_IN, "booking": Source.BOOKING}
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


def _rows(queryset, size: int = CHUNK):
    """A values_list query's rows straight from the cursor: its columns are already plain
    (ids, text, epoch floats), and Django's per-row converters cost more than the query."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch


def _instant(seconds: float | None) -> datetime | None:
    # to the millisecond: SQLite's julianday carries about 20 microseconds of float noise
    return None if seconds is None else datetime.fromtimestamp(round(seconds, 3), UTC)


def local_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants the office's local days ``first`` to ``last`` (included) span."""
    return (
        datetime.combine(first, time(0), tz),
        datetime.combine(last + timedelta(days=1), time(0), tz),
    )


def _staff_names(office_id: int) -> dict[int, str]:
    names = {}
    for pk, first, last, username in User.objects.values_list(
        "id", "first_name", "last_name", "username"
    ):
        names[pk] = f"{first} {last}".strip() or username
    return names


def ticket_histories(office_id: int, first: date, last: date) -> list[TicketHistory]:
    services = dict(Service.objects.filter(office_id=office_id).values_list("id", "name_id"))
    counters = {
        pk: f"Loket {n}"
        for pk, n in Counter.objects.filter(office_id=office_id).values_list("id", "number")
    }
    staff = _staff_names(office_id)
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
        for ticket_id, first_call, last_call, done in _rows(times)
    }
    # The counter and staff of the last call in (at, id) order: the later row wins.
    answered = (
        events.filter(kind__in=[CALL, RECALL])
        .order_by("ticket_id", "at", "id")
        .values_list("ticket_id", "counter_id", "staff_id")
    )
    for ticket_id, counter, who in _rows(answered):
        row = seen[ticket_id]
        row[3], row[4] = counter, who
    tickets = (
        Ticket.objects.filter(office_id=office_id, superseded=False, **in_period)
        .exclude(state=Ticket.State.VOIDED)
        .order_by("id")
        .values_list("id", "number", "service_id", "source", "lane", Epoch("queued_at"), "state")
    )
    out = []
    none = (None, None, None, None, None)
    no_show = Ticket.State.NO_SHOW
    for ticket_id, number, service, source, lane, queued, state in _rows(tickets):
        first_call, last_call, done, counter, who = seen.get(ticket_id, none)
        if first_call is not None and first_call < queued:
            queued = first_call  # a call cannot precede the issue: the clock was wrong
        out.append(
            TicketHistory(
                number=number,
                service=services[service],
                source=SOURCES.get(source, Source.WALK_IN),
                lane=LANES.get(lane, Lane.REGULAR),
                issued_at=_instant(queued),
                first_called_at=_instant(first_call),
                answered_call_at=_instant(last_call),
                done_at=_instant(done) if first_call is not None else None,
                counter=counters.get(counter),
                staff=staff.get(who),
                no_show=state == no_show,
            )
        )
    return out


def rating_records(office_id: int, first: date, last: date, tz: ZoneInfo) -> list[RatingRecord]:
    """Every rating the kiosks gave in the period. The kiosk sends the exit question with an
    empty element: it is ``overall``, its own index."""
    start, end = local_bounds(first, last, tz)
    kiosks = dict(Rating.kiosk.field.related_model.objects.values_list("id", "name"))
    rows = (
        Rating.objects.filter(office_id=office_id, at__gte=start, at__lt=end, value__gte=1)
        .filter(value__lte=4)
        .values_list("kiosk_id", Epoch("at"), "element", "value")
    )
    return [
        RatingRecord(kiosks[kiosk], _instant(at), element or "overall", value)
        for kiosk, at, element, value in _rows(rows)
    ]
