"""Everything that changes a complaint, each as one transaction that also writes its event
(who, when, what). The views only check who may do it and call these. On SQLite each waits
its turn for the writer up to the request's deadline, then raises OperationalError."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from kiosk_central.complaints import text as words
from kiosk_central.complaints.models import (
    RESOLVED_STATES,
    Complaint,
    Event,
    Outgoing,
    Photo,
    State,
)
from kiosk_central.complaints.photo import CleanPhoto
from kiosk_central.queue.models import Office, Ticket
from kiosk_central.queue.models import now as clock
from kiosk_central.queue.writer import writer
from layanan_rules.nik import MASK_CHAR  # SQLite: one writer, queued up to a deadline

# The moves a person may make from each state; a final state is left only by reopening.
MOVES = {
    State.NEW: (State.IN_PROGRESS, State.CLOSED, State.REFUSED),
    State.IN_PROGRESS: (State.ANSWERED, State.CLOSED, State.REFUSED),
    State.ANSWERED: (State.IN_PROGRESS, State.CLOSED),
    State.CLOSED: (State.IN_PROGRESS,),
    State.REFUSED: (State.IN_PROGRESS,),
}


class NotAllowed(ValueError):
    """A move the complaint's state does not allow (two people at once, a stale page)."""


@dataclass(frozen=True)
class Receipt:
    complaint: Complaint
    secret: str  # shown once, never stored


@dataclass(frozen=True)
class Draft:
    kind: str
    category: str
    text: str
    concerns_head: bool = False
    ticket: Ticket | None = None
    visit_number: str = ""
    visit_day: object = None
    name: str = ""
    contact: str = ""
    photo: CleanPhoto | None = None


def receive(office: Office, draft: Draft) -> Receipt:
    masked, had_nik = words.mask_niks(draft.text)
    secret, salt = words.new_secret(), secrets.token_hex(8)
    with writer(), transaction.atomic():
        complaint = Complaint.objects.create(
            office=office,
            code=_free_code(),
            salt=salt,
            secret_hash=words.hash_secret(secret, salt),
            kind=draft.kind,
            category=draft.category,
            text=masked,
            # Also when masked already: the form shown again masks what it echoes back.
            nik_masked=had_nik or MASK_CHAR * 4 in masked,
            concerns_head=draft.concerns_head,
            ticket=draft.ticket,
            visit_number=draft.visit_number,
            visit_day=draft.visit_day,
            name=words.mask_niks(draft.name)[0],
            contact=words.mask_niks(draft.contact)[0],
        )
        if draft.photo:
            Photo.objects.create(
                complaint=complaint,
                data=draft.photo.data,
                width=draft.photo.width,
                height=draft.photo.height,
            )
        Event.objects.create(complaint=complaint, type=Event.Type.RECEIVED, state=State.NEW)
    return Receipt(complaint, secret)


def _free_code() -> str:
    while True:  # 31^8 codes: a clash is rare, and the unique constraint is the final word
        code = words.new_code()
        if not Complaint.objects.filter(code=code).exists():
            return code


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def assign(complaint: Complaint, staff, to) -> None:
    with writer(), transaction.atomic():
        c = _locked(complaint)
        c.assigned_to = to
        c.save(update_fields=["assigned_to"])
        Event.objects.create(
            complaint=c, type=Event.Type.ASSIGNED, staff=staff, text=to.get_username() if to else ""
        )


def note(complaint: Complaint, staff, body: str) -> None:
    with writer():
        Event.objects.create(complaint=complaint, type=Event.Type.NOTE, staff=staff, text=body)


def move(complaint: Complaint, staff, to: str, reason: str = "") -> None:
    with writer(), transaction.atomic():
        c = _locked(complaint)
        _move(c, staff, State(to), reason)


def _move(c: Complaint, staff, to: State, reason: str = "") -> None:
    if to not in MOVES[State(c.state)]:
        raise NotAllowed(f"{c.state} -> {to}")
    if to == State.REFUSED and not reason.strip():
        raise NotAllowed("a refusal needs its reason")
    now = clock()
    c.state = to
    if to in RESOLVED_STATES and c.resolved_at is None:
        c.resolved_at = now
    c.closed_at = now if to in (State.CLOSED, State.REFUSED) else None
    c.save(update_fields=["state", "resolved_at", "closed_at"])
    Event.objects.create(complaint=c, type=Event.Type.STATE, staff=staff, state=to, text=reason)
    if to == State.REFUSED:
        _tell_sender(c)


def reply(complaint: Complaint, staff, body: str, then: str = "") -> None:
    """A public reply: the sender sees it on the tracking page and, where they left a contact,
    is told through the webhook that an answer came. ``then``: the state to move to with it."""
    with writer(), transaction.atomic():
        c = _locked(complaint)
        if c.state == State.NEW:
            _move(c, staff, State.IN_PROGRESS)
        Event.objects.create(complaint=c, type=Event.Type.REPLY, staff=staff, text=body)
        if c.first_answer_at is None:
            c.first_answer_at = clock()
            c.save(update_fields=["first_answer_at"])
        if then and then != c.state:
            _move(c, staff, State(then))
        _tell_sender(c)


def _tell_sender(c: Complaint) -> None:
    if (
        c.contact
        and not Outgoing.objects.filter(
            complaint=c, why=Outgoing.Why.ANSWERED, sent_at__isnull=True
        ).exists()
    ):
        Outgoing.objects.create(complaint=c, why=Outgoing.Why.ANSWERED)


def opened(complaint: Complaint, staff, what: str = Event.Type.OPENED) -> None:
    """Who looked at a report of fees (or downloaded any photo), and when."""
    with writer():
        Event.objects.create(complaint=complaint, type=what, staff=staff)
