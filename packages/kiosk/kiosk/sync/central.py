"""The central queue API as the domain sees it: numbers within a budget, bookings, and the
records each ticket still owes the server."""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import quote

from kiosk.domain.bookings import Booking, BookingNotFound, CentralUnavailable
from kiosk.domain.central_bodies import checkin_body, ticket_body
from kiosk.domain.closures import ServiceClosed
from kiosk.domain.faults import FaultLatch
from kiosk.domain.outbox import OutboxEntry
from kiosk.domain.tickets import Allocation, Ticket, TicketDraft
from kiosk.sync.client import CentralClient, CentralError
from layanan_rules.nik import Nik
from layanan_rules.opening import Availability, Refusal
from layanan_rules.queue_numbers import parse_number

log = logging.getLogger(__name__)


class Central:
    """Implements CentralTickets and CentralQueue over one CentralClient."""

    def __init__(self, client: CentralClient, kiosk_id: str, budget_s: float) -> None:
        self.client = client
        self.kiosk_id = kiosk_id
        self.budget_s = budget_s
        self.link = FaultLatch("central", log)

    # --- CentralTickets ------------------------------------------------------------------------
    def void_record(self, draft: TicketDraft) -> OutboxEntry:
        return OutboxEntry("void", draft.id, {})

    def allocate(self, draft: TicketDraft, nik: Nik | None) -> Allocation | None:
        try:
            data = self.client.call(
                "POST",
                "/tickets",
                "TicketIssued",
                body=ticket_body(draft, self.kiosk_id, nik),
                key=draft.id,
                timeout_s=self.budget_s,
            )
            if parse_number(data["number"])[0] != draft.service.prefix:
                raise CentralError(
                    f"number {data['number']} is not of service {draft.service.code}"
                )
        except CentralError as exc:
            if exc.status == 409:
                # Closed or over quota by the central's own count: the visitor is told, and
                # no number of the kiosk's own stands in for the one refused.
                self.link.report(None)
                log.info("central refused a number for %s: closed", draft.service.code)
                raise ServiceClosed(
                    draft.service.code, draft.lane, Availability(Refusal.OFFICE_CLOSED)
                ) from None
            self.link.report("offline", str(exc))
            log.info("central did not number ticket in %.1f s: numbering it here", self.budget_s)
            return None
        self.link.report(None)
        return Allocation(
            data["number"], data.get("people_ahead"), data.get("estimated_wait_minutes")
        )

    def records(
        self, ticket: Ticket, nik: Nik | None, allocation: Allocation | None
    ) -> list[OutboxEntry]:
        entries = []
        if allocation is None:
            # The online attempt (key = ticket id) may have been committed with its reply lost:
            # "supersedes" lets the server void that one, so the visitor's number is the one.
            body = ticket_body(
                ticket, self.kiosk_id, nik,
                number=ticket.number, supersedes=ticket.id, sequence=ticket.sequence,
            )  # fmt: skip
            entries.append(OutboxEntry("ticket", ticket.id, body))
        if ticket.booking_code:
            entries.append(OutboxEntry("checkin", ticket.id, checkin_body(ticket, self.kiosk_id)))
        return entries

    def services(self) -> dict:
        """``GET /services``: each service's opening state and remaining quota per lane, the
        central's authoritative word; CentralError when there is no valid answer."""
        try:
            data = self.client.call("GET", "/services", "ServiceList")
        except CentralError as exc:
            self.link.report("offline", str(exc))
            raise
        self.link.report(None)
        return data

    # --- CentralQueue --------------------------------------------------------------------------
    def lookup_booking(self, code: str) -> Booking:
        try:
            data = self.client.call(
                "GET", f"/bookings/{quote(code, safe='')}", "Booking", timeout_s=self.budget_s
            )
        except CentralError as exc:
            if exc.status == 404:
                raise BookingNotFound(code) from None
            self.link.report("offline", str(exc))
            raise CentralUnavailable(str(exc)) from None
        self.link.report(None)
        if data["status"] == "cancelled":
            raise BookingNotFound(code)
        return Booking(
            # The code asked for, which the scan checked holds no NIK; never the answer's.
            code=code,
            service_code=data["service_code"],
            slot_start=_time(data.get("slot_start")),
            slot_end=_time(data.get("slot_end")),
            holder_masked=data.get("holder_masked", ""),
            verified=True,
        )


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
