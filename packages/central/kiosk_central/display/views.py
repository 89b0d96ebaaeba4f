"""The public pages: the waiting room's display board and the visitor's status page. Neither
needs a sign-in, and neither shows anything but numbers, services and lokets.

Display board: ``/display/?layanan=paspor_baru,penggantian`` shows only those services' calls,
``?loket=1,2`` only those counters' (a board per floor lists that floor's lokets),
``?kantor=CODE`` picks the office where several share a server.
Status page: ``/s/<ticket id>``, the kiosk's own random UUID for the ticket (122 random bits:
unguessable), printed as a QR on the ticket.
"""

from __future__ import annotations

import functools
import uuid
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.static import serve

from kiosk_central.inputs import whole_number
from kiosk_central.live.bus import bus
from kiosk_central.live.stream import sse, streams
from kiosk_central.network import public
from kiosk_central.queue.models import Office, Ticket

BOARD_CALLS = 8
RECENT_SHOWN = 3  # as many as fit on one line of a 1920 px TV at a size read from 6 m


def _office(request: HttpRequest) -> Office:
    code = request.GET.get("kantor", "")[:32]
    office = (Office.objects.filter(code=code) if code else Office.objects.order_by("pk")).first()
    if office is None:
        raise Http404("no such office")
    return office


def _filters(request: HttpRequest) -> tuple[set[str], set[int]]:
    services = {s for s in request.GET.get("layanan", "").split(",") if s}
    lokets = {whole_number(n) for n in request.GET.get("loket", "").split(",")} - {None}
    return services, lokets


def board_state(snap: dict, services: set[str], lokets: set[int]) -> dict:
    calls = [
        {k: c[k] for k in ("id", "number", "loket", "recall", "current", "segments", "at")}
        for c in snap.get("calls", [])
        if (not services or c["service"] in services) and (not lokets or c["loket"] in lokets)
    ]
    now_at: dict[int, str] = {}
    for c in calls:  # newest first: each loket's latest call still being served
        if c["current"] and c["loket"] not in now_at:
            now_at[c["loket"]] = c["number"]
    waiting = sum(
        n for code, n in snap.get("waiting", {}).items() if not services or code in services
    )
    # the last calls as the room reads them: a number called again at the same loket once
    recent, listed = [], set()
    for c in calls[1:]:
        if (c["number"], c["loket"]) not in listed and (c["number"], c["loket"]) != (
            calls[0]["number"],
            calls[0]["loket"],
        ):
            listed.add((c["number"], c["loket"]))
            recent.append({"number": c["number"], "loket": c["loket"]})
    return {
        "office": snap.get("office", ""),
        "calls": calls[:BOARD_CALLS],
        "recent": recent[:RECENT_SHOWN],
        "serving": [{"loket": k, "number": v} for k, v in sorted(now_at.items())],
        "waiting": waiting,
    }


@never_cache
def display(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    services, lokets = _filters(request)
    state = board_state(bus().snapshot(office.pk), services, lokets)
    query = request.GET.urlencode()
    return render(request, "display/board.html", {"state": state, "office": office, "query": query})


@never_cache
def display_state(request: HttpRequest) -> JsonResponse:
    office = _office(request)
    services, lokets = _filters(request)
    return JsonResponse(board_state(bus().snapshot(office.pk), services, lokets))


@streams
def display_live(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    services, lokets = _filters(request)
    return sse(office.pk, lambda snap: board_state(snap, services, lokets))


def segments(request: HttpRequest, path: str) -> HttpResponse:
    """The announcement segments made at install time (``kiosk-central generate-segments``)."""
    root = Path(settings.SEGMENTS_DIR)
    response = serve(request, path, document_root=str(root))
    response["Cache-Control"] = "no-cache" if path.endswith(".json") else "max-age=86400"
    return response


# --- the visitor's status page --------------------------------------------------------------
class NoSuchTicket(Exception):
    pass


def _ticket(ticket_id: str) -> Ticket:
    try:
        uid = uuid.UUID(ticket_id)
    except ValueError:
        raise NoSuchTicket from None
    found = (
        Ticket.objects.filter(uid=uid, superseded=False)
        .select_related("office")
        .only("office_id", "uid", "office__late_tolerance_minutes")
        .first()
    )
    if found is None:
        raise NoSuchTicket
    return found


def _known(page: bool):
    """An address that names no ticket: the visitor's page says so in their language, with
    what to do; the page's own script gets a plain 404."""

    def wrap(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, ticket_id: str) -> HttpResponse:
            try:
                return view(request, ticket_id)
            except NoSuchTicket:
                if page:
                    return render(request, "display/status_unknown.html", status=404)
                return JsonResponse({"state": "unknown"}, status=404)

        return wrapped

    return wrap


def status_state(snap: dict, uid: str) -> dict:
    t = snap.get("tickets", {}).get(uid)
    if t is None:  # not today's: a ticket of another day, or voided and replaced
        return {"state": "gone"}
    shown = ("number", "service_id", "service_en", "state", "ahead", "wait", "loket")
    state = {k: t[k] for k in shown}
    state.update(
        missed_loket=t.get("missed_loket"),
        recall_until=t.get("recall_until"),
        updated=snap.get("built_local"),
    )
    return state


@public
@never_cache
@_known(page=True)
def status(request: HttpRequest, ticket_id: str) -> HttpResponse:
    ticket = _ticket(ticket_id)
    snap = bus().snapshot(ticket.office_id)
    state = status_state(snap, str(ticket.uid))
    context = {
        "t": state,
        "office": snap.get("office", ""),
        "uid": str(ticket.uid),
        "tolerance": ticket.office.late_tolerance_minutes,
    }
    return render(request, "display/status.html", context, status=200)


@public
@never_cache
@_known(page=False)
def status_json(request: HttpRequest, ticket_id: str) -> JsonResponse:
    ticket = _ticket(ticket_id)
    return JsonResponse(status_state(bus().snapshot(ticket.office_id), str(ticket.uid)))


@streams
@public
@_known(page=False)
def status_live(request: HttpRequest, ticket_id: str) -> HttpResponse:
    ticket = _ticket(ticket_id)
    uid = str(ticket.uid)
    return sse(ticket.office_id, lambda snap: status_state(snap, uid))
