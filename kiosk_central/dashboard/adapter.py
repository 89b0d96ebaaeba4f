"""From the central's rows to the reports' plain records, for a period of local days.

A year of a busy office is about 75,000 tickets and twice as many events: read as two
``values_list`` streams (tickets, then the calls and ends ordered by ticket) merged in one
pass, never as model instances or one query per ticket.

Choices a reader of the figures must know:
- A ticket's issue time is ``queued_at``: when the central saw it, or when the visitor took it
  at a kiosk whose clock was synced. The kiosk's own ``issued_at`` may come from a Pi without
  a battery, and a waiting time from it would be fiction.
- Voided tickets and tickets superseded by a kiosk's offline number are left out.
- The service is the ticket's service as it is now (after a transfer, the one that served it).
- The counter and staff member are those of the last call (the one the visitor answered).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk_central.queue.models import Rating, Ticket, TicketEvent
from kiosk_central.reports.records import Lane, RatingRecord, Source, TicketHistory

LANES = {"regular": Lane.REGULAR, "priority": Lane.PRIORITY, "appointment": Lane.BOOKING}
SOURCES = {"nik": Source.NIK, "walk_in": Source.WALK_IN, "booking": Source.BOOKING}
CALLS = (TicketEvent.Kind.CALLED, TicketEvent.Kind.RECALLED)
CHUNK = 5000


def local_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants the office's local days ``first`` to ``last`` (included) span."""
    return (
        datetime.combine(first, time(0), tz),
        datetime.combine(last + timedelta(days=1), time(0), tz),
    )


def _staff_name(first: str | None, last: str | None, username: str | None) -> str | None:
    if username is None:
        return None
    full = f"{first or ''} {last or ''}".strip()
    return full or username


def ticket_histories(office_id: int, first: date, last: date) -> list[TicketHistory]:
    tickets = (
        Ticket.objects.filter(office_id=office_id, day__gte=first, day__lte=last, superseded=False)
        .exclude(state=Ticket.State.VOIDED)
        .order_by("id")
        .values_list("id", "number", "service__name_id", "source", "lane", "queued_at", "state")
    )
    events = (
        TicketEvent.objects.filter(
            ticket__office_id=office_id,
            ticket__day__gte=first,
            ticket__day__lte=last,
            kind__in=[*CALLS, TicketEvent.Kind.DONE],
        )
        .order_by("ticket_id", "at", "id")
        .values_list(
            "ticket_id",
            "kind",
            "at",
            "counter__number",
            "staff__first_name",
            "staff__last_name",
            "staff__username",
        )
        .iterator(chunk_size=CHUNK)
    )
    # per ticket: [first call, last call, done, counter, staff]; no-show comes from the state
    seen: dict[int, list] = {}
    for ticket_id, kind, at, counter, first_name, last_name, username in events:
        row = seen.get(ticket_id)
        if row is None:
            row = seen[ticket_id] = [None, None, None, None, None]
        if kind in CALLS:
            if row[0] is None:
                row[0] = at
            row[1] = at
            row[3] = counter
            row[4] = _staff_name(first_name, last_name, username)
        else:
            row[2] = at
    out = []
    none = (None, None, None, None, None)
    for ticket_id, number, service, source, lane, queued_at, state in tickets.iterator(CHUNK):
        first_call, last_call, done, counter, staff = seen.get(ticket_id, none)
        if first_call is not None and first_call < queued_at:
            queued_at = first_call  # a call cannot precede the issue: the clock was wrong
        out.append(
            TicketHistory(
                number=number,
                service=service,
                source=SOURCES.get(source, Source.WALK_IN),
                lane=LANES.get(lane, Lane.REGULAR),
                issued_at=queued_at,
                first_called_at=first_call,
                answered_call_at=last_call,
                done_at=done if first_call is not None else None,
                counter=None if counter is None else f"Loket {counter}",
                staff=staff,
                no_show=state == Ticket.State.NO_SHOW,
            )
        )
    return out


def rating_records(office_id: int, first: date, last: date, tz: ZoneInfo) -> list[RatingRecord]:
    """Every rating the kiosks gave in the period. The kiosk sends the exit question with an
    empty element: it is ``overall``, its own index."""
    start, end = local_bounds(first, last, tz)
    rows = (
        Rating.objects.filter(office_id=office_id, at__gte=start, at__lt=end)
        .order_by("at")
        .values_list("kiosk__name", "at", "element", "value")
        .iterator(CHUNK)
    )
    return [
        RatingRecord(kiosk, at, element or "overall", value)
        for kiosk, at, element, value in rows
        if 1 <= value <= 4
    ]
