"""What the kiosks' writes do to the queue: numbers, supersedes, voids, check-ins, ratings,
heartbeats. Plain functions over the models, called inside the caller's transaction; each
returns ``(status, reply)`` or raises :class:`Refused`, which the API turns into a problem.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, transaction
from django.db.models import Min
from django.utils import timezone

from kiosk_central.backup.generation import holding
from kiosk_central.live.place import queue_ahead
from kiosk_central.queue import opening
from kiosk_central.queue.models import (
    Booking,
    CheckIn,
    DayCounter,
    Kiosk,
    Rating,
    Service,
    Ticket,
    TicketEvent,
)
from kiosk_central.queue.models import now as central_now
from layanan_rules.opening import Refusal
from layanan_rules.queue_numbers import format_number, parse_number
from layanan_rules.services import Lane

NO_BLOCK_LIMIT = 9999


class Refused(Exception):
    """A record the central will not store, with its HTTP status and problem code."""

    def __init__(self, status: int, code: str, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra
        self.headers: dict[str, str] = {}


def instant(value: str) -> datetime:
    """An RFC 3339 time as UTC: PostgreSQL keeps no offsets beyond +-15:59, and a kiosk's
    clock can be anywhere."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except (ValueError, OverflowError):
        raise Refused(422, "invalid", f"{value!r}: not a time the central can keep") from None


def server_time(kiosk: Kiosk) -> str:
    return kiosk.office.local_now().isoformat()


def _local_day(kiosk: Kiosk, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(kiosk.office.time_zone)).date()


def _service(kiosk: Kiosk, code: str) -> Service:
    # Looked up once per request (a batch names the same few services many times).
    cache = kiosk.__dict__.setdefault("_services", {})
    if code not in cache:
        cache[code] = Service.objects.filter(office_id=kiosk.office_id, code=code).first()
    if cache[code] is None:
        raise Refused(404, "unknown_service", f"no service {code!r} in this office")
    return cache[code]


def _calendar(kiosk: Kiosk, day: date):
    cache = kiosk.__dict__.setdefault("_calendars", {})
    if day not in cache:
        cache[day] = opening.calendar(kiosk.office, day)
    return cache[day]


def prepare(kiosk: Kiosk, body: dict) -> None:
    """Before the write lock: read what a ticket needs and no other ticket changes (the service,
    today's calendar, the kiosks' blocks' floor, a live ticket with its id), so the lock is held
    for the numbering alone. Raises Refused."""
    _service(kiosk, body["service_code"])
    if "number" not in body:
        _calendar(kiosk, central_now().astimezone(ZoneInfo(kiosk.office.time_zone)).date())
        _floor(kiosk)
    uid = uuid.UUID(body["id"])
    kiosk.__dict__["_existing"] = (uid, _live(uid))


def block_floor(office_id: int) -> int:
    """The central numbers up to here; every kiosk of the office numbers offline above it.
    A revoked kiosk's block stays reserved: its backlog may still hold numbers from it."""
    low = Kiosk.objects.filter(office_id=office_id).aggregate(low=Min("offline_block_start"))["low"]
    return NO_BLOCK_LIMIT if low is None else low


def _live(uid: uuid.UUID) -> Ticket | None:
    return Ticket.objects.filter(uid=uid, superseded=False).first()


def _existing(kiosk: Kiosk, uid: uuid.UUID) -> Ticket | None:
    """The live ticket with this id, if any: as :func:`prepare` read it before the lock (once),
    or read now. One recorded in between is caught by ``one_live_ticket_per_id`` when this
    one is saved: ticket_exists all the same."""
    read = kiosk.__dict__.pop("_existing", None)
    return read[1] if read is not None and read[0] == uid else _live(uid)


def _floor(kiosk: Kiosk) -> int:
    """The office's :func:`block_floor`, read once per request, before the lock like the
    service and the calendar: no ticket moves it, only a technician registering a kiosk or
    editing its block (the lock would not order that against a ticket either)."""
    cache = kiosk.__dict__
    if "_floor" not in cache:
        cache["_floor"] = block_floor(kiosk.office_id)
    return cache["_floor"]


