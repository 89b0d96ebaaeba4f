"""The public pages: the form, the receipt (code and secret, shown once) and the tracking page.

No sign-in. The tracking code and the secret never travel in a URL (they would end in a proxy's
log or a Referer): the secret is typed into a POST form, and the browser's session remembers
which complaints it has proved it may follow.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kiosk_central.complaints import actions
from kiosk_central.complaints import text as words
from kiosk_central.complaints.forms import (
    CATEGORY_LABELS,
    KIND_LABELS,
    PHOTO_REFUSALS,
    STATE_LABELS,
    ComplaintForm,
    TrackForm,
)
from kiosk_central.complaints.models import Category, Complaint, ComplaintSettings, Event
from kiosk_central.public.address import client_address
from kiosk_central.public.gate import Gate
from kiosk_central.public.limits import Limit, allow
from kiosk_central.public.throttle import throttled
from kiosk_central.queue.models import Office, Ticket

log = logging.getLogger("kiosk_central.complaints")
TRACKED = "complaints_tracked"  # session: ids of the complaints this browser proved it may follow
RECEIPT = "complaints_receipt"  # session: the code and secret, until the receipt page shows them
MAX_TRACKED = 20
# Per address: a waiting room's Wi-Fi or a carrier's NAT puts many people behind one address,
# so the solved path allows a busy morning's worth; the path without JavaScript is tighter.
GATE = Gate(
    "complaints",
    solved=Limit("complaint-ip", 20, timedelta(hours=1)),
    plain=Limit("complaint-plain", 5, timedelta(hours=1)),
    plain_all=Limit("complaint-plain-all", 60, timedelta(hours=1)),
)
# A body past this is not read at all; below it, a photo over its own limit is refused with
# the rest of the form kept (the sender only picks a smaller photo).
MAX_BODY = 20 * 1024 * 1024
SEND_PATH = "/pengaduan/"
# Tracking: a secret has 50 bits; this keeps guessing it from one address hopeless.
TRACKING = Limit("complaint-track-ip", 30, timedelta(hours=1))


def _office(request: HttpRequest, ticket: Ticket | None) -> Office:
    if ticket is not None:
        return ticket.office
    return _office_by_code((request.POST.get("kantor") or request.GET.get("kantor") or "")[:32])


def _office_by_code(code: str) -> Office:
    office = (Office.objects.filter(code=code) if code else Office.objects.order_by("pk")).first()
    if office is None:
        raise Http404("no such office")
    return office


def _ticket(raw: object) -> Ticket | None:
    """The visit linked from the ticket's status page: its random id, never a NIK."""
    try:
        uid = raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
    except ValueError:
        return None
    return Ticket.objects.filter(uid=uid, superseded=False).select_related("office").first()


def _context(office: Office, form: ComplaintForm, ticket: Ticket | None, refused=None) -> dict:
    rules = ComplaintSettings.of(office)
    return {
        "refused": refused,
        "gate": GATE.context(),
        "office": office,
        "form": form,
        "ticket": ticket,
        "kinds": [(k.value, *v) for k, v in KIND_LABELS.items()],
        "categories": [(k.value, *v) for k, v in CATEGORY_LABELS.items()],
        "fees": Category.FEES.value,
        "rules": rules,
        "text_limit": form.fields["text"].max_length,
    }


@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def send(request: HttpRequest) -> HttpResponse:
    raw_ticket = request.POST.get("tiket") or request.GET.get("tiket") or ""
    ticket = _ticket(raw_ticket) if raw_ticket else None
    office = _office(request, ticket)
    today = office.local_now().date()
    if request.method == "GET":
        form = ComplaintForm(initial={"tiket": ticket.uid if ticket else ""}, today=today)
        return render(request, "complaints/send.html", _context(office, form, ticket))
    # The door first: a script is turned away before its photo is decoded.
    refused = GATE.check(request)
    form = ComplaintForm(request.POST, request.FILES if refused is None else None, today=today)
    if refused is None and form.is_valid():
        receipt = actions.receive(office, _draft(form.cleaned_data, ticket))
        log.info(
            "complaint %s received (%s)", receipt.complaint.code, form.cleaned_data["category"]
        )
        request.session[RECEIPT] = {
            "code": receipt.complaint.code,
            "secret": receipt.secret,
            "nik": receipt.complaint.nik_masked,
            "head": receipt.complaint.concerns_head,
            "fees": receipt.complaint.sensitive,
        }
        _remember(request, receipt.complaint)
        return redirect(reverse("complaints:sent") + f"?kantor={office.code}")
    # The form again with what they typed (a file input cannot be refilled: said if one was
    # sent), a NIK in it masked: never shown back beyond its last four digits.
    form.data, nik_seen = _without_niks(form.data)
    context = _context(office, form, ticket, refused)
    context["nik_seen"] = nik_seen
    context["photo_again"] = bool(request.FILES.get("photo")) and "photo" not in form.errors
    return render(request, "complaints/send.html", context, status=429 if refused else 400)


