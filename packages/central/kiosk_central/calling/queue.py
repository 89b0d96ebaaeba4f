"""Today's queue of one office, read from tickets and their events: who waits for which
service (a transfer moves a ticket to another service's queue, its place kept), which counter
holds which ticket, the recent service times, and every waiting ticket's place and estimate.

Transfers live only in the event log (the ticket row keeps the service that numbered it, so a
number is never repeated within a service): the effective service is the last transfer's.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from kiosk_central.calling.estimate import Desk, estimate_waits, naive_wait, remaining
from kiosk_central.calling.rules import Waiting, calling_order
from kiosk_central.queue.models import Booking, Counter, Office, Service, Ticket, TicketEvent

CALLS = (TicketEvent.Kind.CALLED, TicketEvent.Kind.RECALLED)
RECENT_SERVICES = 10  # service times averaged per service
OPEN_WINDOW = timedelta(minutes=45)  # a counter with an action this recent counts as open


@dataclass
class TicketView:
    ticket: Ticket
    service: Service  # effective: after transfers
    holder: Counter | None = None  # the counter that called it last
    calls: int = 0  # calls and recalls since it last waited
    called_at: datetime | None = None
    no_show_at: datetime | None = None
    ahead: int | None = None
    wait: int | None = None
    naive: int | None = None


@dataclass
class Day:
    office: Office
    day: date
    now: datetime
    services: dict[int, Service]
    counters: dict[int, Counter]
    counter_services: dict[int, frozenset[int]]
    tickets: dict[int, TicketView] = field(default_factory=dict)
    service_minutes: dict[int, float] = field(default_factory=dict)
    streak: dict[int, int] = field(default_factory=dict)  # counter id -> priority calls in a row
    last_action: dict[int, datetime] = field(default_factory=dict)
    desks: list[Desk] = field(default_factory=list)  # the counters open now (for estimates)

    def held_by(self, counter_id: int) -> TicketView | None:
        for v in self.tickets.values():
            if (
                v.ticket.state == Ticket.State.CALLED
                and v.holder is not None
                and v.holder.pk == counter_id
            ):
                return v
        return None

    def waiting(self) -> list[TicketView]:
        return [v for v in self.tickets.values() if v.ticket.state == Ticket.State.WAITING]

    def as_waiting(self, views: list[TicketView]) -> list[Waiting]:
        slots = self._slots
        return [
            Waiting(
                v.ticket.pk,
                v.service.pk,
                v.ticket.lane,
                v.ticket.queued_at,
                slots.get(v.ticket.booking_code),
            )
            for v in views
        ]

    _slots: dict = field(default_factory=dict)
    last_ticket: int = 0  # the highest ticket id read: newer tickets joined after
    _lines: dict = field(default_factory=dict)  # service id -> [(lane, slot start)] waiting
    _joiners: dict = field(default_factory=dict)  # (service id, group) -> minutes

    @property
    def ratio(self) -> int:
        return self.office.priority_ratio

    def line(self, service_id: int) -> list[tuple[str, datetime | None]]:
        """The lanes and slots of the tickets waiting for ``service_id``, once per snapshot."""
        line = self._lines.get(service_id)
        if line is None:
            line = self._lines[service_id] = [
                (v.ticket.lane, self._slots.get(v.ticket.booking_code))
                for v in self.waiting()
                if v.service.pk == service_id
            ]
        return line

    def joiners_waits(self, service_id: int, group: str) -> list[float]:
        """Once per snapshot: see :func:`joiners_waits`."""
        key = (service_id, group)
        if key not in self._joiners:
            self._joiners[key] = joiners_waits(self, service_id, group)
        return self._joiners[key]

    def order_for(self, counter_id: int) -> list[TicketView]:
        """The waiting tickets in the order this counter's Call next will take them."""
        order = calling_order(
            self.as_waiting(self.waiting()),
            self.counter_services.get(counter_id, frozenset()),
            self.now,
            self.office.priority_ratio,
            self.streak.get(counter_id, 0),
        )
        return [self.tickets[w.key] for w in order]


def _carried(office: Office, day: date) -> list[Ticket]:
    """A ticket called before midnight is finished after it: yesterday's tickets a counter
    still holds, or that were acted on since midnight, stay in today's queue until done."""
    midnight = datetime.combine(day, time(0), ZoneInfo(office.time_zone))
    return list(
        Ticket.objects.filter(office=office, day=day - timedelta(days=1), superseded=False)
        .filter(Q(state=Ticket.State.CALLED) | Q(events__at__gte=midnight))
        .distinct()
    )


def load(office: Office, day: date | None = None, now: datetime | None = None) -> Day:
    from django.utils import timezone

    now = now or timezone.now()
    day = day or now.astimezone(office.local_now().tzinfo).date()
    services = {s.pk: s for s in Service.objects.filter(office=office)}
    counters = {c.pk: c for c in Counter.objects.filter(office=office).prefetch_related("services")}
    d = Day(
        office,
        day,
        now,
        services,
        counters,
        {c.pk: frozenset(s.pk for s in c.services.all()) for c in counters.values()},
    )
    tickets = Ticket.objects.filter(office=office, day=day, superseded=False)
    carried = _carried(office, day)
    for t in [*tickets, *carried]:
        d.tickets[t.pk] = TicketView(t, services[t.service_id])
        d.last_ticket = max(d.last_ticket, t.pk)
    d._slots = {
        b.code: b.slot_start
        for b in Booking.objects.filter(
            office=office, code__in={v.ticket.booking_code for v in d.tickets.values()} - {""}
        )
    }
    durations = _replay(d, carried)
    d.service_minutes = {
        pk: statistics.fmean(durations[pk][-RECENT_SERVICES:])
        if durations[pk]
        else s.average_minutes
        for pk, s in services.items()
    }
    _estimate(d)
    return d


