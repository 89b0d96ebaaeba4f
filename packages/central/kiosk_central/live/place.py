"""People ahead and the estimated wait, as the API answers a kiosk: from the live snapshot
(rebuilt on every change by the bus) when nothing but this ticket happened since it was made,
so an issued ticket usually costs no replay of the day's events under the number lock."""

from __future__ import annotations

from kiosk_central.calling import queue
from kiosk_central.live.bus import bus
from kiosk_central.queue.models import Ticket, TicketEvent


def queue_ahead(ticket: Ticket) -> tuple[int, int | None]:
    snap = bus().snapshot(ticket.office_id)
    d: queue.Day = snap["_day"]
    newer = (
        TicketEvent.objects.filter(ticket__office_id=ticket.office_id, id__gt=snap["_mark"])
        .exclude(ticket_id=ticket.pk)
        .exists()
    )
    if newer or d.day != ticket.day:
        # the snapshot missed something (the poller's next round has not come yet), or it is
        # the first ticket after midnight: this answer reads the day itself
        d = queue.load(ticket.office)
    known = d.tickets.get(ticket.pk)
    if known is not None and known.ticket.state == Ticket.State.WAITING and known.ahead is not None:
        return known.ahead, known.wait
    if known is not None:  # called, done, no-show: nobody ahead any more
        return 0, 0 if known.ticket.state == Ticket.State.CALLED else None
    return queue.place_of_new(d, ticket)
