"""The office's queue indicators (IKU) over a period, per service, counter, staff and hour.

Definitions, so that a figure can be checked by hand:
- **Waiting time**: issue to first call, over the tickets that were called (a recall does not
  reset it). **Median** is the usual median (the mean of the two middle values for an even
  count); **p90** is the nearest-rank 90th percentile: the smallest waiting time that at least
  90% of the called tickets did not exceed, always a wait someone really had.
- **Service time**: the call the visitor answered to done; no-shows have none.
- **Within target**: the share of called tickets whose wait was at most the office's target.
  Tickets never called (still waiting at the end of the period, or the visitor left unseen)
  have no waiting time: they are counted in ``not_called`` and not in the share.
- **No-show rate**: no-shows over called tickets.
- Per counter and per staff member: only called tickets have a counter; per hour of the day:
  arrivals by the hour they were issued, calls by the hour of the first call, waiting times of
  the tickets issued in that hour, all in the office's time zone.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from zoneinfo import ZoneInfo

from kiosk_central.reports.records import (
    LANE_LABELS,
    SOURCE_LABELS,
    Lane,
    Source,
    TicketHistory,
)
from kiosk_central.reports.tables import Column, Kind, Table

WIB = ZoneInfo("Asia/Jakarta")


def _median_sorted(ordered: Sequence[float]) -> float | None:
    if not ordered:
        return None
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def median(values: Sequence[float]) -> float | None:
    """The usual median: the mean of the two middle values for an even count.

    >>> median([3, 1, 2]), median([4, 1, 3, 2]), median([])
    (2, 2.5, None)
    """
    return _median_sorted(sorted(values))


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest rank: the smallest value with at least ``p`` % of the values at or below it.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), percentile([5], 90), percentile([], 90)
    (9, 5, None)
    """
    return _percentile_sorted(sorted(values), p)