def _lock_day(service_id: int, day: date) -> DayCounter:
    """PostgreSQL: ``SELECT ... FOR UPDATE`` on the service's counter row for the day; SQLite:
    the whole transaction began with ``BEGIN IMMEDIATE`` (settings), which already holds the
    database's write lock. Quotas are counted under it, so two kiosks asking for the last
    place at once are served one after the other."""
    return DayCounter.objects.select_for_update().get_or_create(service_id=service_id, day=day)[0]


def allocate(service: Service, day: date, admit, limit: int) -> int:
    """The next central number of ``service`` on ``day``, under a lock on its counter row;
    ``admit()``, called under that lock, refuses a ticket the opening rules do not allow;
    ``limit``: the office's :func:`block_floor`."""
    if holding():  # restored: the kiosks have not all resent the numbers they printed
        refused = Refused(503, "restoring", "the central was restored; the kiosks resend first")
        refused.headers["Retry-After"] = "60"
        raise refused
    seq = _count_on(service.pk, day)
    admit()
    counted = seq
    taken = set(
        Ticket.objects.filter(service=service, day=day, seq__gte=seq).values_list("seq", flat=True)
    )
    while seq in taken:  # a number a misconfigured kiosk took: never repeat it
        seq += 1
    if seq > limit:
        refused = Refused(503, "numbers_exhausted", f"central numbers end at {limit} today")
        refused.headers["Retry-After"] = "60"
        raise refused
    if seq != counted:
        DayCounter.objects.filter(service_id=service.pk, day=day).update(last=seq)
    return seq


def _count_on(service_id: int, day: date) -> int:
    """The service's counter for the day moved on by one, locked (see :func:`_lock_day`) and
    read in one statement (the ORM's update() returns no value); a refusal after it rolls it
    back with the rest."""
    table = DayCounter._meta.db_table
    row = None
    # RETURNING needs SQLite 3.35 (Bookworm: 3.40; Django 5.2 runs on 3.31); older: read, write
    if connection.vendor != "sqlite" or sqlite3.sqlite_version_info >= (3, 35):
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last = last + 1 WHERE service_id = %s AND day = %s "
                "RETURNING last",
                [service_id, connection.ops.adapt_datefield_value(day)],
            )
            row = cursor.fetchone()
    if row is not None:
        return row[0]
    counter = _lock_day(service_id, day)  # the day's first ticket of the service: its row
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def resume_above(ticket: Ticket) -> None:
    """A central number a kiosk resent after a restore: the day's counter goes past it, so
    the central never gives it again."""
    counter = _lock_day(ticket.service_id, ticket.day)
    if counter.last < ticket.seq:
        counter.last = ticket.seq
        counter.save(update_fields=["last"])


def ticket_reply(ticket: Ticket, kiosk: Kiosk, placed: bool = True) -> dict:
    """The answer to a ticket; ``placed=False`` leaves its place for :func:`with_place`, so the
    caller reads it after COMMIT rather than under the office's write lock."""
    reply = {
        "id": str(ticket.uid),
        "number": ticket.number,
        "people_ahead": None,
        "estimated_wait_minutes": None,
        "server_time": server_time(kiosk),
    }
    return with_place(reply, ticket) if placed else reply


def with_place(reply: dict, ticket: Ticket) -> dict:
    """``reply`` with the ticket's people ahead and estimated wait now. A ticket numbered
    offline was printed long ago: its place then is nobody's business now, and counting the
    queue for each of a 10,000-record backlog would cost the drain."""
    if ticket.origin == Ticket.Origin.OFFLINE or ticket.state == Ticket.State.VOIDED:
        return reply
    ahead, wait = queue_ahead(ticket)
    return {**reply, "people_ahead": ahead, "estimated_wait_minutes": wait}


def voided_problem(ticket: Ticket) -> Refused:
    return Refused(
        410,
        "ticket_voided",
        f"ticket {ticket.number} was voided",
        id=str(ticket.uid),
        number=ticket.number,
        state=ticket.state,
    )


