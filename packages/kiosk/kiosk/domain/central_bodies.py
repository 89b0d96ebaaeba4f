"""Every request body the kiosk sends the central queue API, built from domain records in this
one module, in the shapes ``kiosk/sync/openapi.json`` names (TicketRequest, CheckIn, Rating in a
RatingBatch, Heartbeat). Plain dicts of plain values: the outbox stores them as JSON, the
client sends them, and the tests validate each against the contract."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from kiosk.domain.faults import FaultState
from kiosk.domain.tickets import Ticket, TicketDraft
from layanan_rules.nik import Nik
from layanan_rules.ratings import Rating

Body = dict[str, object]


def ticket_body(t: Ticket | TicketDraft, kiosk_id: str, nik: Nik | None, **extra: object) -> Body:
    """TicketRequest: the online request (a draft) or the record of a ticket issued offline
    (``number``, ``supersedes``, ``sequence`` in ``extra``)."""
    body: Body = {
        "id": t.id,
        "kiosk_id": kiosk_id,
        "service_code": t.service.code,
        "lane": str(t.lane),
        "source": str(t.source),
        "issued_at": t.issued_at.isoformat(),
        "clock_synced": t.clock_synced,
    }
    if nik is not None:
        body["nik"] = nik.digits  # the one place a full NIK goes: the central API
    if t.booking_code:
        body["booking_code"] = t.booking_code
    body.update(extra)
    return body


def checkin_body(ticket: Ticket, kiosk_id: str) -> Body:
    """CheckIn: a booking arrived and got this ticket."""
    return {
        "id": ticket.id,
        "kiosk_id": kiosk_id,
        "booking_code": ticket.booking_code,
        "ticket_id": ticket.id,
        "at": ticket.issued_at.isoformat(),
        "verified": ticket.booking_verified,
    }


def rating_body(rating: Rating, kiosk_id: str, sequence: int) -> Body:
    """One Rating of a RatingBatch; ``sequence`` is the press's, for the server's order."""
    return {
        "id": rating.id,
        "kiosk_id": kiosk_id,
        "value": rating.value,
        "element": rating.element,
        "at": rating.at.isoformat(),
        "clock_synced": rating.clock_synced,
        "sequence": sequence,
        "ticket_number": rating.ticket_number or None,
    }


def rating_batch(bodies: list[Body]) -> Body:
    """RatingBatch: the ratings the outbox sends in one request."""
    return {"ratings": bodies}


def device_body(state: FaultState | None) -> Body:
    """A device's health in a heartbeat; a device the kiosk does not have is "absent"."""
    if state is None:
        return {"fault": "absent", "warning": None}
    return {"fault": state.fault, "warning": state.warning}


def heartbeat_body(
    *,
    kiosk_id: str,
    version: str,
    uptime_s: float,
    now: datetime,
    clock_synced: bool,
    devices: Mapping[str, FaultState | None],
    backlog: Mapping[str, int],
    guides_version: int | None = None,
) -> Body:
    """Heartbeat: ``backlog`` holds the outbox's counts by state (pending, inflight, parked)."""
    body: Body = {
        "kiosk_id": kiosk_id,
        "version": version,
        "uptime_s": uptime_s,
        "clock": {"now": now.isoformat(), "synced": clock_synced},
        "printer": device_body(devices.get("printer")),
        "scanner": device_body(devices.get("scanner")),
        "backlog": {
            "pending": backlog.get("pending", 0) + backlog.get("inflight", 0),
            "parked": backlog.get("parked", 0),
        },
    }
    if guides_version is not None:
        body["guides_version"] = guides_version
    return body
