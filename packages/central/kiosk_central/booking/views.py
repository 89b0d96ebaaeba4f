"""The citizen's booking pages. Every step is a plain form (GET to choose, POST to change), so
all of it works without JavaScript; nothing personal is ever in a URL: a booking's page is
addressed by its code and opens only in a browser that proved the second factor (the NIK's
last four digits) or made the booking, remembered in a signed cookie (no session row: at a
release moment a database write per visitor is what the crowd cannot afford).

    /reservasi/                          choose a service
    /reservasi/<service>/?tanggal=DATE   choose a day and a time
    /reservasi/<service>/data?slot=...   who comes (POST books)
    /reservasi/cari/                     look a booking up: code + last four digits
    /reservasi/b/<code>/                 the booking: code, QR, time, what to bring
    /reservasi/b/<code>/qr.svg, .ics     its QR and calendar file
    /reservasi/b/<code>/batal, /pindah   cancel, move
    /reservasi/k/<token>/                the booking through its private link (shown once)
"""

from __future__ import annotations

import hmac
import logging
from datetime import date

from django.core import signing
from django.db import OperationalError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kiosk_central.booking import book as booking_ops
from kiosk_central.booking import full, links, notify, slots, words
from kiosk_central.booking.codes import normalise
from kiosk_central.booking.files import calendar_file, qr_svg
from kiosk_central.booking.forms import DetailsForm, FindForm
from kiosk_central.booking.limits import FIND_ADDRESS, FIND_CODE, GATE, PER_PERSON
from kiosk_central.booking.models import BookingSettings
from kiosk_central.public.address import client_address
from kiosk_central.public.limits import allow, within
from kiosk_central.public.throttle import busy, throttled
from kiosk_central.queue.models import Booking, Office, Service
from kiosk_central.queue.writer import writer

log = logging.getLogger(__name__)
NO_REFERRER = "no-referrer"
ACCESS_COOKIE = "reservasi"
ACCESS_DAYS = 60  # past the window's last day and a visit
# The private link, from the booking's answer to the one confirmation page that shows it: a
# signed cookie for that page only, deleted by it (the token is never in a URL but its own).
ONCE_COOKIE = "reservasi_tautan"
ONCE_SECONDS = 600
# The largest body a booking page takes: a form of a few fields and a solved challenge.
MAX_BODY = 64 * 1024
DONE = {  # what the booking's page says after a change (a fixed word in its URL, no session)
    "batal": lambda: _("The booking is cancelled. Its place is free again."),
    "pindah": lambda: _("The booking is moved to the new time."),
}


def _office(request: HttpRequest) -> Office:
    code = request.GET.get("kantor", "")[:32]
    office = (Office.objects.filter(code=code) if code else Office.objects.order_by("pk")).first()
    if office is None:
        raise Http404("no office")
    return office


