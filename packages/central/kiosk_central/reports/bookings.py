"""Online bookings as report tables: per day and slot, and per service, how many were booked,
cancelled, moved, how many came (early, in their slot, late) and how many did not. Pure: the
records come in, tables go out.

A booking counts as booked when it was still active at its slot (not cancelled); moved when it
was moved at least once (a moved booking counts in the slot it ended in). It arrived when the
kiosk checked it in: early before its slot's start, late after its slot's end. It is a no-show
only once its slot plus the office's late tolerance has passed without a check-in (or the
retention pass marked it so); before that it is neither. The share arrived is of the bookings
that can be judged (arrived, or no-show), like the complaints' service level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk_central.reports.tables import Column, Kind, Table

CANCELLED, CHECKED_IN, NO_SHOW = "cancelled", "checked_in", "no_show"
NONE_ID = "Tidak ada reservasi online pada periode ini."
NONE_EN = "No online bookings in this period."


@dataclass(frozen=True)
class BookingRecord:
    day: date  # the office's local day of the slot
    slot: str  # the slot's local start, "08:30"
    slot_start: datetime
    slot_end: datetime
    service: tuple[str, str]  # its name (Indonesian, English)
    status: str  # booked, checked_in, cancelled, no_show
    moved: bool
    arrived_at: datetime | None  # the kiosk's check-in, if any

    def arrived(self) -> bool:
        return self.status != CANCELLED and (
            self.arrived_at is not None or self.status == CHECKED_IN
        )

    def no_show(self, now: datetime, tolerance: timedelta) -> bool:
        if self.status == CANCELLED or self.arrived():
            return False
        return self.status == NO_SHOW or now >= self.slot_end + tolerance


@dataclass(frozen=True)
class Counts:
    booked: int = 0
    cancelled: int = 0
    moved: int = 0
    arrived: int = 0
    early: int = 0
    late: int = 0
    no_show: int = 0

    @property
    def arrived_share(self) -> float | None:
        judged = self.arrived + self.no_show
        return self.arrived / judged if judged else None

    def row(self) -> tuple:
        return (
            self.booked,
            self.cancelled,
            self.moved,
            self.arrived,
            self.early,
            self.late,
            self.no_show,
            self.arrived_share,
        )


def counts(records: Iterable[BookingRecord], now: datetime, tolerance: timedelta) -> Counts:
    c = dict.fromkeys(("booked", "cancelled", "moved", "arrived", "early", "late", "no_show"), 0)
    for r in records:
        if r.status == CANCELLED:
            c["cancelled"] += 1
            continue
        c["booked"] += 1
        c["moved"] += r.moved
        if r.arrived():
            c["arrived"] += 1
            if r.arrived_at is not None:
                c["early"] += r.arrived_at < r.slot_start
                c["late"] += r.arrived_at > r.slot_end
        elif r.no_show(now, tolerance):
            c["no_show"] += 1
    return Counts(**c)


COUNT_COLUMNS = (
    Column("booked", "Dipesan", "Booked", Kind.INT),
    Column("cancelled", "Dibatalkan", "Cancelled", Kind.INT),
    Column("moved", "Dipindah", "Moved", Kind.INT),
    Column("arrived", "Datang", "Arrived", Kind.INT),
    Column("early", "Datang awal", "Early", Kind.INT),
    Column("late", "Terlambat", "Late", Kind.INT),
    Column("no_show", "Tidak datang", "No-show", Kind.INT),
    Column("arrived_share", "Persentase datang", "Share arrived", Kind.SHARE),
)
NOTE = (
    "Dipesan: tidak dibatalkan. Datang awal/terlambat: check-in sebelum awal/sesudah akhir slot."
    " Tidak datang: slot dan toleransi keterlambatan sudah lewat tanpa check-in. Persentase"
    " datang: dari yang datang atau tidak datang."
    " · Booked: not cancelled. Early/late: checked in before the slot's start/after its end."
    " No-show: the slot and the late tolerance passed without a check-in. Share arrived: of"
    " those arrived or no-show."
)


def _grouped(
    records: Sequence[BookingRecord], key: Callable[[BookingRecord], tuple]
) -> list[tuple[tuple, list[BookingRecord]]]:
    groups: dict[tuple, list[BookingRecord]] = {}
    for r in records:
        groups.setdefault(key(r), []).append(r)
    return sorted(groups.items())


def none_table() -> Table:
    """An empty period: one sentence, not empty tables."""
    return Table(
        "bookings",
        "Reservasi online",
        "Online bookings",
        (Column("note", "Keterangan", "Note"),),
        ((f"{NONE_ID} · {NONE_EN}",),),
    )


def slot_table_of(
    records: Sequence[BookingRecord],
    now: datetime,
    tolerance: timedelta,
    name: str = "",
    per_day: bool = True,
) -> Table:
    """Per day and slot; with ``per_day`` false (a long period: a year is thousands of rows)
    per slot of the day over the whole period, its day column the period's first and last."""
    if per_day:
        groups = _grouped(records, lambda r: (r.day.isoformat(), r.slot))
    else:
        days = sorted({r.day for r in records})
        span = f"{days[0].isoformat()} – {days[-1].isoformat()}" if days else ""
        groups = _grouped(records, lambda r: (span, r.slot))
    rows = [(day, slot, *counts(group, now, tolerance).row()) for (day, slot), group in groups]
    rows.append(("Total", "", *counts(records, now, tolerance).row()))
    return Table(
        name or "bookings_by_slot",
        "Reservasi online per hari dan slot",
        "Online bookings per day and slot",
        (Column("day", "Tanggal", "Day"), Column("slot", "Slot", "Slot"), *COUNT_COLUMNS),
        tuple(rows),
        note=NOTE,
    )


def service_table_of(
    records: Sequence[BookingRecord], now: datetime, tolerance: timedelta
) -> Table:
    rows = [
        (name_id, name_en, *counts(group, now, tolerance).row())
        for (name_id, name_en), group in _grouped(records, lambda r: r.service)
    ]
    rows.append(("Total", "Total", *counts(records, now, tolerance).row()))
    return Table(
        "bookings_by_service",
        "Reservasi online per layanan",
        "Online bookings per service",
        (
            Column("service", "Layanan", "Service (ID)"),
            Column("service_en", "Layanan (EN)", "Service"),
            *COUNT_COLUMNS,
        ),
        tuple(rows),
        note=NOTE,
    )


def tables_of(
    records: Sequence[BookingRecord], now: datetime, tolerance: timedelta, per_day: bool = True
) -> list:
    if not records:
        return [none_table()]
    return [
        slot_table_of(records, now, tolerance, per_day=per_day),
        service_table_of(records, now, tolerance),
    ]
