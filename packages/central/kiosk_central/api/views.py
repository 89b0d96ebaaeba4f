"""The contract's operations. Each view: authenticate the kiosk, read and check the body against
the same OpenAPI document the kiosk validates answers with, then one transaction.

Every write is idempotent by (kiosk, operation, Idempotency-Key): the first answer is stored in
the same transaction as its effect, so a retry gets it again and changes nothing, and the same
key with another body is refused. A stored answer never changes, so it is looked up before the
write lock: a retry never waits for it. Two copies of one request racing each other both find
none; the second then finds the first's ticket or collides with its key
(``one_reply_per_key``), its transaction is rolled back whole (its number with it), and it
gives the first one's answer.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections.abc import Callable

from django.db import DataError, IntegrityError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from kiosk_central.api import records
from kiosk_central.api.alive import heard_from
from kiosk_central.api.auth import REALM, kiosk_for
from kiosk_central.api.batch import fast_tickets, fingerprints
from kiosk_central.api.problems import problem
from kiosk_central.api.records import Refused
from kiosk_central.backup import generation
from kiosk_central.inputs import NotJSON, strict_json, whole_number
from kiosk_central.queue import opening
from kiosk_central.queue.models import Booking, GuideVersion, IdempotentReply, Kiosk, Ticket
from kiosk_central.queue.writer import writer as _writer
from layanan_rules.contract import ContractViolation, check

log = logging.getLogger(__name__)
MAX_BODY = 2 * 1024 * 1024


class BadRequest(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def endpoint(*methods: str) -> Callable:
    """Method check, kiosk authentication, JSON body, and every failure as a problem."""

    def wrap(view: Callable) -> Callable:
        @csrf_exempt
        @functools.wraps(view)
        def handle(request: HttpRequest, **kwargs: str) -> HttpResponse:
            path = request.path
            if request.method not in methods:
                return problem(
                    405, "method_not_allowed", instance=path, headers={"Allow": ", ".join(methods)}
                )
            header = request.headers.get("Authorization", "")
            kiosk = kiosk_for(header)
            if kiosk is None:
                challenge = REALM + (', error="invalid_token"' if header else "")
                return problem(
                    401,
                    "unauthorized",
                    "a valid kiosk token is required",
                    instance=path,
                    headers={"WWW-Authenticate": challenge},
                )
            heard_from(kiosk)
            try:
                body = _json(request) if request.method == "POST" else None
                return view(request, kiosk, body, **kwargs)
            except BadRequest as bad:
                return problem(bad.status, bad.code, bad.detail, instance=path)
            except Refused as r:
                return problem(
                    r.status, r.code, r.detail, instance=path, headers=r.headers, **r.extra
                )
            except (DataError, OverflowError, UnicodeEncodeError):
                # A value the schema allows and the database cannot hold (a NUL character, an
                # integer past 64 bits): the record is refused, nothing was stored.
                return problem(422, "invalid", "a value the central cannot store", instance=path)
            except OperationalError as exc:
                # The write lock was not ours within the deadline: the kiosk retries.
                log.warning("%s %s: database busy (%s)", request.method, path, type(exc).__name__)
                return problem(503, "busy", "the database is busy; try again", instance=path)

        return handle

    return wrap


def _json(request: HttpRequest) -> object:
    if len(request.body) > MAX_BODY:
        raise BadRequest(413, "too_large", f"at most {MAX_BODY} bytes")
    try:
        return strict_json(request.body or b"null")
    except NotJSON as exc:
        raise BadRequest(400, "bad_json", str(exc)) from None


def _checked(schema: str, body: object) -> dict:
    try:
        return check(schema, body)
    except ContractViolation as exc:
        raise BadRequest(422, "invalid", str(exc)) from None


def _key(request: HttpRequest) -> uuid.UUID:
    try:
        return uuid.UUID(request.headers.get("Idempotency-Key", ""))
    except ValueError:
        raise BadRequest(400, "idempotency_key_required", "Idempotency-Key: a UUID") from None


def _own(kiosk: Kiosk, body: dict) -> None:
    if body.get("kiosk_id") != kiosk.name:
        raise Refused(403, "wrong_kiosk", "kiosk_id is not the kiosk this token belongs to")


def _prior(kiosk: Kiosk, scope: str, key: uuid.UUID) -> IdempotentReply | None:
    return (
        IdempotentReply.objects.filter(kiosk=kiosk, scope=scope, key=key)
        .select_related("ticket")
        .first()
    )


def _again(prior: IdempotentReply, scope: str, body: object):
    """A retry: the first answer to its key, with the ticket it made, if any."""
    # An empty fingerprint was erased with the NIK it was made from (retention): the key,
    # a random UUID of the kiosk's, is then the request's only identity.
    # A resend after a restore comes without the NIK the first one carried.
    resend = isinstance(body, dict) and "resend" in body
    if prior.fingerprint and prior.fingerprint not in fingerprints(scope, body) and not resend:
        raise Refused(409, "key_reused", "this Idempotency-Key came with another body")
    if prior.ticket is not None and prior.ticket.state == Ticket.State.VOIDED:
        raise records.voided_problem(prior.ticket)  # the truth, not a voided number
    return prior.status, prior.reply, prior.ticket


def _record(kiosk: Kiosk, scope: str, key: uuid.UUID, body: object, effect: Callable):
    """Inside a transaction: ``effect()``'s answer, stored as the first to ``key``."""
    status, reply, ticket = effect()
    IdempotentReply.objects.create(
        kiosk=kiosk,
        scope=scope,
        key=key,
        fingerprint=fingerprints(scope, body)[0],
        status=status,
        reply=reply,
        ticket=ticket,
    )
    return status, reply, ticket