@throttled
def start(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    services = [
        {"service": s, "guide": words.guide_text(office, s)}
        for s in office.services.filter(enabled=True)
        if slots.bookable(s)
    ]
    return render(request, "booking/start.html", {"office": office, "services": services})


def _service(office: Office, code: str) -> Service:
    service = office.services.filter(code=code[:32], enabled=True).first()
    if service is None or not slots.bookable(service):
        raise Http404("no such service")
    return service


def _chosen_day(request, days: list[date]) -> date | None:
    try:
        wanted = date.fromisoformat(request.GET.get("tanggal", "")[:10])
    except ValueError:
        wanted = None
    return wanted if wanted in days else None


def _slot_page(request, office, service, template: str, extra: dict) -> HttpResponse:
    now = office.local_now()
    settings = BookingSettings.of(office)
    days = slots.window(office, settings, now)
    tabs = []
    for d in days:
        ahead = slots.day_slots(office, service, d, now, settings)
        if ahead:  # today past its last slot is no choice at all
            left = sum(s.left for s in ahead)
            tabs.append({"day": d, "label": words.short_day(d), "left": left})
    days = [t["day"] for t in tabs]
    chosen = _chosen_day(request, days)
    if chosen is None:
        chosen = next((t["day"] for t in tabs if t["left"]), days[0] if days else None)
    day_slots = slots.day_slots(office, service, chosen, now, settings) if chosen else []
    context = {
        "office": office,
        "service": service,
        "tabs": tabs,
        "chosen": chosen,
        "chosen_text": words.day_text(chosen) if chosen else "",
        "slots": day_slots,
        **extra,
    }
    return render(request, template, context)


@throttled
def choose(request: HttpRequest, service: str) -> HttpResponse:
    office = _office(request)
    service = _service(office, service)
    return _slot_page(request, office, service, "booking/slots.html", {"step": 2})


@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def details(request: HttpRequest, service: str) -> HttpResponse:
    key = (request.POST if request.method == "POST" else request.GET).get("slot", "")[:16]
    named = (request.GET.get("kantor", "")[:32], service[:32], key)
    if full.is_full(*named):  # the crowd behind a release's last place: one read each
        return _full(service)
    office = _office(request)
    service = _service(office, service)
    now = office.local_now()
    slot = slots.find_slot(office, service, key, now)
    if slot is None or not slot.left:
        if slot is not None:
            full.remember(*named, service.pk, slot)
        return _full(service.code)
    form = DetailsForm(request.POST or None, today=now.date())
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            made, token, refusal = _book(request, office, service, slot, form, now)
        except OperationalError:
            return busy(request, office)
        if made is not None:
            log.info("booking %s made for %s", made.pk, service.code)
            notify.queue(made, "confirmed")
            answer = _grant(request, redirect("booking:show", code=made.code), made.code)
            return _show_link_once(request, answer, made.code, token)
    context = {
        "office": office,
        "service": service,
        "slot": slot,
        "form": form,
        "refusal": refusal,
        "gate": GATE.context(),
        "step": 3,
        "number_was_valid": form.holder is not None,
    }
    return render(request, "booking/details.html", context, status=200 if not refusal else 409)


def _full(service_code: str) -> HttpResponse:
    return redirect(reverse("booking:choose", args=[service_code]) + "?penuh=1")


def _book(request, office, service, slot, form, now) -> tuple[Booking | None, str, str]:
    """The booking and its private link's token, or why not. One write transaction for the
    gate's and the limits' counts, the booking and its link (SQLite: one turn at the writer per
    attempt, not four); a refused booking rolls back to its savepoint, and the counts and the
    spent challenge stay. A slot found full first writes nothing: the crowd behind the last
    place is answered at read speed."""
    with writer(), transaction.atomic():
        refusal = booking_ops.full(service, slot) or GATE.check(request)
        if refusal:
            return None, "", refusal
        if not allow(PER_PERSON, form.holder.key):
            log.info("booking: refused, too many attempts for one person")
            too_many = _(
                "Too many bookings were tried with this number today. Please come to the "
                "office, or try again tomorrow."
            )
            return None, "", too_many
        try:
            with transaction.atomic():
                made = booking_ops.book(
                    office,
                    service,
                    slot,
                    form.holder,
                    form.cleaned_data["name"],
                    form.cleaned_data["contact"],
                    words.lang(),
                    now,
                )
                token = links.make(made, now)
        except booking_ops.BookingRefused as exc:
            return None, "", str(exc)
    return made, token, ""


def _granted(request) -> list[str]:
    try:
        value = request.get_signed_cookie(
            ACCESS_COOKIE, default="", salt="booking.access", max_age=ACCESS_DAYS * 86400
        )
    except signing.BadSignature:
        return []
    return [c for c in value.split(",")[:5] if c]


def _grant(request, response: HttpResponse, code: str) -> HttpResponse:
    """This browser may open the booking's page (it made it, or proved the second factor)."""
    codes = [c for c in _granted(request) if c != code][-4:]
    response.set_signed_cookie(
        ACCESS_COOKIE,
        ",".join([*codes, code]),
        salt="booking.access",
        max_age=ACCESS_DAYS * 86400,
        path="/reservasi/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _show_link_once(request, response: HttpResponse, code: str, token: str) -> HttpResponse:
    """The booking's answer carries its private link to the confirmation page, once."""
    response.set_signed_cookie(
        ONCE_COOKIE,
        f"{code}:{token}",
        salt="booking.link",
        max_age=ONCE_SECONDS,
        path=reverse("booking:show", args=[code]),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _link_shown_once(request, code: str) -> str:
    """The private link, if this is the confirmation page right after the booking; else ""."""
    try:
        value = request.get_signed_cookie(
            ONCE_COOKIE, default="", salt="booking.link", max_age=ONCE_SECONDS
        )
    except signing.BadSignature:
        return ""
    made_for, _sep, token = value.partition(":")
    if made_for != code or not token:
        return ""
    return request.build_absolute_uri(reverse("booking:private", args=[token]))


def _booking(request, code: str) -> Booking | None:
    """The booking at ``code`` if this browser may see it; None sends it to the look-up."""
    code = normalise(code)
    if code not in _granted(request):
        return None
    return Booking.objects.select_related("service", "office").filter(code=code).first()


def _to_find(code: str) -> HttpResponse:
    return redirect(reverse("booking:find") + f"?kode={normalise(code)}")


@never_cache
@throttled
def show(request: HttpRequest, code: str) -> HttpResponse:
    found = _booking(request, code)
    if found is None:
        return _to_find(code)
    response = _show(request, found, {"private_link": _link_shown_once(request, found.code)})
    if ONCE_COOKIE in request.COOKIES:  # shown once: a reload shows it no more
        path = reverse("booking:show", args=[found.code])
        response.delete_cookie(ONCE_COOKIE, path=path, samesite="Lax")
    return response


@never_cache
@throttled
def private(request: HttpRequest, token: str) -> HttpResponse:
    """The booking's page through its private link: no second factor asked, and this browser
    may then use the booking's other pages (move, cancel, QR) like one that proved it. A link
    that opens nothing gets the look-up's answer to a wrong code, and counts as a wrong try.
    Every answer asks for no Referer onward: the token is this page's address."""
    try:
        response = _private(request, token)
    except OperationalError:
        response = busy(request)
    response["Referrer-Policy"] = NO_REFERRER
    return response


def _private(request: HttpRequest, token: str) -> HttpResponse:
    address = client_address(request)
    if not within(FIND_ADDRESS, address):
        log.info("booking link: refused, too many attempts")
        refusal = _("Too many attempts. Please wait an hour and try again, or come to the office.")
        return _link_refused(request, refusal, 429)
    found = links.booking_of(token)
    if found is None:
        allow(FIND_ADDRESS, address)  # failures only: the holder may open it often
        log.info("booking link: no booking has this link")
        refusal = _("No booking has this code with these last four digits. Please check both.")
        return _link_refused(request, refusal, 404)
    return _grant(request, _show(request, found, {"referrer": NO_REFERRER}), found.code)


def _link_refused(request, refusal: str, status: int) -> HttpResponse:
    """The look-up form (posting to the look-up, not to this address) and why."""
    context = {
        "office": _office(request),
        "form": FindForm(),
        "refusal": refusal,
        "action": reverse("booking:find"),
        "referrer": NO_REFERRER,
    }
    return render(request, "booking/find.html", context, status=status)


def _show(request, found: Booking, extra: dict | None = None) -> HttpResponse:
    now = found.office.local_now()
    settings = BookingSettings.of(found.office)
    closed = slots.closure_for(found)
    context = {
        "office": found.office,
        "b": found,
        "guide": words.guide_text(found.office, found.service),
        "closed": closed,
        "active": found.status == Booking.Status.BOOKED
        and not booking_ops.starts_within(found, now),
        # out of a slot the office closed, always (not counted: kiosk_central.booking.book)
        "can_move": bool(closed) or found.moves < settings.max_moves,
        "message": DONE.get(request.GET.get("ok", ""), str)(),
        **(extra or {}),
    }
    return render(request, "booking/show.html", context)


@never_cache
@throttled
def qr(request: HttpRequest, code: str) -> HttpResponse:
    found = _booking(request, code)
    if found is None:
        raise Http404("no such booking")
    return HttpResponse(qr_svg(found.code), content_type="image/svg+xml")


@never_cache
@throttled
def ics(request: HttpRequest, code: str) -> HttpResponse:
    found = _booking(request, code)
    if found is None or found.slot_start is None:
        raise Http404("no such booking")
    reply = HttpResponse(calendar_file(found), content_type="text/calendar; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="reservasi-{found.code}.ics"'
    return reply


@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def find(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    form = FindForm(request.POST or None, initial={"code": request.GET.get("kode", "")[:20]})
    refusal = ""
    if request.method == "POST" and form.is_valid():
        code = normalise(form.cleaned_data["code"])
        try:
            refusal = _check_second_factor(request, code, form.cleaned_data["last4"])
        except OperationalError:
            return busy(request, office)
        if not refusal:
            return _grant(request, redirect("booking:show", code=code), code)
    context = {"office": office, "form": form, "refusal": refusal}
    return render(request, "booking/find.html", context, status=200 if not refusal else 403)


def _check_second_factor(request, code: str, last4: str) -> str:
    """Why the code and digits do not open a booking, or "". One answer for a wrong code and
    wrong digits, so neither can be probed alone; a code is tried a few times only."""
    if not allow(FIND_ADDRESS, client_address(request)) or not within(FIND_CODE, code):
        log.info("booking look-up: refused, too many attempts")
        return _("Too many attempts. Please wait an hour and try again, or come to the office.")
    found = Booking.objects.filter(code=code).exclude(holder_last4="").first()
    if found is not None and hmac.compare_digest(found.holder_last4, last4.strip().upper()):
        return ""
    allow(FIND_CODE, code)  # counts failures only: the holder may look up as often as needed
    log.info("booking look-up: code and digits do not match")
    return _("No booking has this code with these last four digits. Please check both.")


@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    found = _booking(request, code)
    if found is None:
        return _to_find(code)
    refusal = ""
    if request.method == "POST":
        try:
            booking_ops.cancel(found)
            notify.queue(found, "cancelled")
            return redirect(reverse("booking:show", args=[found.code]) + "?ok=batal")
        except booking_ops.BookingRefused as exc:
            refusal = str(exc)
        except OperationalError:
            return busy(request, found.office)
    context = {"office": found.office, "b": found, "refusal": refusal}
    return render(request, "booking/cancel.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def move(request: HttpRequest, code: str) -> HttpResponse:
    found = _booking(request, code)
    if found is None:
        return _to_find(code)
    office = found.office
    refusal = ""
    if request.method == "POST":
        now = office.local_now()
        slot = slots.find_slot(office, found.service, request.POST.get("slot", "")[:16], now)
        try:
            if slot is None or not slot.left:
                raise booking_ops.BookingRefused(
                    _("This time is full now. Please choose another time.")
                )
            booking_ops.move(found, slot, now)
            notify.queue(found, "moved")
            return redirect(reverse("booking:show", args=[found.code]) + "?ok=pindah")
        except booking_ops.BookingRefused as exc:
            refusal = str(exc)
        except OperationalError:
            return busy(request, office)
    extra = {"b": found, "refusal": refusal, "moving": True}
    return _slot_page(request, office, found.service, "booking/slots.html", extra)


def too_big(request: HttpRequest, length: int) -> HttpResponse:
    """A body over MAX_BODY, unread (kiosk_central.public.bodies): the booking pages' own words
    and the way back to the first step."""
    log.info("booking page refused unread: %d bytes", length)
    context = {
        "office": _office(request),
        "title": _("The form sent is too large"),
        "text": _(
            "What was sent is far larger than a booking form. Nothing was booked. Please go "
            "back and fill in the form again."
        ),
        "back": reverse("booking:start"),
    }
    return render(request, "booking/message.html", context, status=413)
