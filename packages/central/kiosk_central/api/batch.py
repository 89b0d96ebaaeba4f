"""The fast path of POST /batch: a kiosk's backlog of offline tickets, recorded with a handful
of queries for the whole batch instead of a dozen per record.

Only records that are plainly new take it: an offline number, a key never seen, an id not yet
recorded, no committed online attempt to supersede. Everything else (replays, supersedes,
conflicts, check-ins, voids) goes the one-record-at-a-time way, which answers exactly as the
single-record operations do. If the bulk insert meets a conflict after all (a number taken
meanwhile), its savepoint is rolled back and those records go the slow way too.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.db import IntegrityError, transaction

from kiosk_central.api import records
from kiosk_central.api.records import Refused
from kiosk_central.queue.models import IdempotentReply, Kiosk, Ticket, TicketEvent
from kiosk_central.queue.models import now as central_now


def body_fingerprint(body: object) -> str:
    """What makes two requests with one Idempotency-Key the same request."""
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def fingerprints(scope: str, body: object) -> tuple[str, ...]:
    """The fingerprint to store for a request, then any an older central stored for it.

    A ticket's is erased with its NIK (queue.retention). A batch has no ticket to erase it
    with, and a backlog sent today can hold NIKs of tickets days old: its fingerprint leaves
    the NIKs out (each ticket in it keeps its own reply and fingerprint). Until 2026-11-29 a
    batch's was made with them; a retry of such a batch still matches."""
    if scope != "batch":
        return (body_fingerprint(body),)
    # As the Batch schema checked it: a void record has no body.
    records = [
        {**r, "body": {k: v for k, v in r["body"].items() if k != "nik"}} if "body" in r else r
        for r in body["records"]
    ]
    return body_fingerprint({**body, "records": records}), body_fingerprint(body)


def fast_tickets(kiosk: Kiosk, batch: list[dict]) -> dict[int, dict]:
    """Results by index for the records recorded here; the caller handles the rest."""
    candidates = {
        i: r
        for i, r in enumerate(batch)
        if r["kind"] == "ticket" and "number" in r["body"] and r["body"]["kiosk_id"] == kiosk.name
    }
    if not candidates:
        return {}
    keys = {uuid.UUID(r["key"]) for r in candidates.values()}
    uids = {uuid.UUID(r["body"]["id"]) for r in candidates.values()}
    supersedes = {r["body"]["supersedes"] for r in candidates.values() if "supersedes" in r["body"]}
    seen_keys = set(
        IdempotentReply.objects.filter(
            kiosk=kiosk, scope="ticket", key__in=keys | {uuid.UUID(k) for k in supersedes}
        ).values_list("key", flat=True)
    )
    taken_uids = set(
        Ticket.objects.filter(uid__in=uids, superseded=False).values_list("uid", flat=True)
    )
    now = central_now()
    chosen: dict[int, Ticket] = {}
    once: set = set()
    for i, record in candidates.items():
        body, key, uid = record["body"], uuid.UUID(record["key"]), uuid.UUID(record["body"]["id"])
        sup = uuid.UUID(body["supersedes"]) if "supersedes" in body else None
        if key in seen_keys or uid in taken_uids or sup in seen_keys or {key, uid} & once:
            continue
        try:
            chosen[i] = records.new_ticket(kiosk, body, now)
        except Refused:
            continue  # the slow way answers it with its problem
        once |= {key, uid}
    if not chosen:
        return {}
    records.flag_offline(kiosk, list(chosen.values()))
    try:
        with transaction.atomic():
            tickets = Ticket.objects.bulk_create(list(chosen.values()))
            TicketEvent.objects.bulk_create(
                TicketEvent(ticket=t, kind=TicketEvent.Kind.ISSUED, kiosk=kiosk, at=now)
                for t in tickets
            )
            results, replies = {}, []
            for (i, _), ticket in zip(chosen.items(), tickets, strict=True):
                reply = records.ticket_reply(ticket, kiosk)
                record = batch[i]
                replies.append(
                    IdempotentReply(
                        kiosk=kiosk,
                        scope="ticket",
                        key=uuid.UUID(record["key"]),
                        fingerprint=body_fingerprint(record["body"]),
                        status=201,
                        reply=reply,
                        ticket=ticket,
                    )
                )
                results[i] = {"key": record["key"], "status": 201, "body": reply}
            IdempotentReply.objects.bulk_create(replies)
    except IntegrityError:
        return {}
    return results
