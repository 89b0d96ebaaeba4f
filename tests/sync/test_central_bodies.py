"""Every body the kiosk sends, built by kiosk.domain.central_bodies, is what the contract
(kiosk/sync/openapi.json) says its request takes; and a body that is not, is refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.config import DEFAULT_SERVICES, Config, KioskConfig
from kiosk.domain import central_bodies as bodies
from kiosk.domain.faults import FaultState
from kiosk.domain.tickets import Source, Ticket, TicketDraft
from kiosk.usecases.doctor import _probe
from kiosk_testsupport.clocks import WIB
from layanan_rules.contract import ContractViolation, check, document
from layanan_rules.nik import parse_nik
from layanan_rules.ratings import Rating
from layanan_rules.services import Lane

AT = datetime(2026, 11, 28, 9, 15, tzinfo=WIB)
ID = "5f0c8f1e-8a52-4c55-9a55-0f2f3f3e9a10"
NIK = parse_nik("3171011708450001")


def _schema(path: str) -> str:
    ref = document()["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return ref["schema"]["$ref"].rsplit("/", 1)[1]


def _ticket(**extra) -> Ticket:
    return Ticket(ID, "A-801", DEFAULT_SERVICES[0], Lane.REGULAR, Source.BOOKING, AT, True, 801,
                  booking_code="BK-12345", booking_verified=True, **extra)  # fmt: skip


def _draft(**extra) -> TicketDraft:
    return TicketDraft(ID, DEFAULT_SERVICES[0], Lane.PRIORITY, Source.NIK, AT, False, **extra)


def _rating(ticket_number: str = "") -> Rating:
    return Rating(ID, 4, "overall", AT, True, ticket_number=ticket_number)


BODIES = {
    "ticket request, online, by NIK": ("/tickets", bodies.ticket_body(_draft(), "k1", NIK)),
    "ticket request, with a booking": (
        "/tickets",
        bodies.ticket_body(_draft(booking_code="BK-12345"), "k1", None),
    ),
    "ticket record, issued offline": (
        "/tickets",
        bodies.ticket_body(_ticket(), "k1", None, number="A-801", supersedes=ID, sequence=801),
    ),
    "check-in": ("/checkins", bodies.checkin_body(_ticket(), "k1")),
    "ratings": (
        "/ratings",
        bodies.rating_batch(
            [bodies.rating_body(_rating(), "k1", 1), bodies.rating_body(_rating("B-014"), "k1", 2)]
        ),
    ),
    "heartbeat": (
        "/heartbeat",
        bodies.heartbeat_body(
            kiosk_id="k1",
            version="0.1.0",
            uptime_s=12.5,
            now=AT,
            clock_synced=False,
            devices={"printer": FaultState("paper_out", warning=None), "scanner": None},
            backlog={"pending": 2, "inflight": 1, "parked": 0},
            guides_version=3,
        ),
    ),
    "heartbeat, the doctor's probe": (
        "/heartbeat",
        _probe(Config(kiosk=KioskConfig(id="kiosk-1"))),
    ),
}


@pytest.mark.parametrize("name", BODIES)
def test_each_body_is_what_the_contract_takes(name):
    path, body = BODIES[name]
    assert check(_schema(path), body) is body


def test_the_heartbeat_counts_in_flight_rows_as_waiting_and_a_missing_device_as_absent():
    body = BODIES["heartbeat"][1]
    assert body["backlog"] == {"pending": 3, "parked": 0}
    assert body["scanner"] == {"fault": "absent", "warning": None}
    assert body["printer"] == {"fault": "paper_out", "warning": None}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/tickets", bodies.ticket_body(_draft(), "k1", None), "service_code"),
        ("/checkins", bodies.checkin_body(_ticket(), "k1"), "booking_code"),
        ("/heartbeat", BODIES["heartbeat"][1], "clock"),
    ],
)
def test_a_body_missing_a_field_is_refused(path, body, field):
    broken = {k: v for k, v in body.items() if k != field}
    with pytest.raises(ContractViolation):
        check(_schema(path), broken)
