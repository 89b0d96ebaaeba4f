"""The office's inbox: the list with its filters, one complaint with its history and the
actions on it, the photo download, and the head's choice of supervisor for reports of fees."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kiosk_central.complaints import actions
from kiosk_central.complaints.access import (
    GROUPS,
    inbox_required,
    is_head,
    offices,
    visible,
)
from kiosk_central.complaints.forms import (
    CATEGORY_LABELS,
    EVENT_LABELS,
    KIND_LABELS,
    STATE_LABELS,
)
from kiosk_central.complaints.models import (
    TEXT_LIMIT,
    Category,
    Complaint,
    ComplaintSettings,
    Event,
    State,
)
from kiosk_central.complaints.service_levels import calendar, due, overdue, span
from kiosk_central.queue.models import now as clock

log = logging.getLogger("kiosk_central.complaints")
AGES = {"3": 3, "7": 7, "14": 14, "30": 30}  # "older than N days"
PAGE = 200


def _office(request):
    mine = offices(request.user)
    code = request.GET.get("office") or request.POST.get("office")
    office = mine.filter(code=code).first() if code else mine.first()
    if office is None:
        raise Http404("no office")
    return office


def _with_due(office, complaints, now):
    rules = ComplaintSettings.of(office)
    cal = calendar(office, *span(office, complaints))
    rows = []
    for c in complaints:
        when = due(c, rules, cal)
        rows.append(
            {
                "c": c,
                "due": when,
                "late": overdue(c, when, now),
                "kind": KIND_LABELS[c.kind],
                "category": CATEGORY_LABELS[c.category],
                "state": STATE_LABELS[c.state],
            }
        )
    return rows


@never_cache
@require_GET
@inbox_required
def listing(request):
    office = _office(request)
    found = visible(request.user).filter(office=office).select_related("assigned_to")
    picked = {k: request.GET.get(k, "") for k in ("state", "kind", "category", "age", "mine")}
    if picked["state"] in State.values:
        found = found.filter(state=picked["state"])
    elif picked["state"] != "all":
        found = found.filter(state__in=[State.NEW, State.IN_PROGRESS, State.ANSWERED])
    if picked["kind"] in KIND_LABELS:
        found = found.filter(kind=picked["kind"])
    if picked["category"] in CATEGORY_LABELS:
        found = found.filter(category=picked["category"])
    if picked["age"] in AGES:
        found = found.filter(received_at__lt=clock() - timedelta(days=AGES[picked["age"]]))
    if picked["mine"]:
        found = found.filter(assigned_to=request.user)
    now = clock()
    rows = _with_due(office, list(found[:PAGE]), now)
    if request.GET.get("late"):
        rows = [r for r in rows if r["late"]]
    context = {
        "office": office,
        "offices": offices(request.user),
        "rows": rows,
        "picked": picked,
        "late": request.GET.get("late", ""),
        "states": list(STATE_LABELS.items()),
        "kinds": [(k.value, v) for k, v in KIND_LABELS.items()],
        "categories": [(k.value, v) for k, v in CATEGORY_LABELS.items()],
        "ages": list(AGES),
        "is_head": is_head(request.user, office),
        "supervisors": _staff_of(office).filter(groups__name="supervisor"),
        "fees_supervisor": ComplaintSettings.of(office).fees_supervisor,
        "truncated": len(rows) >= PAGE,
    }
    return render(request, "complaints/inbox.html", context)


def _visible_or_404(request, pk: int) -> Complaint:
    return get_object_or_404(visible(request.user).select_related("office", "assigned_to"), pk=pk)


def _staff_of(office):
    """Who may be given a complaint: the answerers, supervisors and heads of this office."""
    users = get_user_model().objects.filter(is_active=True, groups__name__in=GROUPS).distinct()
    ids = [u.pk for u in users if offices(u).filter(pk=office.pk).exists()]
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


@never_cache
@require_GET
@inbox_required
def detail(request, pk: int):
    c = _visible_or_404(request, pk)
    if c.sensitive:
        actions.opened(c, request.user)
        log.info("complaint %s (fees) opened by user %s", c.code, request.user.pk)
    row = _with_due(c.office, [c], clock())[0]
    context = {
        "office": c.office,
        "c": c,
        "row": row,
        "events": [
            {
                "type": e.type,
                "at": e.at,
                "staff": e.staff,
                "text": e.text,
                "label": EVENT_LABELS[e.type],
                "state_label": STATE_LABELS.get(e.state),
            }
            for e in c.events.select_related("staff")
        ],
        "moves": [(s.value, STATE_LABELS[s]) for s in actions.MOVES[State(c.state)]],
        "staff": _staff_of(c.office),
        "has_photo": hasattr(c, "photo"),
        "text_limit": TEXT_LIMIT,
        "rules": ComplaintSettings.of(c.office),
    }
    return render(request, "complaints/detail.html", context)


@require_POST
@inbox_required
def act(request, pk: int):
    c = _visible_or_404(request, pk)
    what = request.POST.get("action", "")
    body = request.POST.get("text", "").replace("\x00", "").strip()[:TEXT_LIMIT]
    try:
        if what == "assign":
            who = request.POST.get("to", "")
            to = _staff_of(c.office).filter(pk=who).first() if who.isdigit() else None
            if c.sensitive and to is not None and not visible(to).filter(pk=c.pk).exists():
                raise actions.NotAllowed("only the head or the chosen supervisor")
            actions.assign(c, request.user, to)
            messages.success(request, "Ditugaskan · Assigned")
        elif what == "reply" and body:
            then = request.POST.get("then", "")
            actions.reply(c, request.user, body, then if then in State.values else "")
            messages.success(request, "Jawaban terkirim · Reply published")
        elif what == "note" and body:
            actions.note(c, request.user, body)
            messages.success(request, "Catatan disimpan · Note saved")
        elif what == "move" and request.POST.get("to") in State.values:
            actions.move(c, request.user, request.POST["to"], body)
            messages.success(request, "Status diubah · State changed")
        else:
            messages.error(request, "Tulis teksnya dulu · Write the text first")
    except OperationalError:  # the database's writer stayed busy past the deadline
        log.warning("complaint %s: %s not saved, the database was busy", c.code, what)
        messages.error(
            request, "Sistem sibuk, belum tersimpan; coba lagi · Busy, not saved; try again"
        )
    except actions.NotAllowed as refused:
        if "reason" in str(refused):
            reason = "Penolakan perlu alasan · A refusal needs its reason"
        elif "head" in str(refused):
            reason = (
                "Laporan biaya hanya untuk kepala kantor dan pengawas yang ditunjuknya · "
                "Reports of fees go only to the head and the chosen supervisor"
            )
        else:
            reason = "Status sudah berubah; muat ulang · The state changed meanwhile; reload"
        messages.error(request, reason)
    return redirect("complaints:detail", pk=c.pk)


@require_GET
@inbox_required
def photo(request, pk: int):
    """The re-encoded photo, only to staff who may see the complaint, only as a download."""
    c = _visible_or_404(request, pk)
    stored = getattr(c, "photo", None)
    if stored is None:
        raise Http404("no photo")
    actions.opened(c, request.user, Event.Type.PHOTO)
    response = HttpResponse(bytes(stored.data), content_type="image/jpeg")
    response["Content-Disposition"] = f'attachment; filename="{c.code}.jpg"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@inbox_required
def fees_supervisor(request):
    """Only the head of an office chooses who, besides them, handles its reports of fees."""
    office = _office(request)
    if not is_head(request.user, office):
        return render(request, "complaints/forbidden.html", status=403)
    rules = ComplaintSettings.of(office)
    who = request.POST.get("to", "")
    rules.fees_supervisor = (
        _staff_of(office).filter(pk=who, groups__name="supervisor").first()
        if who.isdigit()
        else None
    )
    rules.save(update_fields=["fees_supervisor"])
    log.info("fees supervisor of %s set by user %s", office.code, request.user.pk)
    messages.success(request, "Pengawas ditetapkan · Supervisor chosen")
    return redirect(f"/kotak-pengaduan/?office={office.code}&category={Category.FEES.value}")
