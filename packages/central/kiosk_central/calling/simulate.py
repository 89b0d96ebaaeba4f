"""Simulated office days, to measure the wait estimate against the wait each visitor really had.

Seeded (every random choice comes from one ``random.Random(seed)``), plain Python, the same
calling rules (``rules.next_ticket``) and the same estimate (``estimate.estimate_waits``) as
the live central. Assumptions (CENTRAL.md, "Simulating an office day") until the central has
recorded the office's own days:

- opening 08:00, intake until 14:30; arrivals a Poisson process whose rate follows the day: a
  rush to 10:00, a lull at midday, a smaller peak after the break;
- four counters, some serving several services; loket 2 closes for the midday break (on Friday
  a longer one around Friday prayers), which the estimate cannot know in advance;
- service times lognormal around each service's average minutes;
- 10% priority lane, 8% booked visitors arriving around their slot, 7% no-shows (called
  ``calls_before_no_show`` times a minute apart, then passed).

For each ticket the estimate printed at issue is compared with when it was really called; the
naive figure is "people ahead x average service time / counters serving the service".

    python -m kiosk_central.calling.simulate --days 20 --seed 14
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import statistics
from collections import defaultdict, deque
from dataclasses import dataclass, field

from kiosk_central.calling.estimate import Desk, estimate_waits, naive_wait, remaining
from kiosk_central.calling.rules import Waiting, calling_order, next_ticket, streak_after

SERVICES = {"A": 15.0, "B": 10.0, "C": 20.0, "D": 15.0, "E": 5.0}  # the demo office's
MIX = {"A": 0.3, "B": 0.3, "C": 0.1, "D": 0.15, "E": 0.15}
COUNTERS = {1: {"A", "B"}, 2: {"B", "C", "D"}, 3: {"E", "A"}, 4: {"A", "D"}}
LUNCH_CLOSER = 2
OPEN, INTAKE_END, CLOSE = 0.0, 390.0, 480.0  # minutes after 08:00
PRIORITY, BOOKED, NO_SHOW = 0.10, 0.08, 0.07
CALLS_BEFORE_NO_SHOW, PRIORITY_RATIO, RECENT = 3, 2, 10


def arrival_rate(minute: float) -> float:
    """Visitors a minute at ``minute`` after 08:00."""
    if minute < 120:
        return 0.45  # the morning rush
    if minute < 240:
        return 0.25
    if minute < 300:
        return 0.10  # the midday break
    if minute < 360:
        return 0.30  # the smaller afternoon peak
    return 0.12


@dataclass
class Visitor:
    key: int
    service: str
    lane: str
    arrived: float
    slot: float | None
    no_show: bool
    minutes: float
    estimate: float | None = None
    naive: int | None = None
    called: float | None = None
    counter: int | None = None


@dataclass
class Result:
    seed: int
    days: int
    estimate_errors: list[float] = field(default_factory=list)
    naive_errors: list[float] = field(default_factory=list)
    never_called: int = 0
    waits: list[float] = field(default_factory=list)

    @staticmethod
    def _p90(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=10)[-1] if len(xs) > 1 else (xs or [0.0])[0]

    def summary(self) -> dict:
        e, n = self.estimate_errors, self.naive_errors
        return {
            "seed": self.seed,
            "days": self.days,
            "visitors": len(e),
            "estimate_median": statistics.median(e),
            "estimate_p90": self._p90(e),
            "naive_median": statistics.median(n),
            "naive_p90": self._p90(n),
            "never_called": self.never_called,
            "wait_median": statistics.median(self.waits),
        }


def _lognormal(rng: random.Random, mean: float, sigma: float = 0.5) -> float:
    return rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)


def _arrivals(rng: random.Random) -> list[Visitor]:
    peak = max(arrival_rate(m) for m in range(int(INTAKE_END)))
    t, visitors = OPEN, []
    while True:  # thinning: a homogeneous process at the peak rate, kept at rate(t)/peak
        t += rng.expovariate(peak)
        if t >= INTAKE_END:
            break
        if rng.random() > arrival_rate(t) / peak:
            continue
        service = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        roll = rng.random()
        lane, slot = "regular", None
        if roll < PRIORITY:
            lane = "priority"
        elif roll < PRIORITY + BOOKED:
            lane, slot = "appointment", t + rng.uniform(-5, 15)  # they come around their slot
        visitors.append(
            Visitor(
                len(visitors),
                service,
                lane,
                t,
                slot,
                rng.random() < NO_SHOW,
                _lognormal(rng, SERVICES[service]),
            )
        )
    return visitors


def _lunch(friday: bool) -> tuple[float, float]:
    return (210.0, 330.0) if friday else (240.0, 300.0)  # 11:30-13:30 / 12:00-13:00


def simulate_day(rng: random.Random, friday: bool = False) -> list[Visitor]:
    visitors = _arrivals(rng)
    lunch_from, lunch_to = _lunch(friday)
    waiting: dict[int, Visitor] = {}
    done: dict[str, deque] = defaultdict(lambda: deque(maxlen=RECENT))
    busy: dict[int, tuple[float, float, str]] = {}  # counter -> (since, minutes, service)
    streak = dict.fromkeys(COUNTERS, 0)
    events: list[tuple[float, int, str, int]] = []  # (time, order, kind, who)
    for v in visitors:
        heapq.heappush(events, (v.arrived, 1, "arrive", v.key))
    for c in COUNTERS:
        heapq.heappush(events, (OPEN, 2, "free", c))
    heapq.heappush(events, (lunch_to, 2, "free", LUNCH_CLOSER))

    def recent(service: str) -> float:
        return statistics.fmean(done[service]) if done[service] else SERVICES[service]

    def is_open(c: int, t: float) -> bool:
        return not (c == LUNCH_CLOSER and lunch_from <= t < lunch_to)

    def as_waiting() -> list[Waiting]:
        return [Waiting(v.key, v.service, v.lane, v.arrived, v.slot) for v in waiting.values()]

    while events:
        t, _, kind, who = heapq.heappop(events)
        if t > CLOSE:
            break
        if kind == "arrive":
            v = visitors[who]
            waiting[v.key] = v
            queue = as_waiting()
            desks = []
            for c, served in COUNTERS.items():
                if not is_open(c, t):
                    continue
                since, _minutes, service = busy.get(c, (t, 0.0, ""))
                free_in = remaining(recent(service), t - since) if service else 0.0
                desks.append(Desk(c, frozenset(served), free_in))
            v.estimate = estimate_waits(
                queue, desks, t, PRIORITY_RATIO, {s: recent(s) for s in SERVICES}
            ).get(v.key)
            same = calling_order(
                [w for w in queue if w.service == v.service], {v.service}, t, PRIORITY_RATIO
            )
            ahead = [w.key for w in same].index(v.key)
            serving = sum(1 for d in desks if v.service in d.services)
            v.naive = naive_wait(ahead, SERVICES[v.service], serving)
            continue
        # a counter is free: it calls the next ticket, unless it is closed
        busy.pop(who, None)
        if not is_open(who, t):
            continue  # back at lunch_to (its own event)
        chosen = next_ticket(as_waiting(), COUNTERS[who], t, PRIORITY_RATIO, streak[who])
        if chosen is None:
            heapq.heappush(events, (t + 0.5, 3, "free", who))  # look again in half a minute
            continue
        streak[who] = streak_after(streak[who], chosen)
        v = waiting.pop(chosen.key)
        v.called, v.counter = t, who
        minutes = float(CALLS_BEFORE_NO_SHOW) if v.no_show else v.minutes
        done[v.service].append(minutes)  # a no-show's calls take the counter's time too
        busy[who] = (t, minutes, v.service)
        heapq.heappush(events, (t + minutes, 2, "free", who))
    return visitors


def run(days: int, seed: int) -> Result:
    rng = random.Random(seed)
    result = Result(seed, days)
    for day in range(days):
        for v in simulate_day(rng, friday=day % 5 == 4):
            if v.no_show:
                continue  # nobody was there to wait
            if v.called is None or v.estimate is None:
                result.never_called += 1
                continue
            real = v.called - v.arrived
            result.waits.append(real)
            result.estimate_errors.append(abs(v.estimate - real))
            result.naive_errors.append(abs(v.naive - real))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    s = run(args.days, args.seed).summary()
    print(
        f"seed {s['seed']}, {s['days']} days, {s['visitors']} visitors "
        f"({s['never_called']} not called by closing), median real wait "
        f"{s['wait_median']:.1f} min\n"
        f"  estimate: median {s['estimate_median']:.1f} min, p90 {s['estimate_p90']:.1f} min\n"
        f"  naive:    median {s['naive_median']:.1f} min, p90 {s['naive_p90']:.1f} min"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