def _admit(kiosk: Kiosk, service: Service, body: dict, local: datetime) -> None:
    """Refuse an online ticket the office does not issue now: closed, past the service's
    cut-off, or its lane's quota reached (counted under the day's counter lock)."""
    if not service.enabled:
        raise Refused(
            409,
            "service_closed",
            f"{service.code} is not offered",
            reason="not_offered",
            next_open=None,
            message_id="Layanan tidak tersedia",
            message_en="This service is not offered",
        )
    office = kiosk.office
    today = local.date()
    count = 0  # counted under the lock only when a quota needs it: a count grows with the day
    if service.rules().quota(body["lane"]) is not None:
        count = opening.issued([service.pk], [today])[(service.pk, today, body["lane"])]
    code = body.get("booking_code", "")
    slot = opening.in_slot(
        office, service, body["lane"], opening.bookings(office, [code]).get(code), local
    )
    cal = _calendar(kiosk, today)
    verdict = opening.judge(cal, service, body["lane"], local, count, slot)
    if verdict.issuing:
        return
    code = "quota_reached" if verdict.refusal is Refusal.QUOTA_REACHED else "service_closed"
    raise Refused(
        409,
        code,
        f"{service.code} ({body['lane']}): {verdict.refusal}",
        **opening.refusal_fields(verdict),
    )


def flag_offline(kiosk: Kiosk, tickets: list[Ticket]) -> None:
    """Mark the kiosk's offline tickets that were issued past a quota or outside the hours:
    they stand (the visitor holds the paper) and the supervisor sees them listed. Counted in
    the order given, under the same day locks as the central's own numbers."""
    office = kiosk.office
    tz = ZoneInfo(office.time_zone)
    pairs = sorted({(t.service_id, t.day) for t in tickets})
    for service_id, day in pairs:
        _lock_day(service_id, day)
    counts = opening.issued({s for s, _ in pairs}, {d for _, d in pairs})
    calendars: dict[date, object] = {}
    booked = opening.bookings(
        office, {t.booking_code for t in tickets if t.lane == Lane.APPOINTMENT}
    )
    for t in tickets:
        local = t.issued_at.astimezone(tz)
        cal = calendars.get(t.day) or calendars.setdefault(t.day, opening.calendar(office, t.day))
        key = (t.service_id, t.day, t.lane)
        slot = opening.in_slot(office, t.service, t.lane, booked.get(t.booking_code), local)
        hours = opening.judge(cal, t.service, t.lane, local, 0, slot)
        t.outside_hours = hours.refusal in (Refusal.OFFICE_CLOSED, Refusal.PAST_CUTOFF)
        quota = t.service.rules().quota(t.lane)
        t.over_quota = quota is not None and counts[key] >= quota
        counts[key] += 1


def new_ticket(kiosk: Kiosk, body: dict, now: datetime) -> Ticket:
    """The ticket ``body`` asks for, unsaved: its offline number checked, or the next central
    number allocated (under the counter's lock)."""
    service = _service(kiosk, body["service_code"])
    issued_at = instant(body["issued_at"])
    if "number" in body:
        prefix, seq = parse_number(body["number"])
        if prefix != service.prefix or seq < 1:
            raise Refused(
                422, "wrong_prefix", f"{body['number']} is not a number of {service.code}"
            )
        day = _local_day(kiosk, issued_at)
        # A resend after a restore (``resend``) names who numbered it first.
        central = body.get("resend") == "central"
        origin = Ticket.Origin.CENTRAL if central else Ticket.Origin.OFFLINE
        queued_at = min(issued_at, now) if body["clock_synced"] else now
    else:
        local = now.astimezone(ZoneInfo(kiosk.office.time_zone))
        day = local.date()
        seq = allocate(service, day, lambda: _admit(kiosk, service, body, local), _floor(kiosk))
        origin = Ticket.Origin.CENTRAL
        queued_at = now
    return Ticket(
        uid=uuid.UUID(body["id"]),
        office_id=kiosk.office_id,
        service=service,
        kiosk=kiosk,
        day=day,
        seq=seq,
        number=format_number(service.prefix, seq),
        lane=body["lane"],
        source=body["source"],
        origin=origin,
        issued_at=issued_at,
        clock_synced=body["clock_synced"],
        kiosk_sequence=body.get("sequence"),
        received_at=now,
        queued_at=queued_at,
        booking_code=body.get("booking_code", ""),
        nik=body.get("nik", ""),
    )


