"""Queue tickets: a draft, the number a central or the kiosk gives it, the ticket printed.

The use case that issues them is kiosk.usecases.ticket_desk.

Save first, then act: a ticket is committed (with its number) before anything is printed, so a
printer fault can never cost a visitor their turn; the screen shows the number either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from kiosk.errors import KioskError
from layanan_rules.services import Lane, Service


class Source(StrEnum):
    NIK = "nik"
    WALK_IN = "walk_in"
    BOOKING = "booking"


class PrintFailed(KioskError, OSError):
    """The printer did not produce the ticket; ``fault`` names why in a few words."""

    def __init__(self, fault: str, detail: str = "") -> None:
        super().__init__(f"printer fault: {fault}" + (f" ({detail})" if detail else ""))
        self.fault = fault
        self.detail = detail


@dataclass(frozen=True)
class Allocation:
    """A number the central API gave, with what it knows of the queue."""

    number: str
    people_ahead: int | None = None
    estimated_wait_minutes: int | None = None


@dataclass(frozen=True)
class TicketDraft:
    """What is known before the store gives the ticket its number."""

    id: str
    service: Service
    lane: Lane
    source: Source
    issued_at: datetime
    clock_synced: bool
    nik_last4: str = ""
    booking_code: str = ""
    booking_verified: bool = False


@dataclass(frozen=True)
class Ticket:
    id: str
    number: str
    service: Service
    lane: Lane
    source: Source
    issued_at: datetime
    clock_synced: bool
    sequence: int
    nik_last4: str = field(default="", repr=False)
    booking_code: str = ""
    booking_verified: bool = False
    people_ahead: int | None = None
    estimated_wait_minutes: int | None = None

    @property
    def day(self) -> str:
        return self.issued_at.date().isoformat()
