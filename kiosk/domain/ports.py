"""The small interfaces the domain needs from the outside world.

Adapters in ``kiosk.hardware``, ``kiosk.store`` and ``kiosk.sync`` implement them; tests and the
simulation implement them too. Nothing here knows which one it gets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from kiosk.domain.bookings import Booking
from kiosk.domain.nik import Nik
from kiosk.domain.outbox import OutboxEntry
from kiosk.domain.tickets import Allocation, Ticket, TicketDraft


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in the office's time zone."""

    def is_synced(self) -> bool:
        """Whether the wall clock is known to be right (NTP); a Pi has no battery clock."""


class TicketStore(Protocol):
    def issue(
        self,
        draft: TicketDraft,
        allocation: Allocation | None = None,
        records: Callable[[Ticket], list[OutboxEntry]] | None = None,
        release: str | None = None,
    ) -> Ticket:
        """Commit the ticket under the allocated number, or the next of the kiosk's own, with
        the outbox rows ``records`` makes for it, in one transaction."""

    def hold(self, guard: OutboxEntry, delay_s: float) -> None:
        """Commit an outbox record that fires after ``delay_s`` unless ``issue`` releases it."""

    def record_print(self, ticket_id: str, ok: bool, error: str = "") -> None:
        """Remember whether the paper ticket came out."""

    def ticket_for_booking(self, day: str, booking_code: str) -> Ticket | None:
        """The ticket a booking was given on that day, if it was checked in already."""

    def tickets_on(self, day: str) -> list[Ticket]:
        """The day's tickets in issue order."""


class TicketPrinter(Protocol):
    def print_ticket(self, ticket: Ticket) -> None:
        """Print one ticket or raise :class:`kiosk.domain.tickets.PrintFailed`."""


class CentralTickets(Protocol):
    budget_s: float

    def void_record(self, draft: TicketDraft) -> OutboxEntry:
        """The record that voids the draft's number at the central if it is never committed."""

    def allocate(self, draft: TicketDraft, nik: Nik | None) -> Allocation | None:
        """The central's number within a short budget, or None (offline, slow, refused)."""

    def records(
        self, ticket: Ticket, nik: Nik | None, allocation: Allocation | None
    ) -> list[OutboxEntry]:
        """What the central still has to hear about this ticket."""


class CentralQueue(Protocol):
    def lookup_booking(self, code: str) -> Booking:
        """The booking behind a scanned code; raises BookingNotFound or CentralUnavailable."""


class Scanner(Protocol):
    def start(self) -> None:
        """Begin reading on a thread of its own; payloads go to the callback it was built with."""

    def stop(self) -> None:
        """Stop reading and release the device."""
