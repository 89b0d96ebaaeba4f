"""What the counter shows beside a called booked number: the booking's name and the last four
digits of its NIK or passport, so the clerk matches them against the KTP in front of them (the
QR alone is not enough to be served: a resold booking shows someone else's name)."""

from __future__ import annotations

from kiosk_central.queue.models import Booking, Ticket


def holder_for(ticket: Ticket) -> dict | None:
    if ticket.lane != "appointment" or not ticket.booking_code:
        return None
    found = (
        Booking.objects.filter(office_id=ticket.office_id, code=ticket.booking_code)
        .values("code", "holder_name", "holder_masked", "holder_last4")
        .first()
    )
    if found is None:
        return None
    return {
        "code": found["code"],
        "name": found["holder_name"] or found["holder_masked"],
        "last4": found["holder_last4"],
    }
