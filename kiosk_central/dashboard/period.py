"""A period's report: the reports' tables and charts for one office, computed once per request.

The pure modules in ``kiosk_central.reports`` do every figure; this only picks the period,
fetches the records (``adapter``) and names what the page, the exports and the PDF show.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count, Max

from kiosk_central.dashboard.adapter import local_bounds, rating_records, ticket_histories
from kiosk_central.dashboard.models import DashboardSettings
from kiosk_central.queue.models import Office, Rating, Ticket, TicketEvent
from kiosk_central.reports import charts
from kiosk_central.reports.queue_kpis import (
    Period,
    hourly_table,
    kpi_tables,
    wait_bands_table,
)
from kiosk_central.reports.records import TicketHistory
from kiosk_central.reports.survey import (
    SurveyResult,
    kiosk_table,
    monthly_ikm_table,
    nrr_table,
    survey_result,
)
from kiosk_central.reports.tables import Table

PRESETS = ("day", "week", "month", "custom")
MAX_DAYS = 366 * 2  # a custom period longer than two years is refused, not computed


class PeriodError(ValueError):
    """A period the supervisor asked for that cannot be: said on the page, never a traceback."""


def choose_period(preset: str, first: str, last: str, today: date) -> tuple[str, date, date]:
    """The preset's days ending today (the week from Monday, the month from the 1st), or the
    custom days given as ISO dates."""
    if preset == "custom":
        try:
            a, b = date.fromisoformat(first), date.fromisoformat(last)
        except ValueError:
            raise PeriodError("Tanggal tidak valid (YYYY-MM-DD) / invalid date") from None
        if b < a:
            raise PeriodError("Tanggal akhir sebelum tanggal awal / end before start")
        if (b - a).days >= MAX_DAYS:
            raise PeriodError("Periode paling panjang dua tahun / at most two years")
        return preset, a, b
    if preset == "week":
        return preset, today - timedelta(days=today.weekday()), today
    if preset == "month":
        return preset, today.replace(day=1), today
    return "day", today, today


def _served(tickets: list[TicketHistory]) -> int:
    return sum(1 for t in tickets if t.done_at is not None and not t.no_show)


@dataclass
class PeriodReport:
    office: Office
    settings: DashboardSettings
    period: Period
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, str] = field(default_factory=dict)  # table name -> SVG
    survey: SurveyResult | None = None
    tickets: int = 0
    served: int = 0

    def table(self, name: str) -> Table:
        return self.tables[name]


def fingerprint(office: Office, first: date, last: date) -> tuple:
    """What a period's report is computed from, in three aggregate queries: events are only
    appended, so the counts and the last ids change whenever anything the report reads does."""
    tz = ZoneInfo(office.time_zone)
    start, end = local_bounds(first, last, tz)
    days = {"day__gte": first, "day__lte": last}
    tickets = Ticket.objects.filter(office=office, **days).aggregate(n=Count("id"), m=Max("id"))
    events = TicketEvent.objects.filter(
        ticket__office=office, **{f"ticket__{k}": v for k, v in days.items()}
    ).aggregate(n=Count("id"), m=Max("id"))
    ratings = Rating.objects.filter(office=office, at__gte=start, at__lt=end).aggregate(
        n=Count("id")
    )
    return (tickets["n"], tickets["m"], events["n"], events["m"], ratings["n"])


CACHE_S = 3600


def build(office: Office, first: date, last: date, lang: str = "id") -> PeriodReport:
    """The report, from the cache when nothing it reads has changed: a supervisor who looks
    at a year, then downloads its XLSX and its SKM PDF, waits for the computation once."""
    settings = DashboardSettings.of(office)
    key = (
        "dashboard:"
        + hashlib.sha256(
            repr(
                (
                    office.id,
                    office.time_zone,
                    first,
                    last,
                    lang,
                    settings.target_wait_minutes,
                    fingerprint(office, first, last),
                )
            ).encode()
        ).hexdigest()
    )
    report = cache.get(key)
    if report is None:
        report = _compute(office, settings, first, last, lang)
        cache.set(key, report, CACHE_S)
    report.office, report.settings = office, settings
    return report


def build_uncached(office: Office, first: date, last: date, lang: str = "id") -> PeriodReport:
    return _compute(office, DashboardSettings.of(office), first, last, lang)


def _compute(
    office: Office, settings: DashboardSettings, first: date, last: date, lang: str
) -> PeriodReport:
    tz = ZoneInfo(office.time_zone)
    tickets = ticket_histories(office.id, first, last)
    ratings = rating_records(office.id, first, last, tz)
    report = PeriodReport(office, settings, Period(first, last, tz))
    report.tickets, report.served = len(tickets), _served(tickets)
    # The population of the minimum-sample check: the visitors served in the period.
    report.survey = survey_result(ratings, population=report.served)
    kpis = kpi_tables(tickets, settings.target_wait_minutes, tz=tz)
    hourly, bands = hourly_table(tickets, tz), wait_bands_table(tickets)
    trend = monthly_ikm_table(ratings, tz)
    tables = [
        kpis["service"],
        hourly,
        bands,
        kpis["counter"],
        kpis["staff"],
        kpis["hour"],
        nrr_table(report.survey, ratings, lang),
        trend,
        kiosk_table(ratings),
    ]
    report.tables = {t.name: t for t in tables}
    report.charts = {
        hourly.name: charts.hourly_chart(hourly, lang),
        bands.name: charts.wait_distribution_chart(bands, lang),
        trend.name: charts.ikm_trend_chart(trend, lang),
    }
    return report
