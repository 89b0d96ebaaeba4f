"""What the reports need from a set of tickets or ratings, in a form that adds up.

A year's report is the sum of ~365 day tallies (kept by the central as digests) and today's
rows, never a second pass over 100,000 tickets. Adding must not change a single figure, so the
tallies keep every waiting and service time, as integer microseconds (exactly what a ticket's
``wait_s`` is made of), not a histogram: the median, the p90 and the share within a target that
can change after the day all need the values themselves. Counts (tickets, no-shows, sources,
lanes, per hour) are just added.

Groups are keyed by whatever the caller has (names here; the central's ids in its digests,
renamed with ``relabel`` when a report is made: a renamed service reports under its new name).
"""

from __future__ import annotations

import functools
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, repeat
from typing import Any
from zoneinfo import ZoneInfo

from kiosk_central.reports.records import Lane, RatingRecord, Source, TicketHistory
from layanan_rules.ratings import ELEMENTS

SOURCES: tuple[Source, ...] = tuple(Source)
LANES: tuple[Lane, ...] = tuple(Lane)
DIMENSIONS = ("service", "counter", "staff", "hour")
US = timedelta(microseconds=1)
US_PER_MINUTE = 60_000_000


def minutes(us: int) -> float:
    # the same two divisions as timedelta.total_seconds() / 60: the very same float
    return us / 1_000_000 / 60


MS = 1000  # the central's times are to the millisecond: ticks of 1,000 µs sort faster


@dataclass
class Tally:
    """A group of tickets: the inputs of one row of the KPI table. Times are integer ticks of
    ``scale`` µs: 1 for records (exact whatever they hold), 1,000 for the central's rows
    (small ints, which Python sorts about twice as fast)."""

    tickets: int = 0
    no_shows: int = 0  # no-shows among the called
    waits: list[int] = field(default_factory=list)  # ticks, one per called ticket
    services: list[int] = field(default_factory=list)  # ticks, one per served ticket
    sources: list[int] = field(default_factory=lambda: [0] * len(SOURCES))
    lanes: list[int] = field(default_factory=lambda: [0] * len(LANES))
    scale: int = 1

    def minutes(self, ticks: int) -> float:
        return minutes(ticks * self.scale)

    def add(
        self, wait: int | None, service: int | None, no_show: bool, source: int, lane: int
    ) -> None:
        self.tickets += 1
        if wait is not None:
            self.waits.append(wait)
            self.no_shows += no_show
        if service is not None:
            self.services.append(service)
        self.sources[source] += 1
        self.lanes[lane] += 1

    def merge(self, other: Tally) -> None:
        waits, services = other.waits, other.services
        if other.scale != self.scale:
            if not (self.waits or self.services):
                self.scale = other.scale
            else:  # both in the finer ticks: nothing is rounded
                fine = math.gcd(self.scale, other.scale)
                self.waits, self.services = self._in(fine, self.waits, self.services)
                waits, services = other._in(fine, waits, services)
                self.scale = fine
        self.tickets += other.tickets
        self.no_shows += other.no_shows
        self.waits += waits
        self.services += services
        self.sources = [a + b for a, b in zip(self.sources, other.sources, strict=True)]
        self.lanes = [a + b for a, b in zip(self.lanes, other.lanes, strict=True)]

    def _in(self, scale: int, *times: list[int]) -> list[list[int]]:
        factor = self.scale // scale
        return [[t * factor for t in ticks] for ticks in times]

    def sorted_waits(self) -> list[int]:
        """The called tickets' waits (µs), shortest first: days kept sorted make a year's
        sort a merge of sorted runs, which Python's sort does in little more than a pass."""
        self.waits.sort()
        return self.waits

    def sorted_services(self) -> list[int]:
        self.services.sort()
        return self.services

    def pack(self, blob: array) -> list:
        """Counts as a list, the times (sorted) appended to ``blob`` (int64: a year of them as
        JSON would be 6 MB to parse)."""
        at = len(blob)
        blob.extend(self.sorted_waits())
        blob.extend(self.sorted_services())
        head = [self.tickets, self.no_shows, at, len(self.waits), len(self.services), self.scale]
        return head + self.sources + self.lanes

    @classmethod
    def unpack(cls, packed: list, blob: array) -> Tally:
        tickets, no_shows, at, waits, services, scale = packed[:6]
        rest = packed[6:]
        return cls(
            tickets,
            no_shows,
            blob[at : at + waits].tolist(),
            blob[at + waits : at + waits + services].tolist(),
            rest[: len(SOURCES)],
            rest[len(SOURCES) :],
            scale,
        )


