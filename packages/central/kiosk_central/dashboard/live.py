"""Today, live: the office's queue as it stands, from a handful of aggregate queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db.models import Count, Min, Q

from kiosk_central.backup.health import backup_state
from kiosk_central.dashboard.adapter import local_bounds
from kiosk_central.dashboard.health import KIOSK_FIELDS, Limits, Problem, problems
from kiosk_central.dashboard.models import DashboardSettings, KioskAlert
from kiosk_central.queue.models import Counter, Kiosk, Office, Service, Ticket, TicketEvent
from layanan_rules.formatting import format_date, format_time

S = Ticket.State
# Other apps' panels on the live page (the bookings' of today), registered by each app when it
# is ready, so this module imports none of them: functions of the office giving a report Table,
# or None when there is nothing to show.
PANELS: list[Callable] = []


def _since(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds() / 60, 1)


def snapshot(office: Office, now: datetime) -> dict:
    """Everything the live page shows, as plain JSON-ready values."""
    local = now.astimezone(office.local_now().tzinfo)
    today = local.date()
    settings = DashboardSettings.of(office)
    tickets = Ticket.objects.filter(office=office, day=today, superseded=False).exclude(
        state=S.VOIDED
    )
    totals = tickets.aggregate(
        issued=Count("id"),
        waiting=Count("id", filter=Q(state=S.WAITING)),
        served=Count("id", filter=Q(state=S.DONE)),
        no_shows=Count("id", filter=Q(state=S.NO_SHOW)),
        oldest=Min("queued_at", filter=Q(state=S.WAITING)),
    )
    per_service = {
        row["service_id"]: row
        for row in tickets.values("service_id").annotate(
            waiting=Count("id", filter=Q(state=S.WAITING)),
            issued=Count("id"),
            served=Count("id", filter=Q(state=S.DONE)),
            oldest=Min("queued_at", filter=Q(state=S.WAITING)),
        )
    }
    services = []
    for service in Service.objects.filter(office=office).order_by("order", "code"):
        row = per_service.get(service.id, {})
        oldest = row.get("oldest")
        services.append(
            {
                "prefix": service.prefix,
                "name": service.name_id,
                "name_en": service.name_en,
                "issued": row.get("issued", 0),
                "waiting": row.get("waiting", 0),
                "served": row.get("served", 0),
                "longest_wait_min": _since(oldest, now),
            }
        )
    # What each counter is serving now: its latest call of a ticket still called or serving.
    serving = {}
    for counter_id, number in (
        TicketEvent.objects.filter(
            ticket__office=office,
            ticket__day=today,
            ticket__state__in=[S.CALLED, S.SERVING],
            kind__in=[TicketEvent.Kind.CALLED, TicketEvent.Kind.RECALLED],
        )
        .order_by("at", "id")
        .values_list("counter_id", "ticket__number")
    ):
        serving[counter_id] = number
    midnight = local_bounds(today, today, local.tzinfo)[0]
    active_today = set(
        TicketEvent.objects.filter(ticket__office=office, at__gte=midnight, counter__isnull=False)
        .values_list("counter_id", flat=True)
        .distinct()
    )
    counters = []
    for counter in Counter.objects.filter(office=office).prefetch_related("services"):
        counters.append(
            {
                "number": counter.number,
                "name": str(counter),
                "open": counter.active and counter.id in active_today,
                "active": counter.active,
                "serving": serving.get(counter.id),
                "services": [s.prefix for s in counter.services.all()],
            }
        )
    limits = Limits(settings.offline_minutes, settings.backlog_limit, settings.clock_skew_limit_s)
    since = {
        (a.kiosk.name, a.problem): a
        for a in KioskAlert.objects.filter(
            kiosk__office=office, cleared_at__isnull=True
        ).select_related("kiosk")
    }
    kiosk_problems = []
    for row in Kiosk.objects.filter(office=office, revoked_at__isnull=True).values(*KIOSK_FIELDS):
        for p in problems(row, limits, now):
            alert = since.get((p.kiosk, p.code))
            started = p.since or (alert.since if alert else None)
            kiosk_problems.append(
                {
                    "kiosk": p.kiosk,
                    "code": p.code,
                    "label": p.label("id"),
                    "label_en": p.label("en"),
                    "detail": p.detail,
                    "advice": p.advice("id"),
                    "advice_en": p.advice("en"),
                    "since": started and started.astimezone(local.tzinfo).strftime("%H.%M"),
                    "alerted": bool(alert and alert.start_sent_at),
                }
            )
    oldest = totals["oldest"]
    return {
        "office": office.name,
        "day": today.isoformat(),
        "at": local.strftime("%H.%M.%S"),
        # as the page says them: "4 Desember 2026", "pukul 20.52 WIB"
        "day_text": format_date(today, "id", weekday=False),
        "at_text": f"pukul {format_time(local, 'id')} {local.strftime('%Z')}",
        "issued": totals["issued"],
        "waiting": totals["waiting"],
        "served": totals["served"],
        "no_shows": totals["no_shows"],
        "longest_wait_min": _since(oldest, now),
        "target_wait_min": settings.target_wait_minutes,
        "services": services,
        "counters": counters,
        "kiosks": Kiosk.objects.filter(office=office, revoked_at__isnull=True).count(),
        "kiosk_problems": kiosk_problems,
        "backup": _backup(now, local.tzinfo),
    }


def panels(office: Office) -> list:
    """The registered panels' tables for today, those with something to show."""
    return [t for panel in PANELS if (t := panel(office)) is not None]


def _backup(now: datetime, tz) -> dict:
    """The last backup as the tile shows it: when, how long ago, and what is wrong if any."""
    state = backup_state(now)
    problem = Problem("", state.problem, state.detail, None) if state.problem else None
    return {
        "at": state.last_ok.astimezone(tz).strftime("%H.%M") if state.last_ok else None,
        "age_min": _since(state.last_ok, now),
        "problem": state.problem,
        "label": problem.label("id") if problem else "",
        "label_en": problem.label("en") if problem else "",
        "detail": state.detail,
    }
