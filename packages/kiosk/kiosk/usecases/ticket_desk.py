"""The desk that issues a visitor's ticket: numbered by the central when it answers within its
budget, else from the kiosk's own block, committed before anything is printed, then printed.
The screens call it from a worker thread (usecases/background.py), never from the UI thread."""

from __future__ import annotations

import logging

from kiosk.domain.bookings import Booking
from kiosk.domain.closures import ServiceClosed
from kiosk.domain.ids import new_id
from kiosk.domain.ports import CentralTickets, Clock, TicketPrinter, TicketStore
from kiosk.domain.tickets import Allocation, PrintFailed, Source, Ticket, TicketDraft
from layanan_rules.nik import Nik
from layanan_rules.services import Lane, ServiceCatalogue

log = logging.getLogger(__name__)


class TicketDesk:
    """Issues tickets and prints them; the UI calls it from a worker thread."""

    def __init__(
        self,
        services: ServiceCatalogue,
        store: TicketStore,
        printer: TicketPrinter,
        clock: Clock,
        central: CentralTickets | None = None,
    ) -> None:
        self.services = services
        self._store = store
        self._printer = printer
        self._clock = clock
        self._central = central

    def issue(
        self,
        service_code: str,
        lane: Lane = Lane.REGULAR,
        nik: Nik | None = None,
        booking: Booking | None = None,
    ) -> Ticket:
        """A new ticket; for a booking already checked in today, the ticket it already has."""
        service = self.services.get(service_code)
        if booking is not None:
            source = Source.BOOKING
        elif nik is not None:
            source = Source.NIK
        else:
            source = Source.WALK_IN
        draft = TicketDraft(
            id=new_id(),
            service=service,
            lane=lane,
            source=source,
            issued_at=self._clock.now(),
            clock_synced=self._clock.is_synced(),
            # Only the last four digits are kept: enough for staff to match a visitor who lost
            # the paper, too little to identify anyone (UU 27/2022).
            nik_last4=nik.last4 if nik else "",
            booking_code=booking.code if booking else "",
            booking_verified=booking.verified if booking else False,
        )
        if booking is not None:
            existing = self.booking_ticket(booking.code)
            if existing is not None:
                log.info("booking already checked in today: same number %s", existing.number)
                return existing
        if self._central is None:
            ticket = self._store.issue(draft)
        else:
            # A stop between the central's "here is your number" and the local commit would
            # leave a number the counter calls and nobody holds; this record voids it then,
            # and is released by the commit.
            guard = self._central.void_record(draft)
            self._store.hold(guard, delay_s=self._central.budget_s + 60)
            # The central numbers it if it answers within its budget; else the kiosk does, from
            # its own block, and the record follows through the outbox.
            try:
                allocation = self._central.allocate(draft, nik)
            except ServiceClosed:
                # Refused, so the central holds no number of this draft: nothing to void.
                self._store.release(guard.key)
                raise
            central = self._central
            ticket = self._store.issue(
                draft,
                allocation,
                # The store refuses an unsound central number (repeated, inside the offline
                # block, late past the void guard) and numbers the ticket itself: then the
                # records are those of a ticket numbered offline, superseding the central's.
                lambda t: central.records(t, nik, allocation if _kept(allocation, t) else None),
                release=guard.key,
            )
        if ticket.id != draft.id:
            log.info("booking already checked in today: same number %s", ticket.number)
            return ticket
        log.info(
            "ticket issued number=%s service=%s lane=%s source=%s",
            ticket.number,
            service.code,
            lane,
            source,
        )
        return ticket

    def booking_ticket(self, booking_code: str) -> Ticket | None:
        """Today's ticket for a booking already checked in: a second scan gets the same one."""
        return self._store.ticket_for_booking(self._clock.now().date().isoformat(), booking_code)

    def print(self, ticket: Ticket) -> None:
        """Print a committed ticket; raises PrintFailed after recording the fault."""
        try:
            self._printer.print_ticket(ticket)
        except PrintFailed as exc:
            self._store.record_print(ticket.id, ok=False, error=exc.fault)
            raise
        self._store.record_print(ticket.id, ok=True)


def _kept(allocation: Allocation | None, ticket: Ticket) -> bool:
    return allocation is not None and allocation.number == ticket.number
