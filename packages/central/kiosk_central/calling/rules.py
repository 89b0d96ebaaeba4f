"""The calling rules, as data in and a choice out: no database, no clock of its own.

Order among the services a counter serves:
1. a booked visitor whose slot has started (earliest slot first);
2. priority-lane tickets, but never more than ``priority_ratio`` priority calls in a row while
   a regular ticket waits (Qmatic's priority ratio);
3. regular tickets (and booked ones whose slot has not started yet), oldest first.

A ticket's place is its ``queued_at``: a transferred ticket keeps the one it was issued with.
The same function orders the whole queue (``calling_order``) so people ahead and the wait
estimate follow exactly the order Call next will take.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import NamedTuple


class Waiting(NamedTuple):
    """A waiting ticket as the rules see it. A named tuple, not a frozen dataclass: the live
    pages' rebuild makes one per waiting ticket, and a frozen dataclass's ``__init__`` (a
    ``object.__setattr__`` per field) was a fifth of ordering a morning's queue."""

    key: object  # the ticket's id (or anything hashable in a simulation)
    service: object
    lane: str  # "regular", "priority" or "appointment"
    queued_at: datetime | float
    slot_start: datetime | float | None = None


def _booked_now(t: Waiting, now) -> bool:
    return t.lane == "appointment" and t.slot_start is not None and t.slot_start <= now


def next_ticket(
    waiting: Iterable[Waiting],
    services: Iterable[object],
    now: datetime | float,
    priority_ratio: int,
    priority_streak: int,
) -> Waiting | None:
    """The ticket Call next takes at a counter serving ``services``.

    ``priority_streak`` is how many priority tickets were called in a row just before (at
    this counter's services): at ``priority_ratio`` a waiting regular ticket goes first.

    >>> a = Waiting("a", "s", "regular", 1.0)
    >>> p = Waiting("p", "s", "priority", 2.0)
    >>> next_ticket([a, p], {"s"}, 5.0, 2, 0).key, next_ticket([a, p], {"s"}, 5.0, 2, 2).key
    ('p', 'a')
    """
    served = set(services)
    booked, priority, regular = [], [], []
    for t in waiting:
        if t.service not in served:
            continue
        if _booked_now(t, now):
            booked.append(t)
        elif t.lane == "priority":
            priority.append(t)
        else:
            regular.append(t)
    if booked:
        return min(booked, key=lambda t: (t.slot_start, t.queued_at))
    oldest_regular = min(regular, key=lambda t: t.queued_at, default=None)
    if priority and (oldest_regular is None or priority_streak < max(1, priority_ratio)):
        return min(priority, key=lambda t: t.queued_at)
    return oldest_regular


def streak_after(streak: int, called: Waiting) -> int:
    """The priority streak once ``called`` was called."""
    return streak + 1 if called.lane == "priority" else 0


def line_key(t: Waiting, now) -> tuple:
    """The key of ``t``'s line: (service, 0 booked in their slot, 1 priority, 2 the rest)."""
    if _booked_now(t, now):
        return (t.service, 0)
    return (t.service, 1 if t.lane == "priority" else 2)


class Heads:
    """The waiting tickets sorted once into one line per service and group (booked whose slot
    has started, priority, the rest), so each pick compares a few heads instead of scanning
    every ticket: ordering a queue of n costs n log n rather than n squared. It picks exactly
    what :func:`next_ticket` would among the tickets not yet taken (ties: the order given)."""

    def __init__(self, waiting: Iterable[Waiting], now: datetime | float) -> None:
        self.now = now
        lines: dict[tuple, list] = defaultdict(list)
        for i, t in enumerate(waiting):  # :func:`line_key` inline: a call a ticket showed
            if _booked_now(t, now):
                lines[(t.service, 0)].append(((t.slot_start, t.queued_at, i), t))
            else:
                lines[(t.service, 1 if t.lane == "priority" else 2)].append(((t.queued_at, i), t))
        self.lines = {k: deque(sorted(v, key=lambda e: e[0])) for k, v in lines.items()}
        # a counter's lines per group, found once per set of services (a replay of a morning
        # takes thousands of tickets for the same few counters); lines only ever empty
        # (but for :meth:`join`, which forgets them)
        self._groups: dict[frozenset, tuple[list[deque], ...]] = {}
        self.last: deque | None = None  # the line :meth:`take` took from last

    def snapshot(self) -> dict[tuple, tuple]:
        """The lines as they are now, to make :meth:`later` Heads from."""
        return {k: tuple(v) for k, v in self.lines.items()}

    def lengths(self) -> dict[tuple, int]:
        return {k: len(v) for k, v in self.lines.items()}

    @classmethod
    def later(cls, now, snapshot: dict[tuple, tuple], lengths: dict[tuple, int]) -> Heads:
        """The Heads a :meth:`snapshot` became once only ``lengths`` were left in each line
        (lines only lose their first tickets)."""
        c = cls.__new__(cls)
        c.now, c._groups, c.last = now, {}, None
        c.lines = {k: deque(v[len(v) - lengths[k] :]) for k, v in snapshot.items()}
        return c

    def join(self, tickets: Sequence[Waiting]) -> None:
        """``tickets`` join behind everyone in their lines (in the order given), newer than
        all: a kiosk's next tickets. Not for tickets booked in their slot (placed by slot)."""
        for t in tickets:
            self.lines.setdefault(line_key(t, self.now), deque()).append(
                ((t.queued_at, math.inf), t)
            )
        self._groups = {}

    def _lines_of(self, services: frozenset) -> tuple[list[deque], ...]:
        found = self._groups.get(services)
        if found is None:
            found = self._groups[services] = tuple(
                [self.lines[(s, group)] for s in services if (s, group) in self.lines]
                for group in (0, 1, 2)
            )
        return found

    @staticmethod
    def _first(lines: list[deque]) -> deque | None:
        best = None
        for line in lines:
            if line and (best is None or line[0][0] < best[0][0]):
                best = line
        return best

    def take(
        self, services: Iterable[object], priority_ratio: int, priority_streak: int
    ) -> Waiting | None:
        """Remove and return the ticket Call next takes at a counter serving ``services``."""
        booked, priority, regular = self._lines_of(
            services if isinstance(services, frozenset) else frozenset(services)
        )
        line = self._first(booked)
        if line is None:
            regular, priority = self._first(regular), self._first(priority)
            use_priority = priority is not None and (
                regular is None or priority_streak < max(1, priority_ratio)
            )
            line = priority if use_priority else regular
        self.last = line
        return None if line is None else line.popleft()[1]