def _idempotent(kiosk: Kiosk, scope: str, key: uuid.UUID, body: object, effect: Callable):
    """Inside a transaction: the first answer to ``key``, or ``effect()``'s, stored; with the
    ticket it made, if any."""
    prior = _prior(kiosk, scope, key)
    if prior is not None:
        return _again(prior, scope, body)
    return _record(kiosk, scope, key, body, effect)


def _lock(kiosk: Kiosk) -> None:
    """PostgreSQL: the kiosk's own writes one at a time. SQLite: BEGIN IMMEDIATE has taken
    the database's write lock already, a statement more would only lengthen it."""
    if connection.vendor != "sqlite":
        Kiosk.objects.select_for_update().filter(pk=kiosk.pk).values_list("pk").first()


def _originals(kiosk: Kiosk, body: dict) -> dict[str, Ticket | None]:
    key = body.get("supersedes")
    if not key:
        return {}
    prior = IdempotentReply.objects.filter(kiosk=kiosk, scope="ticket", key=key).first()
    return {key: prior.ticket if prior else None}


def _ticket_effect(kiosk: Kiosk, body: dict) -> Callable:
    return lambda: records.issue_ticket(kiosk, body, _originals(kiosk, body))


def _checkin_effect(kiosk: Kiosk, body: dict) -> Callable:
    return lambda: (*records.check_in(kiosk, body), None)


def _void_effect(kiosk: Kiosk, ticket_id: str) -> Callable:
    return lambda: (*records.void_ticket(kiosk, ticket_id), None)


def _write(kiosk: Kiosk, scope: str, key: uuid.UUID, body: object, effect: Callable):
    prior = _prior(kiosk, scope, key)
    if prior is None:
        try:
            with _writer(), transaction.atomic():
                _lock(kiosk)
                status, reply, ticket = _record(kiosk, scope, key, body, effect)
        except (IntegrityError, Refused):
            # a copy of this request stored its answer while this one waited for the lock: its
            # ticket is there (ticket_exists) or its key (one_reply_per_key); its answer is ours
            prior = _prior(kiosk, scope, key)
            if prior is None:
                raise
    if prior is not None:
        status, reply, ticket = _again(prior, scope, body)
    if ticket is not None and status == 201:
        # after COMMIT: the lock is free while the queue is counted (a retry counts it again)
        reply = records.with_place(reply, ticket)
    return JsonResponse(reply, status=status)


# --- the operations ------------------------------------------------------------------------
@endpoint("GET")
def services(request, kiosk: Kiosk, body) -> HttpResponse:
    return JsonResponse({"services": opening.service_states(kiosk.office)})


@endpoint("POST")
def tickets(request, kiosk: Kiosk, body) -> HttpResponse:
    key = _key(request)
    body = _checked("TicketRequest", body)
    _own(kiosk, body)
    records.prepare(kiosk, body)
    return _write(kiosk, "ticket", key, body, _ticket_effect(kiosk, body))


@endpoint("POST")
def checkins(request, kiosk: Kiosk, body) -> HttpResponse:
    key = _key(request)
    body = _checked("CheckIn", body)
    _own(kiosk, body)
    return _write(kiosk, "checkin", key, body, _checkin_effect(kiosk, body))


@endpoint("POST")
def void(request, kiosk: Kiosk, body, ticket_id: str) -> HttpResponse:
    key = _key(request)
    try:
        ticket_id = str(uuid.UUID(ticket_id))
    except ValueError:
        raise BadRequest(400, "invalid", "ticket_id: a UUID") from None
    return _write(kiosk, "void", key, {"ticket_id": ticket_id}, _void_effect(kiosk, ticket_id))


@endpoint("POST")
def profiles(request, kiosk: Kiosk, body) -> HttpResponse:
    """A respondent's optional SKM profile: no ticket, no time but the month."""
    from kiosk_central.api import profiles as kept

    key = _key(request)
    body = _checked("RespondentProfile", body)
    _own(kiosk, body)
    if reason := kept.problem(body):
        raise BadRequest(422, "invalid", reason)
    return _write(kiosk, "profile", key, body, lambda: (*kept.keep(kiosk, body), None))


