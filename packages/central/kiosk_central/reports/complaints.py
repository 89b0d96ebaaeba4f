"""Complaints, suggestions and questions as report tables: how many of each type and category,
and per month how fast the office first answered (median), how many within its service level,
how many resolved. Pure: the records come in, tables and figures go out.

Within the service level counts only what can be judged: a complaint answered (on time or
late) or one whose first-answer deadline has passed unanswered; one still inside its time is
neither a success nor a failure yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk_central.reports.queue_kpis import median
from kiosk_central.reports.tables import Column, Kind, Table

Labels = Mapping[str, tuple[str, str]]  # code -> (Indonesian, English)
DAY_S = 86400.0


@dataclass(frozen=True)
class ComplaintRecord:
    kind: str
    category: str
    month: str  # "2026-12", the office's local month of receipt
    received_at: datetime
    first_answer_at: datetime | None
    first_due: datetime
    resolved: bool

    def days_to_answer(self) -> float | None:
        if self.first_answer_at is None:
            return None
        return (self.first_answer_at - self.received_at).total_seconds() / DAY_S

    def judged(self, now: datetime) -> bool | None:
        """Answered within its service level: True/False, or None when not yet known."""
        if self.first_answer_at is not None:
            return self.first_answer_at < self.first_due
        return False if now >= self.first_due else None


@dataclass(frozen=True)
class Summary:
    received: int
    answered: int
    median_days: float | None
    within: int
    judged: int
    resolved: int

    @property
    def within_share(self) -> float | None:
        return self.within / self.judged if self.judged else None

    @property
    def resolved_share(self) -> float | None:
        return self.resolved / self.received if self.received else None


def summary(records: Sequence[ComplaintRecord], now: datetime) -> Summary:
    verdicts = [r.judged(now) for r in records]
    days = [d for r in records if (d := r.days_to_answer()) is not None]
    return Summary(
        received=len(records),
        answered=len(days),
        median_days=median(days),
        within=sum(1 for v in verdicts if v is True),
        judged=sum(1 for v in verdicts if v is not None),
        resolved=sum(1 for r in records if r.resolved),
    )


def type_table_of(records: Iterable[ComplaintRecord], kinds: Labels, categories: Labels) -> Table:
    counts = Counter((r.kind, r.category) for r in records)
    rows = [
        (kinds[k][0], categories[c][0], kinds[k][1], categories[c][1], counts[(k, c)])
        for k in kinds
        for c in categories
        if counts[(k, c)]
    ]
    rows.append(("Total", "", "Total", "", sum(counts.values())))
    return Table(
        "complaints_by_type",
        "Pengaduan, saran dan pertanyaan menurut jenis dan kategori",
        "Complaints, suggestions and questions by type and category",
        (
            Column("type", "Jenis", "Type (ID)"),
            Column("category", "Kategori", "Category (ID)"),
            Column("type_en", "Jenis (EN)", "Type"),
            Column("category_en", "Kategori (EN)", "Category"),
            Column("count", "Jumlah", "Count", Kind.INT),
        ),
        tuple(rows),
    )


def monthly_table_of(records: Sequence[ComplaintRecord], now: datetime) -> Table:
    months = sorted({r.month for r in records})
    rows = [_row(m, summary([r for r in records if r.month == m], now)) for m in months]
    rows.append(_row("Total", summary(records, now)))
    return Table(
        "complaints_monthly",
        "Tindak lanjut pengaduan per bulan",
        "Complaint follow-up per month",
        (
            Column("month", "Bulan", "Month"),
            Column("received", "Diterima", "Received", Kind.INT),
            Column("answered", "Dijawab", "Answered", Kind.INT),
            Column(
                "median_days", "Median hari s.d. jawaban", "Median days to answer", Kind.DECIMAL, 1
            ),
            Column("within", "Tepat waktu", "Within service level", Kind.SHARE),
            Column("resolved", "Selesai", "Resolved", Kind.SHARE),
        ),
        tuple(rows),
        note="Tepat waktu: dari yang sudah dapat dinilai (dijawab, atau lewat batas tanpa jawaban)."
        " · Within service level: of those that can be judged (answered, or past the deadline).",
    )


def _row(month: str, s: Summary) -> tuple:
    return (month, s.received, s.answered, s.median_days, s.within_share, s.resolved_share)
