"""The dashboard's pages and downloads: thin, every figure comes from ``period``/``live``."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kiosk_central.dashboard import live as live_data
from kiosk_central.dashboard.access import offices, supervisor_required
from kiosk_central.dashboard.period import PRESETS, PeriodError, build, choose_period
from kiosk_central.dashboard.skm import skm_report_pdf
from kiosk_central.queue.models import Office
from kiosk_central.reports.export import to_csv, to_xlsx
from kiosk_central.reports.tables import Kind
from layanan_rules.ratings import ELEMENTS
from layanan_rules.survey_scales import SCALES, element_name

REFRESH_S = 10


def _office(request) -> Office:
    """The office asked for (``?office=CODE``), or the user's first: only among the offices
    this user may see, so another office's figures are a 404."""
    mine = offices(request.user)
    code = request.GET.get("office")
    office = mine.filter(code=code).first() if code else mine.first()
    if office is None:
        raise Http404("no office")
    return office


def _lang(request) -> str:
    return "en" if request.GET.get("lang") == "en" else "id"


@require_GET
@supervisor_required
def live(request):
    office = _office(request)
    data = live_data.snapshot(office, timezone.now())
    return render(
        request,
        "dashboard/live.html",
        {
            "office": office,
            "d": data,
            "panels": [_shown(t, _lang(request)) for t in live_data.panels(office)],
            "refresh_s": REFRESH_S,
            "offices": offices(request.user),
        },
    )


@require_GET
@supervisor_required
def live_json(request):
    response = JsonResponse(live_data.snapshot(_office(request), timezone.now()))
    response["Cache-Control"] = "no-store"
    return response


def _report(request):
    office = _office(request)
    today = office.local_now().date()
    preset, first, last = choose_period(
        request.GET.get("preset", "day"),
        request.GET.get("first", ""),
        request.GET.get("last", ""),
        today,
    )
    return preset, build(office, first, last, _lang(request))


@require_GET
@supervisor_required
def period(request):
    try:
        preset, report = _report(request)
        error = ""
    except PeriodError as exc:
        office = _office(request)
        today = office.local_now().date()
        preset, first, last = choose_period("day", "", "", today)
        report, error = build(office, first, last), str(exc)
    sections = [
        ("Antrean per layanan", "Queue by service", ["kpi_by_service"]),
        ("Kedatangan dan panggilan", "Arrivals and calls", ["hourly", "kpi_by_hour"]),
        ("Waktu tunggu", "Waiting time", ["wait_distribution"]),
        ("Loket dan petugas", "Counters and staff", ["kpi_by_counter", "kpi_by_staff"]),
        (
            "Indeks Kepuasan Masyarakat (IKM)",
            "Public satisfaction index",
            ["ikm_elements", "ikm_trend", "ikm_by_kiosk"],
        ),
        (
            "Pengaduan, saran dan pertanyaan",
            "Complaints, suggestions and questions",
            ["complaints_monthly", "complaints_by_type"],
        ),
        (
            "Reservasi online",
            "Online bookings",
            ["bookings", "bookings_by_slot", "bookings_by_service"],
        ),
    ]
    query = request.GET.copy()
    query.pop("lang", None)
    return render(
        request,
        "dashboard/period.html",
        {
            "office": report.office,
            "r": report,
            "preset": preset,
            "presets": PRESETS,
            "error": error,
            "sections": [
                (
                    title_id,
                    title_en,
                    [_block(report, n, _lang(request)) for n in names if n in report.tables],
                )
                for title_id, title_en, names in sections
            ],
            "query": query.urlencode(),
            "lang": _lang(request),
            "scales": [
                {"code": e, "name": element_name(e, "id"), "answers": [a[0] for a in SCALES[e]]}
                for e in ELEMENTS
            ],
        },
    )


def _block(report, name: str, lang: str = "id") -> dict:
    """A table as the page shows it (numbers as a person reads them), with its chart."""
    return _shown(report.tables[name], lang, report.charts.get(name))


def _shown(table, lang: str = "id", svg: str | None = None) -> dict:
    rows = [
        {
            "total": row[0] in ("Total", "") and i >= len(table.rows) - 3,
            "cells": [
                {"text": c.show(v, lang), "num": c.kind != Kind.TEXT}
                for c, v in zip(table.columns, row, strict=True)
            ],
        }
        for i, row in enumerate(table.rows)
    ]
    return {"table": table, "rows": rows, "svg": svg}


def _download(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(report) -> str:
    p = report.period
    return f"{report.office.code}_{p.first.isoformat()}_{p.last.isoformat()}"


def _period_or_400(request):
    try:
        return _report(request)[1], None
    except PeriodError as exc:
        return None, HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


@require_GET
@supervisor_required
def export_csv(request, name: str):
    report, refused = _period_or_400(request)
    if refused:
        return refused
    if name not in report.tables:
        raise Http404("no such table")
    return _download(
        to_csv(report.tables[name], _lang(request)).encode("utf-8"),
        "text/csv; charset=utf-8",
        f"{name}_{_stem(report)}.csv",
    )


@require_GET
@supervisor_required
def export_xlsx(request):
    report, refused = _period_or_400(request)
    if refused:
        return refused
    return _download(
        to_xlsx(report.tables.values(), _lang(request)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"laporan_{_stem(report)}.xlsx",
    )


@require_GET
@supervisor_required
def skm(request):
    report, refused = _period_or_400(request)
    if refused:
        return refused
    pdf = skm_report_pdf(report)
    return _download(pdf, "application/pdf", f"SKM_{_stem(report)}.pdf")