def _replay(d: Day, carried: list[Ticket]) -> dict[int, list[float]]:
    """Replays the day's events onto its tickets (who holds them, their calls, the counters'
    priority streaks and last actions); returns each service's service times, in minutes."""
    durations: dict[int, list[float]] = defaultdict(list)
    # The issues change nothing here (half the rows in a rush): rows as tuples, not models,
    # because a live snapshot replays the whole day each time it is rebuilt.
    events = (
        TicketEvent.objects.filter(
            Q(ticket__day=d.day) | Q(ticket_id__in=[t.pk for t in carried]),
            ticket__office=d.office,
        )
        .exclude(kind=TicketEvent.Kind.ISSUED)
        .order_by("at", "id")
        .values_list("ticket_id", "kind", "at", "counter_id", "to_service_id")
    )
    for ticket_id, kind, at, counter_id, to_service_id in events:
        v = d.tickets.get(ticket_id)
        if v is None:
            continue
        if counter_id:
            d.last_action[counter_id] = at
        if kind == TicketEvent.Kind.TRANSFERRED and to_service_id in d.services:
            v.service, v.calls, v.holder = d.services[to_service_id], 0, None
        elif kind in CALLS:
            _called(d, v, kind, at, counter_id)
        elif kind == TicketEvent.Kind.NO_SHOW:
            v.no_show_at = at
            if v.called_at is not None:  # the calls of a no-show took the counter's time too
                durations[v.service.pk].append((at - v.called_at).total_seconds() / 60)
        elif kind == TicketEvent.Kind.DONE and v.called_at is not None:
            durations[v.service.pk].append((at - v.called_at).total_seconds() / 60)
    return durations


def _called(d: Day, v: TicketView, kind: str, at: datetime, counter_id: int | None) -> None:
    if kind == TicketEvent.Kind.CALLED and counter_id:
        streak = d.streak.get(counter_id, 0)
        d.streak[counter_id] = streak + 1 if v.ticket.lane == "priority" else 0
    v.holder = d.counters.get(counter_id)
    v.calls += 1
    v.called_at = v.called_at if kind == TicketEvent.Kind.RECALLED else at


def _open_desks(d: Day) -> list[Desk]:
    active = [c for c in d.counters.values() if c.active and d.counter_services[c.pk]]
    recent = [
        c
        for c in active
        if d.held_by(c.pk)
        or d.now - d.last_action.get(c.pk, datetime.min.replace(tzinfo=d.now.tzinfo)) < OPEN_WINDOW
    ]
    desks = []
    # Only the counters serving now: with none (before the first call of the day, or after
    # 45 idle minutes) nobody can say when a ticket will be called, so the estimate is
    # unknown, never "0 minutes" as if every counter were free and waiting.
    for c in recent:
        held = d.held_by(c.pk)
        free_in = 0.0
        if held is not None and held.called_at is not None:
            elapsed = (d.now - held.called_at).total_seconds() / 60
            free_in = remaining(d.service_minutes[held.service.pk], elapsed)
        desks.append(Desk(c.pk, d.counter_services[c.pk], free_in))
    return desks


def _estimate(d: Day) -> None:
    waiting = d.waiting()
    desks = d.desks = _open_desks(d)
    waits = estimate_waits(
        d.as_waiting(waiting), desks, d.now, d.office.priority_ratio, d.service_minutes
    )
    serving: dict[int, int] = defaultdict(int)
    for desk in desks:
        for s in desk.services:
            serving[s] += 1
    by_service: dict[int, list[TicketView]] = defaultdict(list)
    for v in waiting:
        by_service[v.service.pk].append(v)
    for pk, views in by_service.items():
        # people ahead: those the calling rule takes before you among your service's queue
        order = calling_order(d.as_waiting(views), {pk}, d.now, d.office.priority_ratio, 0)
        for i, w in enumerate(order):
            v = d.tickets[w.key]
            v.ahead = i
            v.naive = naive_wait(i, d.services[pk].average_minutes, serving[pk])
            if w.key in waits:
                v.wait = round(waits[w.key])


def place_of_new(d: Day, ticket: Ticket) -> tuple[int, int | None]:
    """People ahead of, and the estimated wait of, a ticket not yet in ``d`` (being issued
    now): the same calling order and the same replay as every ticket already waiting."""
    mine = Waiting(
        "new", ticket.service_id, ticket.lane, ticket.queued_at, d._slots.get(ticket.booking_code)
    )
    waiting = [*d.as_waiting(d.waiting()), mine]
    same = [w for w in waiting if w.service == ticket.service_id]
    order = calling_order(same, {ticket.service_id}, d.now, d.office.priority_ratio)
    waits = estimate_waits(waiting, d.desks, d.now, d.office.priority_ratio, d.service_minutes)
    wait = waits.get("new")
    return order.index(mine), None if wait is None else round(wait)


JOINERS = 200


def joiners_waits(d: Day, service: int, group: str) -> list[float]:
    """The replay's waits of the first ``JOINERS`` tickets of ``group`` to join ``service``'s
    line after the snapshot, in the order they join ([] when no open counter serves it)."""
    joiners = [
        Waiting(("joiner", i), service, group, d.now + timedelta(microseconds=i))
        for i in range(JOINERS)
    ]
    waits = estimate_waits(
        [*d.as_waiting(d.waiting()), *joiners], d.desks, d.now, d.ratio, d.service_minutes
    )
    return [waits[j.key] for j in joiners if j.key in waits]
