"""Kiosk problems that last become alerts: one message when a problem has lasted the office's
``alert_after_minutes``, one when it clears, each POSTed as JSON to the office's webhook.

Run by ``kiosk-central alerts`` from a systemd timer (every minute), not by a thread in the
web server: gunicorn may run several worker processes and each would send its own copy; a
slow or dead webhook must never hold a worker a visitor's page or a kiosk's sync waits for;
and a timer's run is one short process whose failures systemd logs and restarts.

Delivery: each run tries a message a few times with a growing pause (1, 2, 4 s); what is still
undelivered stays due and is tried again on a later run with a longer pause (up to an hour), so
a webhook that is down for a day gets its messages when it is back, in order, and nothing is
sent twice once delivered.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q

from kiosk_central.backup.health import backup_state
from kiosk_central.dashboard.health import KIOSK_FIELDS, Limits, Problem, problems
from kiosk_central.dashboard.models import DashboardSettings, KioskAlert
from kiosk_central.queue.models import Kiosk, Office

log = logging.getLogger("kiosk_central.alerts")
TRIES_PER_RUN = 3
FIRST_PAUSE_S = 1.0
MAX_DEFER = timedelta(hours=1)
TIMEOUT_S = 5.0
CENTRAL = "server pusat"  # the name a problem of the central itself is told under


def observe(office: Office, now: datetime) -> None:
    """Open an alert for each new problem, close those that are gone."""
    settings = DashboardSettings.of(office)
    limits = Limits(settings.offline_minutes, settings.backlog_limit, settings.clock_skew_limit_s)
    current: dict[tuple[int, str], Problem] = {}
    for row in Kiosk.objects.filter(office=office, revoked_at__isnull=True).values(
        "id", *KIOSK_FIELDS
    ):
        for p in problems(row, limits, now):
            current[(row["id"], p.code)] = p
    backup = backup_state(now)
    if backup.problem:
        current[(None, backup.problem)] = Problem(CENTRAL, backup.problem, backup.detail, None)
    with transaction.atomic():
        open_alerts = {
            (a.kiosk_id, a.problem): a
            for a in KioskAlert.objects.filter(_of(office), cleared_at__isnull=True)
        }
        for key, p in current.items():
            if key not in open_alerts:
                KioskAlert.objects.create(
                    kiosk_id=key[0], problem=p.code, since=p.since or now, last_error=""
                )
        for key, alert in open_alerts.items():
            if key in current:
                continue
            if alert.start_sent_at is None and now - alert.since < timedelta(
                minutes=settings.alert_after_minutes
            ):
                alert.delete()  # a blip, over before it was worth anyone's attention
                continue
            alert.cleared_at = now
            alert.save(update_fields=["cleared_at"])


def _of(office: Office) -> Q:
    """The office's kiosks' alerts and the central's own (its backups)."""
    return Q(kiosk__office=office) | Q(kiosk__isnull=True)


def message(alert: KioskAlert, kind: str, office: Office) -> dict:
    name = alert.kiosk.name if alert.kiosk else CENTRAL
    problem = Problem(name, alert.problem, "", alert.since)
    return {
        "event": kind,  # "started" or "cleared"
        "office": office.code,
        "kiosk": name,
        "problem": alert.problem,
        "text": f"[{office.name}] {name}: {problem.label('id')}"
        + (" – sudah pulih" if kind == "cleared" else f". {problem.advice('id')}"),
        "text_en": f"[{office.name}] {name}: {problem.label('en')}"
        + (" – cleared" if kind == "cleared" else f". {problem.advice('en')}"),
        "since": alert.since.isoformat(),
        "cleared_at": alert.cleared_at.isoformat() if alert.cleared_at else None,
    }


def post_json(url: str, body: dict) -> None:
    """One POST; raises on anything but a 2xx answer (redirects are not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "User-Agent": "kiosk-central-alerts"},
        method="POST",
    )
    with urllib.request.build_opener(NoRedirect).open(request, timeout=TIMEOUT_S) as reply:
        if not 200 <= reply.status < 300:
            raise urllib.error.HTTPError(url, reply.status, "not 2xx", reply.headers, None)
        reply.read(1024)


def try_send(
    url: str, body: dict, send: Callable[[str, dict], None], sleep: Callable[[float], None]
) -> str:
    """One message, tried a few times with growing pauses: "" once delivered, else the last
    error (shared with the booking notices)."""
    pause, error = FIRST_PAUSE_S, ""
    for attempt in range(TRIES_PER_RUN):
        if attempt:
            sleep(pause)
            pause *= 2
        try:
            send(url, body)
            return ""
        except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
            error = f"{type(exc).__name__}: {exc}"[:200]
    return error


def later(attempts: int) -> timedelta:
    """How long an undelivered message waits before a later run tries it again."""
    return min(MAX_DEFER, timedelta(minutes=2 ** min(attempts - 1, 6)))


def _due(alert: KioskAlert, settings: DashboardSettings, now: datetime) -> str | None:
    lasted = (alert.cleared_at or now) - alert.since
    long_enough = lasted >= timedelta(minutes=settings.alert_after_minutes)
    if alert.start_sent_at is None:
        # A problem that cleared before it lasted long enough is never alerted at all.
        return "started" if long_enough else None
    if alert.cleared_at is not None and alert.clear_sent_at is None:
        return "cleared"
    return None


def deliver(
    office: Office,
    now: datetime,
    send: Callable[[str, dict], None] = post_json,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send what is due; returns how many messages were delivered."""
    settings = DashboardSettings.of(office)
    delivered = 0
    alerts = KioskAlert.objects.filter(_of(office)).select_related("kiosk")
    pending = alerts.filter(start_sent_at__isnull=True) | alerts.filter(
        cleared_at__isnull=False, clear_sent_at__isnull=True
    )
    for alert in pending.order_by("since", "id"):
        kind = _due(alert, settings, now)
        if kind is None:
            continue
        if not settings.webhook_url:
            # Shown on the dashboard only: nothing to deliver, mark it so it is not retried.
            _mark(alert, kind, now)
            continue
        if alert.next_try_at and alert.next_try_at > now:
            continue
        error = try_send(settings.webhook_url, message(alert, kind, office), send, sleep)
        alert.attempts += 1
        if error:
            alert.next_try_at, alert.last_error = now + later(alert.attempts), error
            alert.save(update_fields=["attempts", "next_try_at", "last_error"])
            log.warning("alert %s %s %s: webhook: %s", alert.kiosk, alert.problem, kind, error)
            break  # keep the order: a later message waits for this one
        _mark(alert, kind, now)
        delivered += 1
    return delivered


def _mark(alert: KioskAlert, kind: str, now: datetime) -> None:
    alert.next_try_at, alert.last_error = None, ""
    if kind == "started":
        alert.start_sent_at = now
    else:
        alert.clear_sent_at = now
    alert.save(update_fields=["start_sent_at", "clear_sent_at", "next_try_at", "last_error"])


def run(now: datetime) -> int:
    delivered = 0
    for office in Office.objects.all():
        observe(office, now)
        delivered += deliver(office, now)
    return delivered
