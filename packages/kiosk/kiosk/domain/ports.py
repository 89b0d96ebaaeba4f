"""The small interfaces the domain needs from the outside world.

Adapters in ``kiosk.hardware``, ``kiosk.store`` and ``kiosk.sync`` implement them; tests and the
simulation implement them too. Nothing here knows which one it gets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from kiosk.domain.bookings import Booking
from kiosk.domain.faults import FaultLatch
from kiosk.domain.outbox import OutboxEntry
from kiosk.domain.printer_status import PrinterStatus
from kiosk.domain.ticket_layout import Block
from kiosk.domain.tickets import Allocation, Ticket, TicketDraft
from layanan_rules.nik import Nik
from layanan_rules.ratings import Press, Rating, Score


@runtime_checkable
class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in the office's time zone."""

    def is_synced(self) -> bool:
        """Whether the wall clock is known to be right (NTP); a Pi has no battery clock."""


@runtime_checkable
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

    def release(self, key: str) -> None:
        """Drop a held record that will never be needed: the central refused the number."""

    def record_print(self, ticket_id: str, ok: bool, error: str = "") -> None:
        """Remember whether the paper ticket came out."""

    def ticket_for_booking(self, day: str, booking_code: str) -> Ticket | None:
        """The ticket a booking was given on that day, if it was checked in already."""

    def tickets_on(self, day: str) -> list[Ticket]:
        """The day's tickets in issue order."""


class Paper(Protocol):
    profile: str
    width_dots: int
    columns: int


class Renderer(Protocol):
    paper: Paper


@runtime_checkable
class TicketPrinter(Protocol):
    """A ticket printer, real or simulated. Every job raises
    :class:`kiosk.domain.tickets.PrintFailed` when the paper does not come out."""

    renderer: Renderer  # what the printer lays tickets out for: its paper
    health: FaultLatch  # its last fault, for the screens, the heartbeat and the doctor
    last_output: Path | None  # where the last job went when it went to a file, else None

    def print_ticket(self, ticket: Ticket) -> None:
        """Print one ticket."""

    def print_page(self, blocks: list[Block]) -> None:
        """Print a page laid out by the domain (the test page)."""

    def print_bytes(self, data: bytes) -> None:
        """Send ESC/POS bytes as they are."""

    def status(self) -> PrinterStatus:
        """Ask the printer now; raises PrintFailed when it cannot be reached."""

    def poll(self) -> PrinterStatus | None:
        """The periodic health poll; None while a job holds the printer."""


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


@runtime_checkable
class Scanner(Protocol):
    health: FaultLatch

    def start(self) -> None:
        """Begin reading on a thread of its own; payloads go to the callback it was built with."""

    def stop(self) -> None:
        """Stop reading and release the device."""


@runtime_checkable
class RatingStore(Protocol):
    def record(
        self,
        press: Press,
        rating: Rating | None = None,
        outbox: Callable[[int], list[OutboxEntry]] | None = None,
    ) -> int:
        """Commit the press, the rating it produced (if it counted) and the outbox rows
        ``outbox`` makes from the press's sequence number, in one transaction."""

    def between(self, first: date, last: date) -> list[tuple[str, str, int]]:
        """(day, element, value) of every rating in the days from ``first`` to ``last``."""

    def press_counts(self, first: date, last: date) -> dict[str, int]:
        """How many presses of each outcome in the days from ``first`` to ``last``."""


@runtime_checkable
class Buttons(Protocol):
    """The four rating buttons and their LEDs."""

    def flash(self, score: Score, seconds: float = 1.5) -> None:
        """Light the pressed button's LED: the visitor sees the press was taken."""

    def press(self, score: Score, hold_s: float = 0.12) -> None:
        """Simulation only: press and release a button as a finger would."""

    def close(self) -> None:
        """Release the pins."""


class CentralCalls(Protocol):
    def call(
        self,
        method: str,
        path: str,
        schema: str,
        *,
        body: dict | None = None,
        key: str | None = None,
        timeout_s: float | None = None,
    ) -> Any:
        """The answer checked against the contract's ``schema``, or CentralError."""

    def close(self) -> None:
        """Release the connections."""


@runtime_checkable
class Central(CentralTickets, CentralQueue, Protocol):
    """The central queue API as the kiosk uses it."""

    kiosk_id: str
    client: CentralCalls
    link: FaultLatch  # whether the central answered last time


@runtime_checkable
class Probes(Protocol):
    """What ``kiosk doctor`` opens itself, for the configured kiosk, when no kiosk holds the
    devices; and the files and the network it reads either way."""

    def check_configuration(self) -> None:
        """Raise ConfigError for what the config file alone does not show (logo, profile)."""

    def storage_problem(self, path: Path) -> str | None:
        """Why the state directory would not survive a reboot, or None."""

    def existing(self, path: Path) -> Path:
        """``path`` or its nearest existing parent."""

    def database_health(self, path: Path) -> tuple[bool, int]:
        """(integrity ok, schema version) of the database; StoreError when it cannot open."""

    def outbox_counts(self, path: Path) -> dict[str, int]:
        """Outbox rows by state."""

    def printer(self) -> TicketPrinter:
        """The configured printer, as the kiosk builds it."""

    def open_serial(self, device: str, baudrate: int) -> None:
        """Open and close the serial port; OSError when it cannot."""

    def pressed_buttons(self, pins: Sequence[int], pull_up: bool) -> list[int]:
        """Open the pins, return those pressed now, close them."""

    def read_token(self, path: str) -> str:
        """The central's token from its file."""

    def central_client(self, url: str, token: str, ca_bundle: str) -> CentralCalls:
        """A client with a short deadline, for one probe."""

    def service_active(self) -> bool:
        """Whether systemd runs kiosk.service."""