def _percentile_sorted(ordered: Sequence[float], p: float) -> float | None:
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Period:
    """Local calendar days, both ends included."""

    first: date
    last: date
    tz: ZoneInfo = WIB

    def holds(self, moment: datetime) -> bool:
        return self.first <= moment.astimezone(self.tz).date() <= self.last

    def label(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


def in_period(tickets: Iterable[TicketHistory], period: Period) -> list[TicketHistory]:
    """The tickets issued in the period (a ticket belongs to the day it was issued)."""
    return [t for t in tickets if period.holds(t.issued_at)]


# One ticket as the KPIs see it, computed once per report: (wait min, service min, no-show,
# source, lane); a year of a busy office is 100,000 tickets read by four tables.
Fact = tuple[float | None, float | None, bool, Source, Lane]


def fact(t: TicketHistory) -> Fact:
    wait, service = t.wait_s, t.service_s
    return (
        None if wait is None else wait / 60,
        None if service is None else service / 60,
        t.no_show,
        t.source,
        t.lane,
    )


KPI_COLUMNS = (
    Column("tickets", "Tiket", "Tickets", Kind.INT),
    Column("called", "Dipanggil", "Called", Kind.INT),
    Column("not_called", "Belum dipanggil", "Not called", Kind.INT),
    Column("wait_median", "Tunggu median (mnt)", "Median wait (min)", Kind.MINUTES),
    Column("wait_p90", "Tunggu p90 (mnt)", "90th pct wait (min)", Kind.MINUTES),
    Column("service_median", "Layanan median (mnt)", "Median service (min)", Kind.MINUTES),
    Column("within_target", "Dalam target", "Within target", Kind.SHARE),
    Column("no_show_rate", "Tidak hadir", "No-show rate", Kind.SHARE),
    *(Column(f"source_{s}", *SOURCE_LABELS[s], Kind.INT) for s in Source),
    *(Column(f"lane_{lane}", *LANE_LABELS[lane], Kind.INT) for lane in Lane),
)


def kpis(facts: Sequence[Fact], target_wait_min: float) -> tuple:
    """One row of KPI_COLUMNS for a group of tickets (as ``fact`` gives them)."""
    waits = sorted([f[0] for f in facts if f[0] is not None])
    services = sorted([f[1] for f in facts if f[1] is not None])
    no_shows = sum([1 for f in facts if f[2] and f[0] is not None])
    sources = Counter(map(itemgetter(3), facts))
    lanes = Counter(map(itemgetter(4), facts))
    called = len(waits)
    return (
        len(facts),
        called,
        len(facts) - called,
        _median_sorted(waits),
        _percentile_sorted(waits, 90),
        _median_sorted(services),
        bisect.bisect_right(waits, target_wait_min) / called if called else None,
        no_shows / called if called else None,
        *(sources[s] for s in Source),
        *(lanes[lane] for lane in Lane),
    )


GROUPINGS: dict[str, tuple[str, str, Callable[[TicketHistory, ZoneInfo], object]]] = {
    "service": ("Layanan", "Service", lambda t, tz: t.service),
    "counter": ("Loket", "Counter", lambda t, tz: t.counter),
    "staff": ("Petugas", "Staff", lambda t, tz: t.staff),
    "hour": ("Jam", "Hour", lambda t, tz: t.issued_at.astimezone(tz).hour),
}


def kpi_tables(
    tickets: Iterable[TicketHistory],
    target_wait_min: float,
    by: Sequence[str] = tuple(GROUPINGS),
    tz: ZoneInfo = WIB,
) -> dict[str, Table]:
    """KPIs per service, counter, staff member and/or hour of the day, each with a total row.

    One pass over the tickets for all the tables asked: a dashboard shows the four together.
    """
    groups: dict[str, dict[object, list[Fact]]] = {b: defaultdict(list) for b in by}
    called: list[Fact] = []  # the total of the counter and staff tables
    every: list[Fact] = []
    for ticket in tickets:
        one = fact(ticket)
        every.append(one)
        if one[0] is not None:
            called.append(one)
        for b in by:
            group = GROUPINGS[b][2](ticket, tz)
            if group is not None:  # a ticket never called has no counter or staff
                groups[b][group].append(one)
    totals = {}
    note = f"Target tunggu {target_wait_min:g} menit / target wait {target_wait_min:g} min."
    tables = {}
    for b in by:
        label_id, label_en, _ = GROUPINGS[b]
        scope = "called" if b in ("counter", "staff") else "every"
        if scope not in totals:
            totals[scope] = kpis(called if scope == "called" else every, target_wait_min)
        rows = [(g, *kpis(groups[b][g], target_wait_min)) for g in sorted(groups[b])]  # type: ignore[type-var]
        rows.append(("Total", *totals[scope]))
        tables[b] = Table(
            f"kpi_by_{b}",
            f"Indikator antrean per {label_id.lower()}",
            f"Queue indicators by {label_en.lower()}",
            (Column(b, label_id, label_en, Kind.INT if b == "hour" else Kind.TEXT), *KPI_COLUMNS),
            tuple(rows),
            note,
        )
    return tables


def kpi_table(
    tickets: Iterable[TicketHistory], by: str, target_wait_min: float, tz: ZoneInfo = WIB
) -> Table:
    """One of ``kpi_tables``."""
    return kpi_tables(tickets, target_wait_min, (by,), tz)[by]


HOURLY_COLUMNS = (
    Column("hour", "Jam", "Hour", Kind.TEXT),
    Column("arrivals", "Kedatangan", "Arrivals", Kind.INT),
    Column("calls", "Panggilan", "Calls", Kind.INT),
    Column("done", "Selesai", "Done", Kind.INT),
    Column("wait_median", "Tunggu median (mnt)", "Median wait (min)", Kind.MINUTES),
)


def hourly_table(tickets: Iterable[TicketHistory], tz: ZoneInfo = WIB) -> Table:
    """Arrivals, first calls and finished services per hour of the day, every hour from the
    first to the last with any activity (an empty hour in between is shown, as 0)."""
    arrivals: Counter[int] = Counter()
    calls: Counter[int] = Counter()
    done: Counter[int] = Counter()
    waits: dict[int, list[float]] = defaultdict(list)
    for t in tickets:
        hour = t.issued_at.astimezone(tz).hour
        arrivals[hour] += 1
        if t.first_called_at is not None:
            calls[t.first_called_at.astimezone(tz).hour] += 1
            waits[hour].append(t.wait_s / 60)  # type: ignore[operator]
        if t.done_at is not None and not t.no_show:
            done[t.done_at.astimezone(tz).hour] += 1
    hours = set(arrivals) | set(calls) | set(done)
    rows = tuple(
        (f"{h:02d}.00", arrivals[h], calls[h], done[h], median(waits[h]))
        for h in (range(min(hours), max(hours) + 1) if hours else ())
    )
    return Table(
        "hourly",
        "Kedatangan dan panggilan per jam",
        "Arrivals and calls per hour",
        HOURLY_COLUMNS,
        rows,
        "Jam setempat; panggilan = panggilan pertama / local time; calls = first calls.",
    )


WAIT_BANDS = ((0, 15), (15, 30), (30, 60), (60, None))  # minutes; the last is open-ended


def _band_label(low: float, high: float | None) -> tuple[str, str]:
    if high is None:
        return f"> {low} mnt", f"> {low} min"
    return f"{low}–{high} mnt", f"{low}–{high} min"


def wait_bands_table(tickets: Iterable[TicketHistory]) -> Table:
    """How the called tickets' waits spread, per service: the share in each band."""
    by_service: dict[str, list[float]] = defaultdict(list)
    for t in tickets:
        if t.wait_s is not None:
            by_service[t.service].append(t.wait_s / 60)
    columns = [
        Column("service", "Layanan", "Service"),
        Column("called", "Dipanggil", "Called", Kind.INT),
    ]
    for low, high in WAIT_BANDS:
        columns.append(Column(f"wait_{low}", *_band_label(low, high), Kind.SHARE))
    rows = []
    for service in sorted(by_service):
        waits = by_service[service]
        shares = [
            sum(low <= w and (high is None or w < high) for w in waits) / len(waits)
            for low, high in WAIT_BANDS
        ]
        rows.append((service, len(waits), *shares))
    return Table(
        "wait_distribution",
        "Sebaran waktu tunggu per layanan",
        "Waiting time distribution by service",
        tuple(columns),
        tuple(rows),
        "Bagian tiket yang dipanggil / share of the called tickets; batas bawah termasuk.",
    )
