"""A period's report: the reports' tables and charts for one office, computed once per request.

The pure modules in ``kiosk_central.reports`` do every figure; this only picks the period,
fetches the records (``adapter``) and names what the page, the exports and the PDF show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from kiosk_central.dashboard.adapter import rating_records, ticket_histories
from kiosk_central.dashboard.models import DashboardSettings
from kiosk_central.queue.models import Office
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


def build(office: Office, first: date, last: date, lang: str = "id") -> PeriodReport:
    tz = ZoneInfo(office.time_zone)
    settings = DashboardSettings.of(office)
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
