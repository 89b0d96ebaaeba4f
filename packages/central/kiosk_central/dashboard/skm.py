"""The SKM report of a period, as the dashboard's download makes it: the header from the
office's settings, the services that had respondents, the follow-up section and the
respondents' profile, around ``reports.skm_pdf``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from kiosk_central.dashboard.adapter import local_bounds
from kiosk_central.dashboard.follow_up import follow_up_lines
from kiosk_central.dashboard.period import PeriodReport
from kiosk_central.dashboard.profiles import profile_counts
from kiosk_central.queue.models import Rating, Service
from kiosk_central.reports.skm_pdf import ReportHeader, document_number, indonesian_date, skm_pdf
from layanan_rules.formatting import format_date


def respondent_services(report: PeriodReport) -> tuple[str, ...]:
    """The services whose visitors answered the survey: named by the ticket numbers the
    ratings carry when a kiosk sends them; else the services that served visitors in the
    period (the only ones whose visitors can have answered); none without respondents."""
    if not report.survey or not report.survey.respondents:
        return ()
    office, p = report.office, report.period
    start, end = local_bounds(p.first, p.last, ZoneInfo(office.time_zone))
    numbers = (
        Rating.objects.filter(office=office, at__gte=start, at__lt=end)
        .exclude(ticket_number="")
        .values_list("ticket_number", flat=True)
        .distinct()
    )
    prefixes = {n.split("-")[0] for n in numbers}
    services = Service.objects.filter(office=office).order_by("order", "code")
    if prefixes:
        return tuple(s.name_id for s in services if s.prefix in prefixes)
    # the service table's rows before its total: (name, tickets, called, ...)
    names = {row[0] for row in report.table("kpi_by_service").rows[:-1] if row[2]}
    return tuple(s.name_id for s in services if s.name_id in names)


def _month_names(first, last) -> str:
    names = [format_date(first, "id", weekday=False).split(" ", 1)[1]]
    if (last.year, last.month) != (first.year, first.month):
        names.append(format_date(last, "id", weekday=False).split(" ", 1)[1])
    return " – ".join(names)


def skm_report_pdf(report: PeriodReport) -> bytes:
    s, office, p = report.settings, report.office, report.period
    header = ReportHeader(
        ministry=s.ministry,
        office=office.name,
        unit=s.unit or office.name,
        city=s.city,
        signer_title=s.signer_title,
        signer_name=s.signer_name,
        signer_nip=s.signer_nip,
        services=respondent_services(report),
        address=s.address,
        document_number=document_number(s.document_prefix, office.code, p.first, p.last),
    )
    label = indonesian_date(p.first)
    if p.last != p.first:
        label += f" – {indonesian_date(p.last)}"
    return skm_pdf(
        report.survey,
        header,
        label,
        office.local_now().date(),
        follow_up_lines(office.id, p.first, p.last),
        profile_counts(office.id, p.first, p.last),
        _month_names(p.first, p.last),
    )
