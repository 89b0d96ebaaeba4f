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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Waiting:
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
    services = set(services)
    left = [t for t in waiting if t.service in services]
    order: list[Waiting] = []
    while left:
        chosen = next_ticket(left, services, now, priority_ratio, priority_streak)
        order.append(chosen)
        left.remove(chosen)
        priority_streak = streak_after(priority_streak, chosen)
    return order
