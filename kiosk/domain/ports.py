"""The small interfaces the domain needs from the outside world.

Adapters in ``kiosk.hardware``, ``kiosk.store`` and ``kiosk.sync`` implement them; tests and the
simulation implement them too. Nothing here knows which one it gets.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from kiosk.domain.bookings import Booking
from kiosk.domain.tickets import Ticket, TicketDraft


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in the office's time zone."""

    def is_synced(self) -> bool:
        """Whether the wall clock is known to be right (NTP); a Pi has no battery clock."""


class TicketStore(Protocol):
    def issue(self, draft: TicketDraft) -> Ticket:
        """Allocate the next number of the draft's service and day and commit the ticket."""

    def record_print(self, ticket_id: str, ok: bool, error: str = "") -> None:
        """Remember whether the paper ticket came out."""

    def ticket_for_booking(self, day: str, booking_code: str) -> Ticket | None:
        """The ticket a booking was given on that day, if it was checked in already."""

    def tickets_on(self, day: str) -> list[Ticket]:
        """The day's tickets in issue order."""


class TicketPrinter(Protocol):
    def print_ticket(self, ticket: Ticket) -> None:
        """Print one ticket or raise :class:`kiosk.domain.tickets.PrintFailed`."""


class CentralQueue(Protocol):
    def lookup_booking(self, code: str) -> Booking:
        """The booking behind a scanned code; raises BookingNotFound or CentralUnavailable."""


class Scanner(Protocol):
    def start(self) -> None:
        """Begin reading on a thread of its own; payloads go to the callback it was built with."""

    def stop(self) -> None:
        """Stop reading and release the device."""
