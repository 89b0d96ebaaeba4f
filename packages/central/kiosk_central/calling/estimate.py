"""The estimated wait: replay the calling rules forward over the counters that serve the
waiting tickets' services, each counter free again after its current visitor, each visitor
taking the recent service time of their service. Pure: minutes in, minutes out.

The naive figure the simulation compares it with is also here: people ahead x average
service time / counters serving the service.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk_central.calling.rules import Waiting, next_ticket, streak_after


@dataclass(frozen=True)
class Desk:
    key: object
    services: frozenset
    free_in: float = 0.0  # minutes until the visitor now at this counter is done


def estimate_waits(
    waiting: Sequence[Waiting],
    desks: Sequence[Desk],
    now,
    priority_ratio: int,
    service_minutes: Mapping[object, float],
    priority_streak: int = 0,
) -> dict[object, float]:
    """Minutes until each waiting ticket is called (absent: no open counter serves it).

    >>> w = [Waiting(i, "s", "regular", float(i)) for i in range(3)]
    >>> estimate_waits(w, [Desk(1, frozenset({"s"}), 4.0)], 9.0, 2, {"s": 10.0})
    {0: 4.0, 1: 14.0, 2: 24.0}
    """
    left = list(waiting)
    heap = [(d.free_in, i) for i, d in enumerate(desks)]
    heapq.heapify(heap)
    waits: dict[object, float] = {}
    while left and heap:
        free_at, i = heapq.heappop(heap)
        chosen = next_ticket(left, desks[i].services, now, priority_ratio, priority_streak)
        if chosen is None:
            continue  # nothing left this counter serves: it drops out
        left.remove(chosen)
        priority_streak = streak_after(priority_streak, chosen)
        waits[chosen.key] = free_at
        heapq.heappush(heap, (free_at + service_minutes.get(chosen.service, 10.0), i))
    return waits


def remaining(average: float, elapsed: float) -> float:
    """Minutes a visitor already ``elapsed`` minutes at a counter still needs, expected: service
    times have a long tail, so one past the average is not about to finish (a third of the
    average at least, rather than zero).

    >>> remaining(10.0, 4.0), remaining(10.0, 30.0)
    (6.0, 3.3333333333333335)
    """
    return max(average - elapsed, average / 3)


def naive_wait(ahead: int, average_minutes: float, counters: int) -> int:
    """People ahead x average service time, shared by the counters serving the service."""
    return math.ceil(ahead * average_minutes / max(1, counters))
