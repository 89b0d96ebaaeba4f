"""Today's queue of one office, read from tickets and their events: who waits for which
service (a transfer moves a ticket to another service's queue, its place kept), which counter
holds which ticket, the recent service times, and every waiting ticket's place and estimate.

Transfers live only in the event log (the ticket row keeps the service that numbered it, so a
number is never repeated within a service): the effective service is the last transfer's.

:func:`load` reads the whole day. :func:`held` keeps one office's day in this process and
brings it up to date by :func:`advance`: the events committed since it was read (their ids
above its mark, or ids it saw missing: a PostgreSQL transaction that took an id and committed
later), applied to it the way :func:`load` replays them, with the rows of the tickets they
touched read again. What that costs grows with the events since, not with the day's queue.
"""

from __future__ import annotations

import contextlib
import copy as _copy
import heapq
import statistics
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import monotonic
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Q

from kiosk_central.calling.estimate import Desk, Replay, estimate_waits, naive_wait, remaining
from kiosk_central.calling.rules import Heads, Waiting, calling_order, places, streak_after
from kiosk_central.queue.models import Booking, Counter, Office, Service, Ticket, TicketEvent

CALLS = (TicketEvent.Kind.CALLED, TicketEvent.Kind.RECALLED)
_CALLED, _WAITING = str(Ticket.State.CALLED.value), str(Ticket.State.WAITING.value)
RECENT_SERVICES = 10  # service times averaged per service
OPEN_WINDOW = timedelta(minutes=45)  # a counter with an action this recent counts as open
RECENT_CALLS = 12  # the calls the boards show


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
    acted: bool = False  # an event of a counter was replayed onto it (see :func:`advance`)
    uid: str = ""  # the ticket's public id as text, made once (every snapshot names them all)

    def __post_init__(self) -> None:
        self.uid = str(self.ticket.uid)

    def __copy__(self) -> TicketView:
        # copy.copy's generic path (``__reduce_ex__``) was a fifth of a rebuild's snapshot
        c = TicketView.__new__(TicketView)
        c.__dict__.update(self.__dict__)
        return c


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

    # The loops below visit every ticket of the day on each press and each rebuild: they
    # read ``.id`` (``.pk`` is a property through the model's meta) and the states as
    # plain strings.

    def held_by(self, counter_id: int) -> TicketView | None:
        for v in self.tickets.values():
            if v.ticket.state == _CALLED and v.holder is not None and v.holder.id == counter_id:
                return v
        return None

    def waiting(self) -> list[TicketView]:
        return [v for v in self.tickets.values() if v.ticket.state == _WAITING]

    def as_waiting(self, views: list[TicketView]) -> list[Waiting]:
        slots = self._slots
        return [
            Waiting(
                v.ticket.id,
                v.service.id,
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
    _replay: Replay | None = None  # the estimate's, for the joiners' waits
    # what :func:`advance` needs: the events replayed so far and where they stopped
    durations: dict = field(default_factory=lambda: defaultdict(list))  # service id -> recent
    mark: int = 0  # the highest event id read (of any office)
    gaps: dict = field(default_factory=dict)  # event ids below the mark not seen yet -> since
    last_key: tuple | None = None  # (at, id) of the last event replayed that changed anything
    read_at: float = 0.0  # monotonic: when the day was last read whole
    version: int = 0  # bumped by each advance that applied events of this office
    acted: int = 0  # bumped by each advance that applied an event other than an issue
    config_read: int = 0  # the office's config_version its services and counters were read at
    # (event id, ticket id, counter id, at, kind) of the day's latest calls and recalls, for
    # the boards: in a rush a query for them walked back past every issue since the last call
    calls: list = field(default_factory=list)

    def copy(self) -> Day:
        """A copy :func:`advance` does not change: the held day's for a snapshot to keep."""
        c = _copy.copy(self)
        c.tickets = {k: v.__copy__() for k, v in self.tickets.items()}
        c.services, c.counters = dict(self.services), dict(self.counters)
        c.counter_services = dict(self.counter_services)
        c.service_minutes, c.streak = dict(self.service_minutes), dict(self.streak)
        c.last_action, c.desks = dict(self.last_action), list(self.desks)
        c._slots, c.calls = dict(self._slots), list(self.calls)
        c.durations = defaultdict(list, {k: list(v) for k, v in self.durations.items()})
        c.gaps, c._lines, c._joiners, c._replay = dict(self.gaps), {}, {}, None
        return c

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

    def order_for(
        self, counter_id: int, services: frozenset | None = None, limit: int | None = None
    ) -> list[TicketView]:
        """The waiting tickets in the order this counter's Call next will take them
        (``services``: those chosen for the shift, else all the counter serves), the first
        ``limit`` of them: :func:`calling_order`'s order, without ordering the rest."""
        if services is None:
            services = self.counter_services.get(counter_id, frozenset())
        served = [v for v in self.waiting() if v.service.id in services]
        heads = Heads(self.as_waiting(served), self.now)
        streak = self.streak.get(counter_id, 0)
        order: list[TicketView] = []
        while limit is None or len(order) < limit:
            chosen = heads.take(services, self.office.priority_ratio, streak)
            if chosen is None:
                break
            order.append(self.tickets[chosen.key])
            streak = streak_after(streak, chosen)
        return order

    def count_for(self, services: frozenset) -> int:
        """How many wait for ``services``."""
        return sum(1 for v in self.waiting() if v.service.id in services)

    def recent_calls(self) -> list[tuple]:
        """The day's latest ``RECENT_CALLS`` calls and recalls at a counter, newest (highest
        event id) first: (event id, ticket id, counter id, at, kind)."""
        return heapq.nlargest(RECENT_CALLS, self.calls)

    def holders(self) -> dict[int, TicketView]:
        """Counter id -> the ticket it holds (:meth:`held_by` for every counter at once)."""
        found: dict[int, TicketView] = {}
        for v in self.tickets.values():
            if v.ticket.state == _CALLED and v.holder is not None:
                found.setdefault(v.holder.id, v)
        return found


def _carried(office: Office, day: date) -> list[Ticket]:
    """A ticket called before midnight is finished after it: yesterday's tickets a counter
    still holds, or that were acted on since midnight, stay in today's queue until done."""
    midnight = datetime.combine(day, time(0), ZoneInfo(office.time_zone))
    return list(
        Ticket.objects.filter(office=office, day=day - timedelta(days=1), superseded=False)
        .filter(Q(state=Ticket.State.CALLED) | Q(events__at__gte=midnight))
        .distinct()
        .order_by("received_at", "pk")
    )


def load(office: Office, day: date | None = None, now: datetime | None = None) -> Day:
    d = _load(office, day, now)
    _estimate(d)
    return d


def _load(office: Office, day: date | None = None, now: datetime | None = None) -> Day:
    """The whole day read and replayed, without the estimates."""
    from django.utils import timezone

    now = now or timezone.now()
    day = day or now.astimezone(office.local_now().tzinfo).date()
    read_at = monotonic()
    top, gaps = _top()  # before the day is read: what it holds at least
    d = Day(office, day, now, {}, {}, {}, read_at=read_at, mark=top, gaps=gaps)
    _read_config(d)
    # in the order they came (the id between equal times): the calling rules' ties keep it,
    # and :func:`advance` adds the newer ones after them
    tickets = Ticket.objects.filter(office=office, day=day, superseded=False).order_by(
        "received_at", "pk"
    )
    carried = _carried(office, day)
    for t in [*tickets, *carried]:
        d.tickets[t.pk] = TicketView(t, d.services[t.service_id])
        d.last_ticket = max(d.last_ticket, t.pk)
    d._slots = {
        b.code: b.slot_start
        for b in Booking.objects.filter(
            office=office, code__in={v.ticket.booking_code for v in d.tickets.values()} - {""}
        )
    }
    _replay(d, carried, top)
    _minutes(d)
    return d


def _read_config(d: Day) -> None:
    """The office's services and counters, read now. Read again by :func:`advance` when the
    office's ``config_version`` moved (a supervisor's change writes no event: see
    kiosk_central.queue.config_stamp), updating the objects the tickets' views hold."""
    d.config_read = d.office.config_version  # before the rows: a change between, read again
    services = {s.pk: s for s in Service.objects.filter(office=d.office)}
    counters = Counter.objects.filter(office=d.office).prefetch_related("services")
    d.counter_services = {c.pk: frozenset(s.pk for s in c.services.all()) for c in counters}
    d.services = {pk: _same(d.services.get(pk), s) for pk, s in services.items()}
    d.counters = {c.pk: _same(d.counters.get(c.pk), c) for c in counters}


def _same(held, fresh):
    """``held`` with ``fresh``'s values (the object the views point at), or ``fresh``."""
    if held is None:
        return fresh
    for f in fresh._meta.concrete_fields:
        setattr(held, f.attname, getattr(fresh, f.attname))
    return held


def _minutes(d: Day) -> None:
    d.service_minutes = {
        pk: statistics.fmean(d.durations[pk][-RECENT_SERVICES:])
        if d.durations.get(pk)
        else s.average_minutes
        for pk, s in d.services.items()
    }


GAP_WINDOW = 500  # ids below the top looked at for a transaction not committed yet
GAP_S = 60.0  # an id missing this long was rolled back: no longer looked for


def _top() -> tuple[int, dict[int, float]]:
    """The highest event id now, and the ids below it not committed yet (PostgreSQL hands
    ids out before COMMIT; SQLite's single writer commits them in order: none there)."""
    table = connection.ops.quote_name(TicketEvent._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT MAX(id) FROM {table}")
        top = cur.fetchone()[0] or 0
        low = max(0, top - GAP_WINDOW)
        cur.execute(f"SELECT id FROM {table} WHERE id > %s AND id <= %s", [low, top])
        seen = {row[0] for row in cur.fetchall()}
    now = monotonic()
    return top, {i: now for i in range(low + 1, top + 1) if i not in seen}


def _replay(d: Day, carried: list[Ticket], top: int) -> None:
    """Replays the day's events up to ``top`` onto its tickets (who holds them, their calls,
    the counters' priority streaks and last actions, each service's service times)."""
    # The issues change nothing here (half the rows in a rush): rows as tuples, not models.
    events = (
        TicketEvent.objects.filter(
            Q(ticket__day=d.day) | Q(ticket_id__in=[t.pk for t in carried]),
            ticket__office=d.office,
            id__lte=top,
        )
        .exclude(kind=TicketEvent.Kind.ISSUED)
        .order_by("at", "id")
        .values_list("id", "ticket_id", "kind", "at", "counter_id", "to_service_id")
    )
    for event_id, ticket_id, kind, at, counter_id, to_service_id in events:
        _apply(d, d.tickets.get(ticket_id), event_id, kind, at, counter_id, to_service_id)
    for times in d.durations.values():
        del times[:-RECENT_SERVICES]


def _apply(d: Day, v, event_id, kind, at, counter_id, to_service_id) -> None:
    """One event replayed onto the day (``v``: its ticket's view, None if not the day's)."""
    if v is None:
        return
    if counter_id or kind != TicketEvent.Kind.VOIDED:
        v.acted = True
        d.last_key = (at, event_id)
    if counter_id:
        d.last_action[counter_id] = at
    if kind == TicketEvent.Kind.TRANSFERRED and to_service_id in d.services:
        v.service, v.calls, v.holder = d.services[to_service_id], 0, None
    elif kind in CALLS:
        _called(d, v, kind, at, counter_id)
        if counter_id and v.ticket.day == d.day:
            d.calls.append((event_id, v.ticket.id, counter_id, at, kind))
            if len(d.calls) > 4 * RECENT_CALLS:
                d.calls = heapq.nlargest(RECENT_CALLS, d.calls)
    elif kind == TicketEvent.Kind.NO_SHOW:
        v.no_show_at = at
        if v.called_at is not None:  # the calls of a no-show took the counter's time too
            _served(d, v.service.pk, (at - v.called_at).total_seconds() / 60)
    elif kind == TicketEvent.Kind.DONE and v.called_at is not None:
        _served(d, v.service.pk, (at - v.called_at).total_seconds() / 60)


def _served(d: Day, service_id: int, minutes: float) -> None:
    times = d.durations[service_id]
    times.append(minutes)
    if len(times) > 4 * RECENT_SERVICES:
        del times[:-RECENT_SERVICES]


RELOAD_S = 600.0  # a held day is read whole again this often (a booking's slot moved...)


def advance(d: Day, now: datetime | None = None, config: bool = True) -> bool:
    """Brings ``d`` up to date with the events committed since it was read; False when only a
    whole read gives what :func:`load` would (a new day, a ticket of yesterday acted on, a
    ticket a counter acted on superseded, events out of their time's order)."""
    from django.utils import timezone

    now = now or timezone.now()
    if now.astimezone(d.office.local_now().tzinfo).date() != d.day:
        return False
    rows = _events_since(d)
    d.now = now
    if config:  # ``config=False``: which events came, for the bus (what a page reads reads it)
        d.office = type(d.office).objects.get(pk=d.office.pk)
        if d.office.config_version != d.config_read:
            _read_config(d)
    mine = sorted((r for r in rows if r[1] == d.office.pk), key=lambda r: (r[4], r[0]))
    if mine and not _touched(d, {r[2] for r in mine}):
        return False
    acted = _apply_events(d, mine)
    if acted is None:
        return False
    if mine:
        d.version += 1
        d.acted += acted
    _minutes(d)
    return True


def _events_since(d: Day) -> list[tuple]:
    """Every office's events past ``d``'s mark, and those of the ids it saw missing (a
    PostgreSQL transaction commits a lower id later); the mark and the gaps moved on."""
    rows = list(
        TicketEvent.objects.filter(Q(id__gt=d.mark) | Q(id__in=list(d.gaps))).values_list(
            "id", "ticket__office_id", "ticket_id", "kind", "at", "counter_id", "to_service_id"
        )
    )
    clock = monotonic()
    ids = {row[0] for row in rows}
    top = max(ids, default=d.mark)
    gaps = {i: t for i, t in d.gaps.items() if i not in ids and clock - t < GAP_S}
    gaps.update((i, clock) for i in range(d.mark + 1, top) if i not in ids)
    d.mark, d.gaps = max(top, d.mark), gaps
    return rows


def _apply_events(d: Day, mine: list[tuple]) -> bool | None:
    """The office's new events applied in time order: whether any was more than an issue;
    None when one comes before what ``d`` already applied (only a whole read will do)."""
    acted = False
    for event_id, _office, ticket_id, kind, at, counter_id, to_service_id in mine:
        v = d.tickets.get(ticket_id)
        if v is None or kind == TicketEvent.Kind.ISSUED:
            continue
        changes = counter_id or kind != TicketEvent.Kind.VOIDED
        if changes and d.last_key is not None and (at, event_id) < d.last_key:
            return None  # the full replay orders by time: so must this
        acted = True
        _apply(d, v, event_id, kind, at, counter_id, to_service_id)
    return acted


def _touched(d: Day, ticket_ids: set[int]) -> bool:
    """The rows of the tickets new events touched, read again into ``d``; False when only a
    whole read will do."""
    codes = set()
    yesterday = d.day - timedelta(days=1)
    for t in Ticket.objects.filter(pk__in=ticket_ids).order_by("received_at", "pk"):
        v = d.tickets.get(t.pk)
        if v is not None and t.superseded:
            if v.acted:  # the whole replay skips its events: the counters' state differs
                return False
            del d.tickets[t.pk]
        elif v is not None:
            v.ticket = t
        elif t.superseded or t.day < yesterday or t.day > d.day:
            continue
        elif t.day == yesterday or t.service_id not in d.services:
            return False  # acted on after midnight: carried into today; or a new service
        else:
            d.tickets[t.pk] = TicketView(t, d.services[t.service_id])
            d.last_ticket = max(d.last_ticket, t.pk)
            if t.booking_code and t.booking_code not in d._slots:
                codes.add(t.booking_code)
    if codes:
        found = Booking.objects.filter(office=d.office, code__in=codes)
        d._slots.update(found.values_list("code", "slot_start"))
    return True


_HELD: dict[int, Day] = {}
_HELD_LOCKS: dict[int, threading.Lock] = {}
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def held(office: Office | int, config: bool = True) -> Iterator[Day]:
    """This process's day of ``office``, brought up to date (:func:`advance`; read whole the
    first time, after midnight and every ``RELOAD_S``), without estimates (:func:`estimate`
    on a :meth:`Day.copy`). Yours for the block, under a lock: read it, never change it,
    never keep it past the block. Enter it before writing anything in a transaction (it must
    hold only what is committed). A failure while bringing it up to date forgets it.
    ``config=False``: the office's services and counters as last read (see :func:`advance`).
    ``office`` may be its id: the office is then read only when the day is read whole."""
    from django.utils import timezone

    pk = office if isinstance(office, int) else office.pk
    with _HELD_GUARD:
        lock = _HELD_LOCKS.setdefault(pk, threading.Lock())
    with lock:
        d = _HELD.pop(pk, None)
        now = timezone.now()
        if d is None or monotonic() - d.read_at > RELOAD_S or not advance(d, now, config):
            d = _load(Office.objects.get(pk=pk) if isinstance(office, int) else office, now=now)
        try:
            yield d
        finally:
            _HELD[pk] = d


def _called(d: Day, v: TicketView, kind: str, at: datetime, counter_id: int | None) -> None:
    if kind == TicketEvent.Kind.CALLED and counter_id:
        streak = d.streak.get(counter_id, 0)
        d.streak[counter_id] = streak + 1 if v.ticket.lane == "priority" else 0
    v.holder = d.counters.get(counter_id)
    v.calls += 1
    v.called_at = v.called_at if kind == TicketEvent.Kind.RECALLED else at


def _open_desks(d: Day) -> list[Desk]:
    holders = d.holders()
    active = [c for c in d.counters.values() if c.active and d.counter_services[c.pk]]
    recent = [
        c
        for c in active
        if holders.get(c.pk)
        or d.now - d.last_action.get(c.pk, datetime.min.replace(tzinfo=d.now.tzinfo)) < OPEN_WINDOW
    ]
    desks = []
    # Only the counters serving now: with none (before the first call of the day, or after
    # 45 idle minutes) nobody can say when a ticket will be called, so the estimate is
    # unknown, never "0 minutes" as if every counter were free and waiting.
    for c in recent:
        held = holders.get(c.pk)
        free_in = 0.0
        if held is not None and held.called_at is not None:
            elapsed = (d.now - held.called_at).total_seconds() / 60
            free_in = remaining(d.service_minutes[held.service.pk], elapsed)
        desks.append(Desk(c.pk, d.counter_services[c.pk], free_in))
    return desks


def estimate(d: Day) -> None:
    """Every waiting ticket's people ahead and estimated wait, onto ``d`` (a copy of a held
    day: never the held one)."""
    _estimate(d)


def _estimate(d: Day) -> None:
    waiting = d.as_waiting(d.waiting())
    desks = d.desks = _open_desks(d)
    d._replay = Replay(waiting, desks, d.now, d.office.priority_ratio, d.service_minutes)
    waits = d._replay.waits
    serving: dict[int, int] = defaultdict(int)
    for desk in desks:
        for s in desk.services:
            serving[s] += 1
    tickets, services = d.tickets, d.services
    # people ahead: those the calling rule takes before you among your service's queue
    for w, ahead in places(d._replay.lines, d.office.priority_ratio):
        v = tickets[w.key]
        v.ahead = ahead
        v.naive = naive_wait(ahead, services[w.service].average_minutes, serving[w.service])
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
    line after the snapshot, in the order they join ([] when no open counter serves it):
    replayed from where the estimate's replay emptied that line (:class:`Replay`)."""
    joiners = [
        Waiting(("joiner", i), service, group, d.now + timedelta(microseconds=i))
        for i in range(JOINERS)
    ]
    if d._replay is None:  # a day never estimated: its replay, once
        d._replay = Replay(d.as_waiting(d.waiting()), d.desks, d.now, d.ratio, d.service_minutes)
    return d._replay.joiners(joiners)