def issue_ticket(
    kiosk: Kiosk, body: dict, originals: dict[str, Ticket | None]
) -> tuple[int, dict, Ticket]:
    """Number a ticket (no ``number``) or record a kiosk's offline one as is.

    ``originals`` maps a ``supersedes`` key to the ticket that online attempt committed (the
    caller looks it up among this kiosk's idempotent replies): that one is voided."""
    now = central_now()
    uid = uuid.UUID(body["id"])
    existing = _existing(kiosk, uid)
    if existing is not None and body.get("resend") and existing.kiosk_id == kiosk.pk:
        return 200, ticket_reply(existing, kiosk), existing  # the backup had it already
    original = originals.get(body.get("supersedes") or "")
    if existing is not None and existing != original:
        raise Refused(
            409, "ticket_exists", f"ticket {uid} is already recorded as {existing.number}"
        )
    ticket = new_ticket(kiosk, body, now)
    if original is not None:
        original.state = Ticket.State.VOIDED
        original.superseded = True
        original.save(update_fields=["state", "superseded"])
        TicketEvent.objects.create(
            ticket=original,
            kind=TicketEvent.Kind.VOIDED,
            kiosk=kiosk,
            note=f"superseded by the kiosk's offline number {ticket.number}",
        )
    if ticket.origin == Ticket.Origin.OFFLINE:
        flag_offline(kiosk, [ticket])
    if body.get("resend") == "central":
        resume_above(ticket)
    try:
        # No savepoint (two statements less under the lock): a refusal here rolls back the
        # caller's transaction or savepoint anyway, which this marks for rollback.
        with transaction.atomic(savepoint=False):
            ticket.save()
    except IntegrityError as exc:
        # Which constraint, from its words (PostgreSQL names it, SQLite its columns): the
        # transaction is aborted on PostgreSQL, nothing more can be read in it.
        if any(name in str(exc) for name in ("one_live_ticket_per_id", "queue_ticket.uid")):
            raise Refused(409, "ticket_exists", f"ticket {uid} is already recorded") from None
        raise Refused(
            409, "number_taken", f"{ticket.number} on {ticket.day} is already taken"
        ) from None
    TicketEvent.objects.create(ticket=ticket, kind=TicketEvent.Kind.ISSUED, kiosk=kiosk, at=now)
    return 201, ticket_reply(ticket, kiosk, placed=False), ticket


def void_ticket(kiosk: Kiosk, ticket_id: str) -> tuple[int, dict]:
    # The contract's one rule: a kiosk sees and changes only the tickets it issued; any other
    # id gets the answer an unknown one gets, so no answer tells which ids exist.
    ticket = Ticket.objects.filter(uid=ticket_id, superseded=False, kiosk=kiosk).first()
    if ticket is not None:
        if ticket.state == Ticket.State.WAITING:
            ticket.state = Ticket.State.VOIDED
            ticket.save(update_fields=["state"])
            TicketEvent.objects.create(
                ticket=ticket,
                kind=TicketEvent.Kind.VOIDED,
                kiosk=kiosk,
                note="the kiosk never handed it out",
            )
        elif ticket.state != Ticket.State.VOIDED:
            raise Refused(409, "ticket_in_service", f"{ticket.number} is already {ticket.state}")
    return 200, {"id": ticket_id, "server_time": server_time(kiosk)}


