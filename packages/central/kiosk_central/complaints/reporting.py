"""The complaints of a period as the dashboard, its exports and the SKM PDF report them: the
records read from the database for the pure tables in ``kiosk_central.reports.complaints``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Max

from kiosk_central.complaints.forms import CATEGORY_LABELS, KIND_LABELS
from kiosk_central.complaints.models import Complaint, ComplaintSettings, Event, State
from kiosk_central.complaints.service_levels import calendar, due, span
from kiosk_central.queue.models import Office
from kiosk_central.queue.models import now as clock
from kiosk_central.reports.complaints import (
    ComplaintRecord,
    Summary,
    monthly_table_of,
    summary,
    type_table_of,
)
from kiosk_central.reports.tables import Table


def _received_in(office: Office, first: date, last: date):
    tz = ZoneInfo(office.time_zone)
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    return Complaint.objects.filter(office=office, received_at__gte=start, received_at__lt=end)


def records(office: Office, first: date, last: date) -> list[ComplaintRecord]:
    found = list(_received_in(office, first, last).order_by("received_at"))
    if not found:
        return []
    rules = ComplaintSettings.of(office)
    cal = calendar(office, *span(office, found))
    tz = ZoneInfo(office.time_zone)
    return [
        ComplaintRecord(
            kind=c.kind,
            category=c.category,
            month=c.received_at.astimezone(tz).strftime("%Y-%m"),
            received_at=c.received_at,
            first_answer_at=c.first_answer_at,
            first_due=due(c, rules, cal).first_answer,
            resolved=c.state in (State.ANSWERED, State.CLOSED),
        )
        for c in found
    ]


def tables(office: Office, first: date, last: date) -> list[Table]:
    found = records(office, first, last)
    kinds = {k.value: v for k, v in KIND_LABELS.items()}
    categories = {k.value: v for k, v in CATEGORY_LABELS.items()}
    return [type_table_of(found, kinds, categories), monthly_table_of(found, clock())]


def follow_up(office: Office, first: date, last: date) -> Summary:
    """The SKM report's follow-up section: what the office did with what it was told."""
    return summary(records(office, first, last), clock())


def fingerprint(office: Office, first: date, last: date) -> tuple:
    """Changes whenever anything the period's tables read changes (a cache key's part)."""
    found = _received_in(office, first, last).aggregate(n=Count("id"), last=Max("id"))
    latest = Event.objects.filter(complaint__office=office).aggregate(last=Max("id"))["last"]
    return (found["n"], found["last"], latest, clock().date())


def skm_follow_up(office_id: int, first: date, last: date) -> list[str]:
    """The SKM report's follow-up section ("tindak lanjut") as its paragraphs (Indonesian, as
    the report is printed): the complaints of the office's local days ``first`` to ``last`` and
    how the office followed them up. The signature of the SKM report's ``follow_up_lines``."""
    s = follow_up(Office.objects.get(pk=office_id), first, last)
    if not s.received:
        return [
            "Tidak ada pengaduan, saran atau pertanyaan yang tercatat pada periode ini.",
            LOWEST_ELEMENTS,
        ]
    lines = [f"Diterima {s.received} pengaduan, saran dan pertanyaan; {s.answered} telah dijawab."]
    if s.median_days is not None:
        lines.append(f"Median waktu sampai jawaban pertama: {_comma(s.median_days)} hari.")
    if s.within_share is not None:
        lines.append(
            f"Dijawab dalam batas waktu layanan: {_comma(s.within_share * 100)}% "
            f"({s.within} dari {s.judged})."
        )
    lines.append(
        f"Diselesaikan: {_comma(s.resolved_share * 100)}% ({s.resolved} dari {s.received})."
    )
    return [*lines, LOWEST_ELEMENTS]


LOWEST_ELEMENTS = (
    "Tindak lanjut atas unsur dengan nilai terendah di atas ditetapkan oleh pimpinan unit."
)


def _comma(value: float) -> str:
    """One decimal with the Indonesian decimal comma."""
    return f"{value:.1f}".replace(".", ",")
