"""One office's queue as the live pages see it, made once per change by the bus: the recent
calls (with their spoken segments), what each counter serves now, and every ticket of the
day's public state (number, service, place, estimate, loket). No personal data: no NIK, no
booking holder, nothing the visitor did not see printed on the paper."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection

from kiosk_central.announce.speech import call_segments
from kiosk_central.calling import queue
from kiosk_central.queue.models import Office, TicketEvent


def _counter_label(counter) -> str:
    return str(counter.number)


def build(office_id: int) -> dict:
    office = Office.objects.get(pk=office_id)
    if connection.in_atomic_block:
        # inside a write: rows not committed yet are for this caller only, never held
        d = queue.load(office)
    else:
        # the day this process holds, brought up to date by the events since (not read
        # again whole), copied so that the next events do not change what pages were sent
        with queue.held(office) as held:
            d = held.copy()
        queue.estimate(d)
    mark = d.mark
    recent = []
    for event_id, ticket_id, counter_id, at, kind in d.recent_calls():
        view, counter = d.tickets[ticket_id], d.counters.get(counter_id)
        if counter is None:  # a counter removed since: its calls are no longer shown
            continue
        recent.append(
            {
                "id": event_id,
                "number": view.ticket.number,
                "loket": counter.number,
                "service": view.service.code,
                "at": at.isoformat(),
                "recall": kind == TicketEvent.Kind.RECALLED,
                "current": bool(
                    view.holder and view.holder.pk == counter_id and view.ticket.state == "called"
                ),
                "segments": call_segments(view.ticket.number, _counter_label(counter)),
            }
        )
    tickets = {}
    zone = office.local_now().tzinfo
    tolerance = timedelta(minutes=office.late_tolerance_minutes)
    for v in d.tickets.values():
        t = v.ticket
        missed = t.state == "no_show" and v.no_show_at is not None
        tickets[v.uid] = {
            "number": t.number,
            "service": v.service.code,
            "service_id": v.service.name_id,
            "service_en": v.service.name_en,
            "state": t.state,
            "ahead": v.ahead,
            "wait": v.wait,
            "naive": v.naive,
            "loket": v.holder.number if v.holder and t.state == "called" else None,
            # a no-show: where it was called, and until when it can still be called back
            "missed_loket": v.holder.number if missed and v.holder else None,
            "recall_until": f"{(v.no_show_at + tolerance).astimezone(zone):%H.%M}"
            if missed
            else None,
        }
    waiting: dict[str, int] = {}
    for v in d.waiting():
        waiting[v.service.code] = waiting.get(v.service.code, 0) + 1
    return {
        "_day": d,  # the model itself, for the API's answers (never sent to a page)
        "_mark": mark,
        "_version": (d.version, d.acted),  # the held day's, see changes()
        "office": office.name,
        "office_id": office.pk,
        "day": d.day.isoformat(),
        "built": d.now.isoformat(),
        "built_local": f"{d.now.astimezone(zone):%H.%M}",
        "calls": recent,
        "tickets": tickets,
        "waiting": waiting,
        "services": {
            s.code: {"id": s.name_id, "en": s.name_en, "prefix": s.prefix}
            for s in d.services.values()
        },
    }


def changes(office_id: int) -> tuple[int, int]:
    """The office's held day brought up to date: (its version, its count of events other than
    issues), to compare with a snapshot's ``_version``: which events came since it was built."""
    with queue.held(office_id, config=False) as d:
        return d.version, d.acted