class QueueTally:
    """Everything ``queue_kpis`` reports, for any set of tickets (times in ticks of
    ``scale`` µs, see ``Tally``)."""

    FORMAT = 2  # of ``pack``: a digest kept in another is made again

    def __init__(self, scale: int = 1) -> None:
        self.scale = scale
        new = functools.partial(Tally, scale=scale)
        self.groups: dict[str, dict[Any, Tally]] = {d: defaultdict(new) for d in DIMENSIONS}
        self.every = new()
        self.called = new()  # the total of the counter and staff tables
        self.arrivals: Counter[int] = Counter()  # by the hour of issue
        self.calls: Counter[int] = Counter()  # by the hour of the first call
        self.done: Counter[int] = Counter()  # by the hour served

    def add(
        self,
        service: Any,
        counter: Any,
        staff: Any,
        issue_hour: int,
        call_hour: int | None,
        done_hour: int | None,
        wait: int | None,
        served: int | None,
        no_show: bool,
        source: int,
        lane: int,
    ) -> None:
        """One ticket: ``wait`` and ``served`` in µs; a key of None (never called: no counter)
        leaves the ticket out of that grouping, as the tables do."""
        one = (wait, served, no_show, source, lane)
        groups = self.groups
        groups["service"][service].add(*one)
        if counter is not None:
            groups["counter"][counter].add(*one)
        if staff is not None:
            groups["staff"][staff].add(*one)
        groups["hour"][issue_hour].add(*one)
        self.every.add(*one)
        self.arrivals[issue_hour] += 1
        if wait is not None:
            self.called.add(*one)
            self.calls[call_hour] += 1  # type: ignore[index]
        if done_hour is not None:
            self.done[done_hour] += 1

    def merge(self, other: QueueTally) -> None:
        for d, groups in other.groups.items():
            mine = self.groups[d]
            for key, tally in groups.items():
                mine[key].merge(tally)
        self.every.merge(other.every)
        self.called.merge(other.called)
        self.arrivals.update(other.arrivals)
        self.calls.update(other.calls)
        self.done.update(other.done)

    def relabel(self, names: Mapping[str, Callable[[Any], Any]]) -> QueueTally:
        """The tally with each dimension's keys renamed (``names[dimension](key)``); keys that
        rename to the same name are one group, a key renamed to None is left out."""
        out = QueueTally(self.scale)
        out.every, out.called = self.every, self.called
        out.arrivals, out.calls, out.done = self.arrivals, self.calls, self.done
        for d, groups in self.groups.items():
            rename = names.get(d)
            for key, tally in groups.items():
                name = rename(key) if rename else key
                if name is not None:
                    out.groups[d][name].merge(tally)
        return out

    @classmethod
    def of(cls, tickets: Iterable[TicketHistory], tz: ZoneInfo) -> QueueTally:
        """The tally of records (the pure reports' input)."""
        out = cls()
        sources = {s: i for i, s in enumerate(SOURCES)}
        lanes = {lane: i for i, lane in enumerate(LANES)}
        for t in tickets:
            wait = call_hour = served = done_hour = None
            if t.first_called_at is not None:
                wait = (t.first_called_at - t.issued_at) // US
                call_hour = t.first_called_at.astimezone(tz).hour
            if t.done_at is not None and not t.no_show:
                start = t.answered_call_at or t.first_called_at
                served = max(0, (t.done_at - start) // US)  # type: ignore[operator]
                done_hour = t.done_at.astimezone(tz).hour
            out.add(
                t.service,
                t.counter,
                t.staff,
                t.issued_at.astimezone(tz).hour,
                call_hour,
                done_hour,
                wait,
                served,
                t.no_show,
                sources[t.source],
                lanes[t.lane],
            )
        return out

    # --- stored form ------------------------------------------------------------------------
    def pack(self) -> tuple[dict, bytes]:
        blob = array("q")
        head = {
            "format": self.FORMAT,
            "scale": self.scale,
            "groups": {
                d: [[key, tally.pack(blob)] for key, tally in groups.items()]
                for d, groups in self.groups.items()
            },
            "every": self.every.pack(blob),
            "called": self.called.pack(blob),
            # JSON keys are text: the hours go as pairs
            "hours": [list(c.items()) for c in (self.arrivals, self.calls, self.done)],
        }
        return head, blob.tobytes()

    @classmethod
    def unpack(cls, head: dict, data: bytes) -> QueueTally:
        blob = array("q")
        blob.frombytes(data)
        out = cls(head["scale"])
        out.every, out.called = (
            Tally.unpack(head["every"], blob),
            Tally.unpack(head["called"], blob),
        )
        for d, groups in head["groups"].items():
            out.groups[d].update((key, Tally.unpack(p, blob)) for key, p in groups)
        out.arrivals, out.calls, out.done = (Counter(dict(pairs)) for pairs in head["hours"])
        return out


RatingKey = tuple[Any, str, str, int]  # (kiosk, month "YYYY-MM", element, value)


@dataclass
class RatingTally:
    """Everything ``survey`` reports, for any set of ratings: how many of each answer each
    kiosk got per month, and who the respondents were when the kiosk says."""

    counts: Counter[RatingKey] = field(default_factory=Counter)
    respondent_ids: set[tuple[Any, str]] = field(default_factory=set)  # (kiosk, id)
    anonymous: Counter[Any] = field(default_factory=Counter)  # survey answers without an id

    def add(
        self, kiosk: Any, day: date, element: str, value: int, respondent: str | None = None
    ) -> None:
        self.counts[(kiosk, f"{day.year:04d}-{day.month:02d}", element, value)] += 1
        if element in ELEMENTS:
            if respondent:
                self.respondent_ids.add((kiosk, respondent))
            else:
                self.anonymous[kiosk] += 1

    def merge(self, other: RatingTally) -> None:
        self.counts.update(other.counts)
        self.respondent_ids |= other.respondent_ids
        self.anonymous.update(other.anonymous)

    def relabel(self, kiosk_name: Callable[[Any], Any]) -> RatingTally:
        out = RatingTally()
        for (kiosk, month, element, value), n in self.counts.items():
            out.counts[(kiosk_name(kiosk), month, element, value)] += n
        out.respondent_ids = {(kiosk_name(k), r) for k, r in self.respondent_ids}
        for kiosk, n in self.anonymous.items():
            out.anonymous[kiosk_name(kiosk)] += n
        return out

    def kiosks(self) -> list:
        return sorted({key[0] for key in self.counts})

    def of_kiosk(self, kiosk: Any) -> RatingTally:
        return RatingTally(
            Counter({k: n for k, n in self.counts.items() if k[0] == kiosk}),
            {r for r in self.respondent_ids if r[0] == kiosk},
            Counter({kiosk: self.anonymous[kiosk]}) if self.anonymous[kiosk] else Counter(),
        )

    def answers(self, month: str | None = None) -> Iterator[tuple[str, int]]:
        """Every (element, value) of the nine elements once per rating (of ``month``, if
        given: "YYYY-MM"), for the kiosk's own IKM formula."""
        return chain.from_iterable(
            repeat((e, v), n)
            for (_, m, e, v), n in self.counts.items()
            if e in ELEMENTS and (month is None or m == month)
        )

    def values(self, element: str, month: str | None = None) -> Iterator[int]:
        """Every value one element (``overall``: the exit question) got, once per rating."""
        return chain.from_iterable(
            repeat(v, n)
            for (_, m, e, v), n in self.counts.items()
            if e == element and (month is None or m == month)
        )

    def months(self) -> list[str]:
        return sorted({key[1] for key in self.counts})

    def per_element(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for (_, _, element, _), n in self.counts.items():
            if element in ELEMENTS:
                out[element] += n
        return out

    def respondents(self) -> int:
        """Distinct respondent ids when every survey answer has one; else the most answers
        one element got (every respondent answers each element at most once)."""
        per_element = self.per_element()
        if per_element and not sum(self.anonymous.values()):
            return len(self.respondent_ids)
        return max(per_element.values(), default=0)

    @classmethod
    def of(cls, ratings: Iterable[RatingRecord], tz: ZoneInfo) -> RatingTally:
        out = cls()
        for r in ratings:
            out.add(r.kiosk_id, r.at.astimezone(tz).date(), r.element, r.value, r.respondent)
        return out

    # --- stored form ------------------------------------------------------------------------
    def pack(self) -> dict:
        return {
            "counts": [[*key, n] for key, n in self.counts.items()],
            "respondents": sorted(self.respondent_ids),
            "anonymous": list(self.anonymous.items()),
        }

    @classmethod
    def unpack(cls, packed: dict) -> RatingTally:
        return cls(
            Counter({tuple(row[:4]): row[4] for row in packed["counts"]}),
            {tuple(r) for r in packed["respondents"]},
            Counter(dict(packed["anonymous"])),
        )
