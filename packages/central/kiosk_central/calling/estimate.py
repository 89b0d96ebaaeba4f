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

from kiosk_central.calling.rules import Heads, Waiting, line_key, streak_after


@dataclass(frozen=True)
class Desk:
    key: object
    services: frozenset
    free_in: float = 0.0  # minutes until the visitor now at this counter is done


def estimate_waits(*args, **kwargs) -> dict[object, float]:
    """Minutes until each waiting ticket is called (absent: no open counter serves it): the
    waits of a :class:`Replay` of ``waiting`` over ``desks``, which takes the same arguments.

    >>> w = [Waiting(i, "s", "regular", float(i)) for i in range(3)]
    >>> estimate_waits(w, [Desk(1, frozenset({"s"}), 4.0)], 9.0, 2, {"s": 10.0})
    {0: 4.0, 1: 14.0, 2: 24.0}
    """
    return Replay(*args, **kwargs).waits


class Replay:
    """The estimate's replay of the calling rules over the open counters, run once, keeping
    where each line of the waiting (a service's priority tickets, or its others) ran out.
    Until then a ticket joining behind that line changes nothing in the replay, so the waits
    of tickets joining later (:meth:`joiners`, a kiosk's next answers) are replayed from that
    point on, not from the start: what they cost does not grow with the queue ahead of them.
    """

    def __init__(
        self,
        waiting: Sequence[Waiting],
        desks: Sequence[Desk],
        now,
        priority_ratio: int,
        service_minutes: Mapping[object, float],
        priority_streak: int = 0,
    ) -> None:
        self.desks, self.ratio, self.minutes, self.now = desks, priority_ratio, service_minutes, now
        heads = Heads(waiting, now)
        heap = [(d.free_in, i) for i, d in enumerate(desks)]
        heapq.heapify(heap)
        self.lines = heads.snapshot()
        start = (heads.lengths(), list(heap), priority_streak)
        # line key -> (lengths, heap, streak) as it ran out: the lengths, not copies of the
        # lines, so that keeping a fork costs nothing that grows with the queue
        self.forks: dict[tuple, tuple] = {k: start for k, n in start[0].items() if not n}
        self.start = start
        self.waits: dict[object, float] = {}
        left = len(waiting)
        while left and heap:
            free_at, i = heapq.heappop(heap)
            chosen = heads.take(desks[i].services, priority_ratio, priority_streak)
            if chosen is None:
                continue  # nothing left this counter serves: it drops out
            left -= 1
            priority_streak = streak_after(priority_streak, chosen)
            self.waits[chosen.key] = free_at
            heapq.heappush(heap, (free_at + service_minutes.get(chosen.service, 10.0), i))
            if not heads.last:
                lengths = heads.lengths()
                fork = (lengths, list(heap), priority_streak)
                for k, n in lengths.items():
                    if not n and k not in self.forks:
                        self.forks[k] = fork

    def joiners(self, joining: Sequence[Waiting]) -> list[float]:
        """The waits of ``joining`` (priority or regular tickets of one service, newer than
        every ticket waiting, in the order they join), as a replay of the waiting and them
        together gives; [] when no open counter serves their service.

        >>> w = [Waiting(i, "s", "regular", float(i)) for i in range(3)]
        >>> r = Replay(w, [Desk(1, frozenset({"s"}), 4.0)], 9.0, 2, {"s": 10.0})
        >>> r.joiners([Waiting("j", "s", "regular", 9.0), Waiting("k", "s", "regular", 9.0)])
        [34.0, 44.0]
        """
        if not joining:
            return []
        service = joining[0].service
        if not any(service in d.services for d in self.desks):
            return []
        lengths, heap, streak = self.forks.get(line_key(joining[0], self.now), self.start)
        heads = Heads.later(self.now, self.lines, lengths)
        heap = list(heap)
        heads.join(joining)
        keys = {t.key for t in joining}
        waits: dict[object, float] = {}
        while len(waits) < len(keys) and heap:
            free_at, i = heapq.heappop(heap)
            chosen = heads.take(self.desks[i].services, self.ratio, streak)
            if chosen is None:
                continue
            streak = streak_after(streak, chosen)
            if chosen.key in keys:
                waits[chosen.key] = free_at
            heapq.heappush(heap, (free_at + self.minutes.get(chosen.service, 10.0), i))
        return [waits[t.key] for t in joining if t.key in waits]


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
