"""Dates, times and guide texts as the public pages write them, in the page's language:
"Senin, 7 Desember 2026", "pukul 09.30–10.00 WIB"."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import get_language

from kiosk_central.queue.models import GuideVersion, Office, Service
from layanan_rules.formatting import format_date, format_time
from layanan_rules.guides import GuideError, parse_guide


def lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def day_text(day: date, weekday: bool = True) -> str:
    return format_date(day, lang(), weekday=weekday)


def short_day(day: date) -> tuple[str, str]:
    """("Sen", "7 Des") for a date tab."""
    text = format_date(day, lang())
    name, rest = text.split(", ")
    d, month, _year = rest.split(" ")
    return name[:3], f"{d} {month[:3]}"


def span_text(start: datetime, end: datetime | None) -> str:
    zone = start.tzname() or ""
    times = format_time(start, lang())
    if end is not None:
        times += "–" + format_time(end, lang())
    return (f"pukul {times} {zone}" if lang() == "id" else f"{times} {zone}").strip()


def when_text(start: datetime | None, end: datetime | None, zone: str = "") -> str:
    """In the office's time zone ``zone`` (a stored time comes back in UTC)."""
    if start is None:
        return ""
    if zone:
        start = start.astimezone(ZoneInfo(zone))
        end = end.astimezone(ZoneInfo(zone)) if end else None
    return f"{day_text(start.date())}, {span_text(start, end)}"


def guide_text(office: Office, service: Service):
    """The service's guide in the page's language (documents to bring, where to go), from the
    office's newest guide bundle; None when it has none for the service."""
    latest = GuideVersion.objects.filter(office=office).order_by("-version").first()
    if latest is None:
        return None
    # A service may have several guides (a child's passport is a new passport too): the one
    # named after the service first.
    named = sorted(latest.bundle.items(), key=lambda item: item[0] != service.code)
    for name, raw in named:
        if raw.get("service") != service.code:
            continue
        try:
            return parse_guide(raw, name).text(lang())
        except GuideError:
            return None
    return None


def service_name(service: Service) -> str:
    return service.name_en if lang() == "en" else service.name_id
