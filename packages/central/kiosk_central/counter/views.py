"""The counter terminal (petugas loket): choose the loket and today's services once per
shift (kept in the session), then one button or key per action. Every action is a plain form
post: without JavaScript it is answered by a redirect back to the panel with a message; the
page's script sends the same form with fetch and gets the message and the new panel as JSON,
so the clerk never leaves the page. Each form carries a key for that one press: the same press
sent again is answered, not done again (see ``counter.models.Press``)."""

from __future__ import annotations

import copy
import functools
import re
import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kiosk_central.booking.counter import holder_for
from kiosk_central.booking.kpis import expected_now
from kiosk_central.calling import queue
from kiosk_central.counter import actions
from kiosk_central.inputs import whole_number
from kiosk_central.live.stream import sse, streams
from kiosk_central.queue.access import offices
from kiosk_central.queue.models import Counter

STAFF_GROUPS = {"loket", "supervisor", "admin"}
NEXT_SHOWN = 5


def staff_only(view):
    """Counter staff only. Signed out (the session ended): a page goes to the sign-in, which
    brings the clerk back to the counter; the page's script is told so in JSON instead of
    following a redirect to a sign-in page it cannot show."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            if wants_json(request):
                return JsonResponse({"signin": _signin_url()}, status=401)
            back = request.get_full_path() if request.method == "GET" else reverse("counter-resume")
            return redirect_to_login(back)
        if not (user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()):
            raise PermissionDenied(_("This account is not counter staff."))
        return view(request, *args, **kwargs)

    return wrapped


def wants_json(request: HttpRequest) -> bool:
    """The page's own script (fetch) asks for JSON: it gets answers it can use, never a page."""
    return "application/json" in request.headers.get("Accept", "")


def _signin_url() -> str:
    return f"{reverse('login')}?next={reverse('counter-resume')}"


def _counters(user):
    """The active counters of the offices ``user`` may act in (queue/access.py)."""
    return Counter.objects.filter(active=True, office__in=offices(user))


def _shift(request) -> tuple[Counter | None, list[int]]:
    choice = request.session.get("counter")
    if not choice:
        return None, []
    # Checked on every request, not only when chosen: access taken away ends the shift.
    counter = _counters(request.user).filter(pk=choice.get("id")).select_related("office").first()
    return counter, choice.get("services", [])


def _panel_context(counter: Counter, service_ids: list[int]) -> dict:
    # the day this process holds, brought up to date (not read again whole); what the page
    # keeps of it copied, so the next events do not change it while it renders
    with queue.held(counter.office) as d:
        own = d.counter_services.get(counter.pk, frozenset())
        chosen = own & frozenset(service_ids) if service_ids else own
        held = d.held_by(counter.pk)
        held = copy.copy(held) if held else None
        order = [copy.copy(v) for v in d.order_for(counter.pk, chosen, limit=NEXT_SHOWN)]
        waiting = d.count_for(chosen)
        now, services = d.now, dict(d.services)
    served_s = int((now - held.called_at).total_seconds()) if held and held.called_at else 0
    return {
        "counter": counter,
        "office": counter.office,
        "held": held,
        "booked": holder_for(held.ticket) if held else None,  # issue 29: match the KTP
        "served_s": served_s,
        "served_min": served_s // 60,
        "served_sec": served_s % 60,
        "waiting": waiting,
        # issue 29: booked visitors of this loket's services due in the slot under way
        "expected": expected_now(counter.office, sorted(chosen)) if chosen else 0,
        "next": order[:NEXT_SHOWN],
        "services": [services[pk] for pk in sorted(chosen, key=lambda pk: services[pk].order)],
        "transfer_to": [
            s for s in services.values() if s.enabled and (not held or s.pk != held.service.pk)
        ],
        "needed": counter.office.calls_before_no_show,
        "may_no_show": bool(held) and held.calls >= counter.office.calls_before_no_show,
        "keys": {action: uuid.uuid4().hex for action in actions.ACTIONS},
        "tolerance": counter.office.late_tolerance_minutes,
    }


@staff_only
def terminal(request: HttpRequest) -> HttpResponse:
    counter, services = _shift(request)
    if counter is None:
        counters = _counters(request.user).prefetch_related("services").select_related("office")
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
    chosen = whole_number(request.POST.get("counter"))
    counter = _counters(request.user).filter(pk=chosen).first() if chosen is not None else None
    if counter is None:
        messages.error(request, _("Choose a loket."))
        return redirect("counter")
    own = set(counter.services.values_list("pk", flat=True))
    picked = [n for n in map(whole_number, request.POST.getlist("services")) if n in own]
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
def resume(request: HttpRequest) -> HttpResponse:
    """Where a clerk lands after signing in again once the session ended mid-press."""
    messages.info(
        request,
        _(
            "Your session had ended, so the last button press was not done. "
            "Check the screen and press again if needed."
        ),
    )
    return redirect("counter")


KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")


@staff_only
def act(request: HttpRequest, action: str) -> HttpResponse:
    if request.method != "POST":  # a sign-in that sent the clerk back to an action's address
        return redirect("counter-resume")
    counter, services = _shift(request)
    if counter is None:
        return _answer(request, "error", _("Choose your loket first."), None, [])
    if action not in actions.ACTIONS:
        return _answer(request, "error", _("Unknown action."), counter, services)
    post = request.POST
    key = post.get("key", "")
    kwargs: dict = {"key": key if KEY.match(key) else ""}
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
        return _answer(request, "error", str(refused), counter, services)
    except OperationalError:
        busy = _("The server is busy: press again in a moment.")
        return _answer(request, "error", busy, counter, services)
    done = _DONE[action]() % {"number": event.ticket.number}
    return _answer(request, "success", done, counter, services)


def _answer(request, level: str, text: str, counter, services) -> HttpResponse:
    """The page's script gets the message at once, before anything else is read, so the clerk
    hears of a call no later than the waiting room's board; it fetches the panel next. A plain
    form post gets the message and a redirect back to the counter."""
    if not wants_json(request) or counter is None:
        getattr(messages, level)(request, text)
        if counter is None:  # no loket chosen (another tab left it): the page starts afresh
            return JsonResponse({"reload": True})
        return redirect("counter")
    return JsonResponse({"level": level, "message": text})


_DONE = {
    "call_next": lambda: _("Calling %(number)s."),
    "call_again": lambda: _("Calling %(number)s again."),
    "no_show": lambda: _("%(number)s marked no-show."),
    "done": lambda: _("%(number)s done."),
    "transfer": lambda: _("%(number)s transferred; it keeps its place."),
    "late_recall": lambda: _("Late visitor %(number)s called back."),
}


@streams
@staff_only
def live(request: HttpRequest) -> HttpResponse:
    counter, _services = _shift(request)
    if counter is None:
        return HttpResponse(status=409)
    return sse(counter.office_id, lambda snap: {"built": snap.get("built")})
