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

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
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


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest rank: the smallest value with at least ``p`` % of the values at or below it.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), percentile([5], 90), percentile([], 90)
    (9, 5, None)
    """
    if not values:
        return None
    ordered = sorted(values)
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


def _minutes(seconds: Iterable[float]) -> list[float]:
    return [s / 60 for s in seconds]


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


def kpis(tickets: Sequence[TicketHistory], target_wait_min: float) -> tuple:
    """One row of KPI_COLUMNS for a group of tickets."""
    called = [t for t in tickets if t.first_called_at is not None]
    waits = _minutes(t.wait_s for t in called)  # type: ignore[misc]
    services = _minutes(s for t in called if (s := t.service_s) is not None)
    sources = Counter(t.source for t in tickets)
    lanes = Counter(t.lane for t in tickets)
    return (
        len(tickets),
        len(called),
        len(tickets) - len(called),
        median(waits),
        percentile(waits, 90),
        median(services),
        sum(w <= target_wait_min for w in waits) / len(waits) if waits else None,
        sum(t.no_show for t in called) / len(called) if called else None,
        *(sources[s] for s in Source),
        *(lanes[lane] for lane in Lane),
    )


GROUPINGS: dict[str, tuple[str, str, Callable[[TicketHistory, ZoneInfo], object]]] = {
    "service": ("Layanan", "Service", lambda t, tz: t.service),
    "counter": ("Loket", "Counter", lambda t, tz: t.counter),
    "staff": ("Petugas", "Staff", lambda t, tz: t.staff),
    "hour": ("Jam", "Hour", lambda t, tz: t.issued_at.astimezone(tz).hour),
}


def kpi_table(
    tickets: Iterable[TicketHistory],
    by: str,
    target_wait_min: float,
    tz: ZoneInfo = WIB,
) -> Table:
    """KPIs per service, counter, staff member or hour of the day, with a total row."""
    label_id, label_en, key = GROUPINGS[by]
    tickets = list(tickets)
    groups: dict[object, list[TicketHistory]] = defaultdict(list)
    for ticket in tickets:
        group = key(ticket, tz)
        if group is not None:  # a ticket never called has no counter or staff
            groups[group].append(ticket)
    head = Column(by, label_id, label_en, Kind.INT if by == "hour" else Kind.TEXT)
    rows = [(g, *kpis(groups[g], target_wait_min)) for g in sorted(groups)]  # type: ignore[type-var]
    if by in ("counter", "staff"):
        total = [t for t in tickets if key(t, tz) is not None]
    else:
        total = tickets
    rows.append(("Total", *kpis(total, target_wait_min)))
    note = f"Target tunggu {target_wait_min:g} menit / target wait {target_wait_min:g} min."
    return Table(
        f"kpi_by_{by}",
        f"Indikator antrean per {label_id.lower()}",
        f"Queue indicators by {label_en.lower()}",
        (head, *KPI_COLUMNS),
        tuple(rows),
        note,
    )


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