@endpoint("POST")
def ratings(request, kiosk: Kiosk, body) -> HttpResponse:
    key = _key(request)
    body = _checked("RatingBatch", body)
    effect = lambda: (*records.rate(kiosk, body["ratings"]), None)  # noqa: E731
    return _write(kiosk, "ratings", key, body, effect)


@endpoint("POST")
def batch(request, kiosk: Kiosk, body) -> HttpResponse:
    """Many tickets, check-ins and voids in one request and one transaction; each record keeps
    its own Idempotency-Key and gets its own answer, and one refused record (rolled back to its
    savepoint) does not stop the others."""
    key = _key(request)
    body = _checked("Batch", body)

    def effect():
        done = fast_tickets(kiosk, body["records"])
        results = [
            done[i] if i in done else _batch_record(kiosk, record)
            for i, record in enumerate(body["records"])
        ]
        return 200, {"results": results, "server_time": records.server_time(kiosk)}, None

    return _write(kiosk, "batch", key, body, effect)


def _batch_record(kiosk: Kiosk, record: dict) -> dict:
    kind, key = record["kind"], uuid.UUID(record["key"])
    try:
        with transaction.atomic():  # a savepoint: a refused record leaves nothing behind
            if kind == "void":
                payload = {"ticket_id": record["ticket_id"]}
                effect = _void_effect(kiosk, record["ticket_id"])
            else:
                payload = record["body"]
                _own(kiosk, payload)
                effect = (_ticket_effect if kind == "ticket" else _checkin_effect)(kiosk, payload)
            status, reply, ticket = _idempotent(kiosk, kind, key, payload, effect)
            if ticket is not None and status == 201:
                reply = records.with_place(reply, ticket)
    except Refused as r:
        body = json.loads(problem(r.status, r.code, r.detail, **r.extra).content)
        return {"key": record["key"], "status": r.status, "body": body}
    return {"key": record["key"], "status": status, "body": reply}


@endpoint("POST")
def heartbeat(request, kiosk: Kiosk, body) -> HttpResponse:
    body = _checked("Heartbeat", body)
    _own(kiosk, body)
    with _writer(), transaction.atomic():
        _lock(kiosk)
        kiosk.refresh_from_db()
        reply = records.heartbeat(kiosk, body)
        generation.note_heartbeat()
    reply["generation"] = generation.heartbeat_field()
    reply["status_url_template"] = _status_url_template()
    reply["complaint_url"] = _complaint_url(kiosk)
    return JsonResponse(reply)


def _status_url_template() -> str | None:
    """Where a visitor's phone follows a ticket (the display app's /s/<id>), from the
    central's public_url; the kiosk puts its ticket id in place of {id}."""
    from django.conf import settings

    base = settings.CONFIG.public_url.rstrip("/")
    return f"{base}/s/{{id}}" if base else None


def _complaint_url(kiosk: Kiosk) -> str | None:
    """The kiosk's office's public complaint page, for its QR and ticket: None while the
    public pages have no address (public_url), as for the status page."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.urls import reverse

    base = settings.CONFIG.public_url.rstrip("/")
    if not base:
        return None
    # By name, not by import: the complaints app is a sibling of this API.
    return f"{base}{reverse('complaints:send')}?{urlencode({'kantor': kiosk.office.code})}"


@endpoint("GET")
def position(request, kiosk: Kiosk, body, ticket_id: str) -> HttpResponse:
    try:
        ticket_id = str(uuid.UUID(ticket_id))
    except ValueError:
        raise Refused(404, "not_found", "no such ticket") from None
    return JsonResponse(records.position(kiosk, ticket_id))


@endpoint("GET")
def booking(request, kiosk: Kiosk, body, code: str) -> HttpResponse:
    found = (
        Booking.objects.filter(office_id=kiosk.office_id, code=code)
        .select_related("service")
        .first()
    )
    if found is None:
        raise Refused(404, "not_found", "no such booking")
    return JsonResponse(
        {
            "code": found.code,
            "service_code": found.service.code,
            "status": found.status,
            "slot_start": found.slot_start.isoformat() if found.slot_start else None,
            "slot_end": found.slot_end.isoformat() if found.slot_end else None,
            "holder_masked": found.holder_masked,
        }
    )


@endpoint("GET")
def guides(request, kiosk: Kiosk, body, version: str) -> HttpResponse:
    number = whole_number(version)
    found = (
        GuideVersion.objects.filter(office_id=kiosk.office_id, version=number).first()
        if number is not None
        else None
    )
    if found is None:
        raise Refused(404, "not_found", "no such guide version")
    return JsonResponse({"version": found.version, "guides": found.bundle})


@csrf_exempt
def not_found(request, rest: str = "") -> HttpResponse:
    return problem(404, "not_found", "no such operation", instance=request.path)
