"""A number refused because the service does not issue now, by this kiosk's own rules or by
the central's answer (one type, so the screen says why either way), and the words for a closed
office and a closed service in both languages."""

from __future__ import annotations

from datetime import datetime

from kiosk.domain.i18n import tr
from kiosk.errors import KioskError
from layanan_rules.formatting import format_date, format_time, weekday_name
from layanan_rules.opening import Availability, OfficeState, OfficeStatus, Refusal, ServiceRules
from layanan_rules.services import Lane


class ServiceClosed(KioskError):
    """``availability`` says why (its ``refusal``) and until when (``next_open``)."""

    def __init__(self, service_code: str, lane: Lane, found: Availability) -> None:
        super().__init__(f"service {service_code} lane {lane} closed: {found.refusal}")
        self.service_code = service_code
        self.lane = lane
        self.availability = found


def _opens(when: datetime | None, now: datetime, lang: str, tz: str) -> str:
    if when is None:
        return tr("hours.opens_unknown", lang)
    at = format_time(when, lang)
    if when.date() == now.date():
        return tr("hours.opens_today", lang, time=at, tz=tz)
    day = weekday_name(when.date(), lang)
    if (when.date() - now.date()).days > 6:
        day = format_date(when.date(), lang)
    return tr("hours.opens", lang, day=day, time=at, tz=tz)


def office_message(status: OfficeStatus, now: datetime, lang: str, tz: str) -> tuple[str, str]:
    """(headline, when it opens next) for a closed office; ("", "") when open."""
    if status.is_open:
        return "", ""
    if status.holiday:
        head = tr("hours.closed_holiday", lang, name=status.holiday)
    elif status.state is OfficeState.BREAK:
        head = tr("hours.break", lang)
    else:
        head = tr("hours.closed", lang)
    return head, _opens(status.next_open, now, lang, tz)


def service_message(found: Availability, rules: ServiceRules, now: datetime, lang: str, tz: str):
    """Why a service issues no number now, and what to do; "" when it does."""
    if found.refusal is Refusal.QUOTA_REACHED:
        return tr("hours.quota_reached", lang)
    if found.refusal is Refusal.PAST_CUTOFF and rules.last_issue is not None:
        opens = _opens(found.next_open, now, lang, tz)
        return tr("hours.past_cutoff", lang, time=format_time(rules.last_issue, lang), opens=opens)
    if found.refusal is not None:
        return tr("hours.service_closed", lang)
    return ""


def card_message(found: Availability, rules: ServiceRules, lang: str) -> str:
    """The same, in the two lines a service's card has room for."""
    if found.refusal is Refusal.QUOTA_REACHED:
        return tr("hours.card_quota", lang)
    if found.refusal is Refusal.PAST_CUTOFF and rules.last_issue is not None:
        return tr("hours.card_cutoff", lang, time=format_time(rules.last_issue, lang))
    return tr("hours.service_closed", lang) if found.refusal is not None else ""