def calling_order(
    waiting: Sequence[Waiting],
    services: Iterable[object],
    now: datetime | float,
    priority_ratio: int,
    priority_streak: int = 0,
) -> list[Waiting]:
    """Every waiting ticket of ``services`` in the order one counter would call them now.

    >>> lane = lambda i: "priority" if i in (3, 4, 5) else "regular"
    >>> q = [Waiting(i, "s", lane(i), float(i)) for i in range(6)]
    >>> [t.key for t in calling_order(q, {"s"}, 9.0, 2)]
    [3, 4, 0, 5, 1, 2]
    """
    services = frozenset(services)
    heads = Heads((t for t in waiting if t.service in services), now)
    order: list[Waiting] = []
    while (chosen := heads.take(services, priority_ratio, priority_streak)) is not None:
        order.append(chosen)
        priority_streak = streak_after(priority_streak, chosen)
    return order


def ahead_of_newest(lane: str, booked: int, priority: int, regular: int, ratio: int) -> int:
    """People ahead of a ticket newer than every other in its service's line, by
    :func:`calling_order` (streak 0) over one service where ``booked`` booked visitors' slots
    have started and ``priority`` and ``regular`` tickets wait: the booked first, then
    ``ratio`` priority tickets before each regular one. ``lane`` is "priority" or "regular"
    (a booked ticket whose slot has not started waits as a regular one). Counting instead of
    ordering: what a kiosk's answer costs does not grow with the queue.

    >>> ahead_of_newest("regular", 0, 3, 3, 2), ahead_of_newest("priority", 0, 3, 3, 2)
    (6, 4)
    """
    r = max(1, ratio)
    if lane == "priority":
        return booked + priority + min(regular, priority // r)
    return booked + regular + min(priority, r * (regular + 1))


def places(lines: dict[tuple, Sequence], ratio: int) -> Iterator[tuple[Waiting, int]]:
    """Each waiting ticket and its people ahead in its own service's :func:`calling_order`
    (streak 0), from :class:`Heads`' sorted lines (``Heads.snapshot``): the booked in their
    slot first, then ``ratio`` priority tickets before each regular one, counted rather than
    replayed (:func:`ahead_of_newest` for every ticket of a line at once).

    >>> lane = lambda i: "priority" if i in (3, 4, 5) else "regular"
    >>> q = [Waiting(i, "s", lane(i), float(i)) for i in range(6)]
    >>> sorted((t.key, n) for t, n in places(Heads(q, 9.0).snapshot(), 2))
    [(0, 2), (1, 4), (2, 5), (3, 0), (4, 1), (5, 3)]
    """
    r = max(1, ratio)
    for (service, group), line in lines.items():
        booked = len(lines.get((service, 0), ()))
        if group == 0:
            yield from ((t, k) for k, (_, t) in enumerate(line))
        elif group == 1:
            regular = len(lines.get((service, 2), ()))
            yield from ((t, booked + k + min(regular, k // r)) for k, (_, t) in enumerate(line))
        else:
            priority = len(lines.get((service, 1), ()))
            yield from (
                (t, booked + k + min(priority, r * (k + 1))) for k, (_, t) in enumerate(line)
            )
