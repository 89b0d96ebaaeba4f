"""One visitor's way from the first touch to a ticket in hand, without any UI code.

Screens call these methods and render the state they report; the desk's slow work (SQLite,
the printer) runs on the background worker, so a touch never waits on the disk or the paper.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.domain.bookings import (
    Booking,
    BookingNotFound,
    CentralUnavailable,
    SlotPolicy,
    Timing,
    TrustingQueue,
)
from kiosk.domain.scan import NikScan, ScanRules, UnrecognisedScan, parse_scan
from kiosk.domain.tickets import PrintFailed, Ticket
from kiosk.usecases.background import Background
from kiosk.usecases.ticket_desk import TicketDesk
from layanan_rules.nik import Nik
from layanan_rules.services import Lane

# The ports are interfaces, for the type checker: a cold start does not load them.
if TYPE_CHECKING:
    from kiosk.domain.ports import CentralQueue, Clock

log = logging.getLogger(__name__)


@dataclass
class TicketCallbacks:
    issued: Callable[[Ticket], None]
    printed: Callable[[Ticket], None]
    print_failed: Callable[[Ticket, str], None]
    issue_failed: Callable[[BaseException], None]


@dataclass
class ScanCallbacks:
    unrecognised: Callable[[], None]
    nik: Callable[[Nik], None]
    booking: Callable[[Booking, Timing], None]
    not_found: Callable[[], None]
    already_checked_in: Callable[[Ticket], None]


@dataclass
class BookingRules:
    scan: ScanRules
    slots: SlotPolicy
    central: CentralQueue
    clock: Clock


class CheckInFlow:
    def __init__(
        self, desk: TicketDesk, background: Background, bookings: BookingRules | None = None
    ) -> None:
        self.desk = desk
        self._background = background
        self.bookings = bookings
        self.nik: Nik | None = None
        self.booking: Booking | None = None
        self.preselected_service: str | None = None  # chosen in a guide before the NIK
        self.lane = Lane.REGULAR
        self.busy = False

    def reset(self) -> None:
        """Forget the visitor: called on Done, on idle timeout and on Home."""
        self.nik = None
        self.booking = None
        self.preselected_service = None
        self.lane = Lane.REGULAR
        self.busy = False

    # --- scans -------------------------------------------------------------------------------
    def scanned(self, payload: bytes | UnrecognisedScan, callbacks: ScanCallbacks) -> None:
        """A code from the scanner; the payload is never logged, only why it was refused."""
        rules = self.bookings
        if self.busy or rules is None:
            log.info("scan ignored: a ticket is on its way")
            return
        try:
            if isinstance(payload, UnrecognisedScan):
                raise payload
            scan = parse_scan(payload, rules.scan)
        except UnrecognisedScan as exc:
            log.warning("scan refused: reason=%s length=%d", exc.reason, exc.length)
            callbacks.unrecognised()
            return
        if isinstance(scan, NikScan):
            self.reset()
            self.nik = scan.nik
            callbacks.nik(scan.nik)
            return
        self.busy = True

        def found(result: tuple[Ticket | None, Booking | None]) -> None:
            self.busy = False
            ticket, booking = result
            if ticket is not None:
                callbacks.already_checked_in(ticket)
                return
            assert booking is not None
            self.reset()
            self.booking = booking
            self.lane = Lane.APPOINTMENT
            callbacks.booking(booking, rules.slots.timing(booking, rules.clock.now()))

        def failed(exc: BaseException) -> None:
            self.busy = False
            if isinstance(exc, BookingNotFound):
                callbacks.not_found()
            else:
                callbacks.unrecognised()

        self._background.submit(self._look_up, scan.code, on_done=found, on_error=failed)

    def _look_up(self, code: str) -> tuple[Ticket | None, Booking | None]:
        existing = self.desk.booking_ticket(code)
        if existing is not None:
            log.info("booking scanned again today: ticket %s", existing.number)
            return existing, None
        assert self.bookings is not None
        try:
            return None, self.bookings.central.lookup_booking(code)
        except CentralUnavailable:
            # Never turn a visitor away for the network: accept unverified, reconcile later.
            log.warning("central queue unavailable: booking accepted unverified")
            return None, TrustingQueue().lookup_booking(code)

    def as_walk_in(self) -> None:
        """Early or late for the slot: queue like anyone else, without the booking."""
        self.booking = None
        self.lane = Lane.REGULAR

    def take_ticket(self, service_code: str, callbacks: TicketCallbacks) -> bool:
        """Issue then print; False if a ticket is already on its way (a double tap)."""
        if self.busy:
            return False
        self.busy = True
        nik, lane, booking = self.nik, self.lane, self.booking

        def issued(ticket: Ticket) -> None:
            # The NIK is no longer needed once the ticket exists.
            self.nik = None
            self.booking = None
            callbacks.issued(ticket)
            self._print(ticket, callbacks)

        def failed(exc: BaseException) -> None:
            self.busy = False
            callbacks.issue_failed(exc)

        self._background.submit(
            self.desk.issue, service_code, lane, nik, booking, on_done=issued, on_error=failed
        )
        return True

    def reprint(self, ticket: Ticket, callbacks: TicketCallbacks) -> None:
        """Only on the visitor's request (a tap, or the same booking scanned again): a retry
        never prints a ticket twice by itself."""
        self.busy = True
        self._print(ticket, callbacks)

    def _print(self, ticket: Ticket, callbacks: TicketCallbacks) -> None:
        def done(_: object) -> None:
            self.busy = False
            callbacks.printed(ticket)

        def failed(exc: BaseException) -> None:
            self.busy = False
            fault = exc.fault if isinstance(exc, PrintFailed) else "error"
            callbacks.print_failed(ticket, fault)

        self._background.submit(self.desk.print, ticket, on_done=done, on_error=failed)