def _without_niks(data) -> tuple[object, bool]:
    """The form's data with every NIK-like run masked in what is shown back, and whether any."""
    data, seen = data.copy(), False
    for field in ("text", "name", "contact"):
        if field in data:
            data[field], found = words.mask_niks(data[field])
            seen = seen or found
    return data, seen


def too_big(request: HttpRequest, length: int) -> HttpResponse:
    """A body over MAX_BODY, unread (kiosk_central.public.bodies): the form again, empty, and
    why. Only the query string is read: the office, and the visit's ticket."""
    log.info("complaint form refused unread: %d bytes", length)
    ticket = _ticket(request.GET["tiket"]) if request.GET.get("tiket") else None
    code = request.GET.get("kantor", "")[:32]
    office = ticket.office if ticket else _office_by_code(code)
    form = ComplaintForm(initial={"tiket": ticket.uid if ticket else ""})
    context = _context(office, form, ticket, PHOTO_REFUSALS["size"])
    return render(request, "complaints/send.html", context, status=413)


def _draft(data: dict, ticket: Ticket | None) -> actions.Draft:
    if ticket is None and data.get("visit_number"):
        ticket = _typed_visit(data["visit_number"], data["visit_day"])
    return actions.Draft(
        kind=data["kind"],
        category=data["category"],
        text=data["text"],
        concerns_head=data.get("concerns_head", False),
        ticket=ticket,
        visit_number=data.get("visit_number") or (ticket.number if ticket else ""),
        visit_day=data.get("visit_day") or (ticket.day if ticket else None),
        name=data.get("name", ""),
        contact=data.get("contact", ""),
        photo=data.get("photo"),
    )


def _typed_visit(number: str, day) -> Ticket | None:
    return Ticket.objects.filter(number=number, day=day, superseded=False).first()


def _remember(request: HttpRequest, complaint: Complaint) -> None:
    tracked = [i for i in request.session.get(TRACKED, []) if i != complaint.pk]
    request.session[TRACKED] = [complaint.pk, *tracked][:MAX_TRACKED]


@never_cache
@throttled
def sent(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop(RECEIPT, None)  # shown once: a reload shows the reminder
    office = _office(request, None)
    context = {"office": office, "receipt": receipt, "rules": ComplaintSettings.of(office)}
    return render(request, "complaints/sent.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def track(request: HttpRequest, code: str = "") -> HttpResponse:
    office = _office(request, None)
    if request.method == "POST":
        if not allow(TRACKING, client_address(request)):
            log.info("complaint tracking: refused, too many tries from one address")
            context = {"office": office, "too_many": True, "code": ""}
            return render(request, "complaints/track.html", context, status=429)
        form = TrackForm(request.POST)
        if form.is_valid():
            found = Complaint.objects.filter(code=words.code_of(form.cleaned_data["code"])).first()
            if found and words.secret_matches(
                form.cleaned_data["secret"], found.salt, found.secret_hash
            ):
                _remember(request, found)
                return redirect("complaints:tracked", code=found.code)
        log.info("complaint tracking: code or secret wrong")
        context = {"office": office, "wrong": True, "code": request.POST.get("code", "")[:20]}
        return render(request, "complaints/track.html", context, status=400)
    if code:
        found = Complaint.objects.filter(code=code[:12]).first()
        if found and found.pk in request.session.get(TRACKED, []):
            return _tracking_page(request, found)
    return render(request, "complaints/track.html", {"office": office, "code": code[:12]})


def _tracking_page(request: HttpRequest, c: Complaint) -> HttpResponse:
    rules = ComplaintSettings.of(c.office)
    # The state's history and the public replies: never a note, never a name, never contact.
    shown = c.events.filter(type__in=[Event.Type.RECEIVED, Event.Type.STATE, Event.Type.REPLY])
    context = {
        "office": c.office,
        "c": c,
        "state": STATE_LABELS[c.state],
        "kind": KIND_LABELS[c.kind],
        "category": CATEGORY_LABELS[c.category],
        "events": [
            {"at": e.at, "type": e.type, "text": e.text, "state": STATE_LABELS.get(e.state)}
            for e in shown
        ],
        "rules": rules,
    }
    return render(request, "complaints/tracked.html", context)
