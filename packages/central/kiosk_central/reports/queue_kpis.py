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
from kiosk_central.reports.tallies import QueueTally, Tally

WIB = ZoneInfo("Asia/Jakarta")


def _median_sorted(
    ordered: Sequence[float], key: Callable[[float], float] | None = None
) -> float | None:
    """``key``: applied to the middle values before they are averaged (ticks to minutes)."""
    if not ordered:
        return None
    at = key or (lambda v: v)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return at(ordered[mid])
    return (at(ordered[mid - 1]) + at(ordered[mid])) / 2


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


def kpis(group: Tally, target_wait_min: float) -> tuple:
    """One row of KPI_COLUMNS for a group of tickets. The times stay integer ticks, sorted;
    only the few a figure is made of become minutes (a year is 100,000 tickets in 4 tables)."""
    waits, services = group.sorted_waits(), group.sorted_services()
    called = len(waits)
    p90 = _percentile_sorted(waits, 90)
    return (
        group.tickets,
        called,
        group.tickets - called,
        _median_sorted(waits, group.minutes),
        None if p90 is None else group.minutes(p90),
        _median_sorted(services, group.minutes),
        _at_most(group, waits, target_wait_min) / called if called else None,
        group.no_shows / called if called else None,
        *group.sources,
        *group.lanes,
    )


def _at_most(group: Tally, ordered: Sequence[int], limit_min: float) -> int:
    """How many of the times are at most ``limit_min`` minutes, compared as minutes."""
    return bisect.bisect_right(ordered, limit_min, key=group.minutes)


def _below(group: Tally, ordered: Sequence[int], limit_min: float) -> int:
    return bisect.bisect_left(ordered, limit_min, key=group.minutes)


GROUPINGS = {
    "service": ("Layanan", "Service"),
    "counter": ("Loket", "Counter"),
    "staff": ("Petugas", "Staff"),
    "hour": ("Jam", "Hour"),  # of issue, local time
}


def kpi_tables(
    tickets: Iterable[TicketHistory],
    target_wait_min: float,
    by: Sequence[str] = tuple(GROUPINGS),
    tz: ZoneInfo = WIB,
) -> dict[str, Table]:
    """KPIs per service, counter, staff member and/or hour of the day, each with a total row."""
    return kpi_tables_of(QueueTally.of(tickets, tz), target_wait_min, by)


def kpi_tables_of(
    tally: QueueTally, target_wait_min: float, by: Sequence[str] = tuple(GROUPINGS)
) -> dict[str, Table]:
    """``kpi_tables`` from a tally (a dashboard shows the four tables together)."""
    note = f"Target tunggu {target_wait_min:g} menit / target wait {target_wait_min:g} min."
    totals = {}
    tables = {}
    for b in by:
        label_id, label_en = GROUPINGS[b]
        # only called tickets have a counter and a staff member
        scope = "called" if b in ("counter", "staff") else "every"
        if scope not in totals:
            group = tally.called if scope == "called" else tally.every
            totals[scope] = kpis(group, target_wait_min)
        groups = tally.groups[b]
        rows = [(g, *kpis(groups[g], target_wait_min)) for g in sorted(groups)]
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
    return hourly_table_of(QueueTally.of(tickets, tz))


def hourly_table_of(tally: QueueTally) -> Table:
    arrivals, calls, done = tally.arrivals, tally.calls, tally.done
    by_hour = tally.groups["hour"]  # the waits of the tickets issued in the hour
    hours = {h for c in (arrivals, calls, done) for h, n in c.items() if n}
    rows = tuple(
        (
            f"{h:02d}.00",
            arrivals[h],
            calls[h],
            done[h],
            _median_sorted(by_hour[h].sorted_waits(), by_hour[h].minutes) if h in by_hour else None,
        )
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
    return wait_bands_table_of(QueueTally.of(tickets, WIB))


def wait_bands_table_of(tally: QueueTally) -> Table:
    columns = [
        Column("service", "Layanan", "Service"),
        Column("called", "Dipanggil", "Called", Kind.INT),
    ]
    for low, high in WAIT_BANDS:
        columns.append(Column(f"wait_{low}", *_band_label(low, high), Kind.SHARE))
    rows = []
    by_service = tally.groups["service"]
    for service in sorted(by_service):
        group = by_service[service]
        waits = group.sorted_waits()
        if not waits:
            continue  # a service nobody was called for has no distribution
        shares = [
            (
                (len(waits) if high is None else _below(group, waits, high))
                - _below(group, waits, low)
            )
            / len(waits)
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
