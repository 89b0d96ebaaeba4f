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

from kiosk_central.dashboard.adapter import Labels
from kiosk_central.dashboard.digest import fingerprints, period_tallies
from kiosk_central.dashboard.models import DashboardSettings
from kiosk_central.queue.models import Office
from kiosk_central.reports import charts
from kiosk_central.reports.queue_kpis import (
    Period,
    hourly_table_of,
    kpi_tables_of,
    wait_bands_table_of,
)
from kiosk_central.reports.survey import (
    SurveyResult,
    kiosk_table_of,
    monthly_ikm_table_of,
    nrr_table_of,
    survey_result_of,
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


CACHE_S = 3600


def build(office: Office, first: date, last: date, lang: str = "id") -> PeriodReport:
    """The report, from the cache when nothing it reads has changed: a supervisor who looks
    at a year, then downloads its XLSX and its SKM PDF, waits for the computation once."""
    settings = DashboardSettings.of(office)
    prints = fingerprints(office, first, last)
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
                    sorted(prints.items()),
                )
            ).encode()
        ).hexdigest()
    )
    report = cache.get(key)
    if report is None:
        report = _compute(office, settings, first, last, lang, prints)
        cache.set(key, report, CACHE_S)
    report.office, report.settings = office, settings
    return report


def build_uncached(office: Office, first: date, last: date, lang: str = "id") -> PeriodReport:
    return _compute(office, DashboardSettings.of(office), first, last, lang)


def _compute(
    office: Office,
    settings: DashboardSettings,
    first: date,
    last: date,
    lang: str,
    prints: dict | None = None,
) -> PeriodReport:
    tz = ZoneInfo(office.time_zone)
    queue, survey = period_tallies(office, first, last, prints)
    labels = Labels(office.id)
    queue, survey = labels.queue(queue), labels.survey(survey)
    report = PeriodReport(office, settings, Period(first, last, tz))
    report.tickets, report.served = queue.every.tickets, len(queue.every.services)
    # The population of the minimum-sample check: the visitors served in the period.
    report.survey = survey_result_of(survey, population=report.served)
    kpis = kpi_tables_of(queue, settings.target_wait_minutes)
    hourly, bands = hourly_table_of(queue), wait_bands_table_of(queue)
    trend = monthly_ikm_table_of(survey)
    tables = [
        kpis["service"],
        hourly,
        bands,
        kpis["counter"],
        kpis["staff"],
        kpis["hour"],
        nrr_table_of(report.survey, survey, lang),
        trend,
        kiosk_table_of(survey, report.survey),
    ]
    report.tables = {t.name: t for t in tables}
    report.charts = {
        hourly.name: charts.hourly_chart(hourly, lang),
        bands.name: charts.wait_distribution_chart(bands, lang),
        trend.name: charts.ikm_trend_chart(trend, lang),
    }
    return report