def check_in(kiosk: Kiosk, body: dict) -> tuple[int, dict]:
    fields = {
        "office_id": kiosk.office_id,
        "kiosk": kiosk,
        "booking_code": body["booking_code"],
        "ticket_uid": uuid.UUID(body["ticket_id"]),
        "verified": body["verified"],
        "at": instant(body["at"]),
    }
    existing = CheckIn.objects.filter(id=body["id"]).first()
    if existing is not None:
        if (existing.booking_code, existing.ticket_uid) != (
            fields["booking_code"],
            fields["ticket_uid"],
        ):
            raise Refused(409, "checkin_exists", f"check-in {body['id']} is already recorded")
    else:
        CheckIn.objects.create(id=body["id"], **fields)
        Booking.objects.filter(office_id=kiosk.office_id, code=body["booking_code"]).exclude(
            status=Booking.Status.CANCELLED
        ).update(status=Booking.Status.CHECKED_IN)
    return 201, {"id": body["id"], "server_time": server_time(kiosk)}


def rate(kiosk: Kiosk, ratings: list[dict]) -> tuple[int, dict]:
    accepted = []
    for r in ratings:
        if r["kiosk_id"] != kiosk.name:
            continue  # not accepted: the kiosk parks it for its technician
        Rating.objects.get_or_create(
            id=r["id"],
            defaults={
                "office_id": kiosk.office_id,
                "kiosk": kiosk,
                "value": r["value"],
                "element": r.get("element", ""),
                "clock_synced": r["clock_synced"],
                "at": instant(r["at"]),
                "kiosk_sequence": r["sequence"],
                "ticket_number": r.get("ticket_number") or "",
            },
        )
        accepted.append(r["id"])
    return 200, {"accepted": accepted, "server_time": server_time(kiosk)}


def heartbeat(kiosk: Kiosk, body: dict) -> dict:
    now = timezone.now()
    kiosk_now = instant(body["clock"]["now"])
    kiosk.last_seen = now
    kiosk.version = body["version"][:40]
    kiosk.printer_fault = (body["printer"].get("fault") or "")[:60]
    kiosk.printer_warning = (body["printer"].get("warning") or "")[:60]
    kiosk.scanner_fault = (body["scanner"].get("fault") or "")[:60]
    kiosk.backlog_pending = body["backlog"]["pending"]
    kiosk.backlog_parked = body["backlog"]["parked"]
    kiosk.clock_skew_s = round((now - kiosk_now).total_seconds(), 3)
    kiosk.clock_synced = body["clock"]["synced"]
    kiosk.guides_version = body.get("guides_version", 0)
    # "generation": the central's generation the kiosk has resent everything to (a restore).
    keep = ("clock", "printer", "scanner", "backlog", "generation")
    kiosk.last_state = {k: body[k] for k in keep if k in body}
    kiosk.save()
    office = kiosk.office
    latest = office.guide_versions.order_by("-version").first()
    called = (
        TicketEvent.objects.filter(
            ticket__office=office, kind__in=[TicketEvent.Kind.CALLED, TicketEvent.Kind.RECALLED]
        )
        .select_related("ticket")
        .order_by("-at", "-id")
        .first()
    )
    return {
        "server_time": server_time(kiosk),
        "guides_version": latest.version if latest else 0,
        "config_version": office.config_version,
        "now_serving": called.ticket.number if called else None,
    }


def position(kiosk: Kiosk, ticket_id: str) -> dict:
    ticket = (
        Ticket.objects.filter(uid=ticket_id, superseded=False, kiosk=kiosk)
        .select_related("service")
        .first()
    )
    if ticket is None:  # another kiosk's, another office's or none: one answer (void_ticket)
        raise Refused(404, "not_found", "no such ticket of this kiosk")
    if ticket.state == Ticket.State.VOIDED:
        raise voided_problem(ticket)
    ahead, wait = queue_ahead(ticket)
    serving = (
        TicketEvent.objects.filter(
            ticket__service_id=ticket.service_id,
            ticket__day=ticket.day,
            kind__in=[TicketEvent.Kind.CALLED, TicketEvent.Kind.RECALLED],
        )
        .select_related("ticket")
        .order_by("-at", "-id")
        .first()
    )
    return {
        "number": ticket.number,
        "people_ahead": ahead,
        "now_serving": serving.ticket.number if serving else None,
        "estimated_wait_minutes": wait,
        "state": ticket.state,
    }
