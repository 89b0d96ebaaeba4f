"""The counter terminal (petugas loket): choose the loket and today's services once per
shift (kept in the session), then one button or key per action. Every action is a plain form
post (works without JavaScript) answered by a redirect back to the panel with a message."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kiosk_central.calling import queue
from kiosk_central.counter import actions
from kiosk_central.live.stream import sse
from kiosk_central.queue.models import Counter

STAFF_GROUPS = {"loket", "supervisor", "admin"}
NEXT_SHOWN = 5


def staff_only(view):
    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()):
            raise PermissionDenied(_("This account is not counter staff."))
        return view(request, *args, **kwargs)

    return wrapped


def _shift(request) -> tuple[Counter | None, list[int]]:
    choice = request.session.get("counter")
    if not choice:
        return None, []
    counter = (
        Counter.objects.filter(pk=choice.get("id"), active=True).select_related("office").first()
    )
    return counter, choice.get("services", [])


def _panel_context(counter: Counter, service_ids: list[int]) -> dict:
    d = queue.load(counter.office)
    own = d.counter_services.get(counter.pk, frozenset())
    chosen = own & frozenset(service_ids) if service_ids else own
    d.counter_services[counter.pk] = chosen
    held = d.held_by(counter.pk)
    order = d.order_for(counter.pk)
    served_s = int((d.now - held.called_at).total_seconds()) if held and held.called_at else 0
    return {
        "counter": counter,
        "office": counter.office,
        "held": held,
        "served_s": served_s,
        "waiting": len(order),
        "next": order[:NEXT_SHOWN],
        "services": [d.services[pk] for pk in sorted(chosen, key=lambda pk: d.services[pk].order)],
        "transfer_to": [
            s for s in d.services.values() if s.enabled and (not held or s.pk != held.service.pk)
        ],
        "needed": counter.office.calls_before_no_show,
        "tolerance": counter.office.late_tolerance_minutes,
    }


@staff_only
def terminal(request: HttpRequest) -> HttpResponse:
    counter, services = _shift(request)
    if counter is None:
        counters = (
            Counter.objects.filter(active=True)
            .prefetch_related("services")
            .select_related("office")
        )
        return render(request, "counter/choose.html", {"counters": counters})
    return render(request, "counter/terminal.html", _panel_context(counter, services))


@staff_only
def panel(request: HttpRequest) -> HttpResponse:
    counter, services = _shift(request)
    if counter is None:
        return HttpResponse(status=409)
    return render(request, "counter/panel.html", _panel_context(counter, services))


@staff_only
@require_POST
def choose(request: HttpRequest) -> HttpResponse:
    counter = Counter.objects.filter(
        pk=request.POST.get("counter", "0") if request.POST.get("counter", "").isdigit() else 0,
        active=True,
    ).first()
    if counter is None:
        messages.error(request, _("Choose a loket."))
        return redirect("counter")
    own = set(counter.services.values_list("pk", flat=True))
    picked = [int(s) for s in request.POST.getlist("services") if s.isdigit() and int(s) in own]
    if not picked:
        messages.error(request, _("Choose at least one service for this loket."))
        return redirect("counter")
    request.session["counter"] = {
        "id": counter.pk,
        "services": picked,
        "since": timezone.now().isoformat(),
    }
    return redirect("counter")


@staff_only
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.pop("counter", None)
    return redirect("counter")


@staff_only
@require_POST
def act(request: HttpRequest, action: str) -> HttpResponse:
    counter, services = _shift(request)
    if counter is None:
        messages.error(request, _("Choose your loket first."))
        return redirect("counter")
    if action not in actions.ACTIONS:
        messages.error(request, _("Unknown action."))
        return redirect("counter")
    post = request.POST
    kwargs: dict = {}
    if action == "call_next":
        kwargs["services"] = services
    elif action == "late_recall":
        kwargs["number"] = post.get("number", "")[:12]
    else:
        kwargs["ticket"] = post.get("ticket", "")[:40]
        if action == "transfer":
            kwargs["service"] = post.get("service", "")[:32]
    try:
        event = actions.run(action, counter, request.user, **kwargs)
    except actions.Refused as refused:
        messages.error(request, str(refused))
    except OperationalError:
        messages.error(request, _("The server is busy: press again in a moment."))
    else:
        messages.success(request, _DONE[action]() % {"number": event.ticket.number})
    return redirect("counter")


_DONE = {
    "call_next": lambda: _("Calling %(number)s."),
    "call_again": lambda: _("Calling %(number)s again."),
    "no_show": lambda: _("%(number)s marked no-show."),
    "done": lambda: _("%(number)s done."),
    "transfer": lambda: _("%(number)s transferred; it keeps its place."),
    "late_recall": lambda: _("Late visitor %(number)s called back."),
}


@staff_only
def live(request: HttpRequest) -> HttpResponse:
    counter, _services = _shift(request)
    if counter is None:
        return HttpResponse(status=409)
    return sse(counter.office_id, lambda snap: {"built": snap.get("built")})
