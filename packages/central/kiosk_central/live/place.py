"""People ahead and the estimated wait, as the API answers a kiosk, read after the ticket is
committed (never under the office's write lock) from the live snapshot the bus keeps.

A ticket the snapshot already holds has its place there. A ticket newer than the snapshot (a
kiosk's answer, usually) is the newest of its line: its people ahead are counted by the
calling rules (:func:`rules.ahead_of_newest`) over the snapshot's line of its service plus the
tickets issued since, and its wait is the replay's wait of a ticket joining that line when the
snapshot was made (computed once per snapshot and service), plus the service time of each
ticket that joined since, shared by the counters serving it. So an answer costs the same with
ten or a thousand people waiting: one indexed query and a few sums, however long the queue.

The snapshot must have seen every call, transfer, void or no-show committed before the answer
(a ticket issued just after a Call next would count the called visitor ahead): the answer asks
the held day which events came (:func:`snapshot.changes`, the new events only) and, where the
snapshot is behind, wakes the bus and waits for its rebuild, one rebuild for every answer
waiting, at most ``CATCH_UP_S``.
"""

from __future__ import annotations

import time

from django.utils import timezone

from kiosk_central.calling import queue
from kiosk_central.calling.rules import ahead_of_newest
from kiosk_central.live.bus import bus
from kiosk_central.live.snapshot import changes
from kiosk_central.queue.models import Booking, Ticket

CATCH_UP_S = 1.0  # a tick and a rebuild take a tenth of that; past it, the snapshot as it is


def _caught_up(office_id: int) -> dict:
    live = bus()
    snap = live.snapshot(office_id)
    _version, acted = changes(office_id)
    deadline = time.monotonic() + CATCH_UP_S
    while snap.get("_version", (0, acted))[1] < acted:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        generation = live.generation
        live.poke()
        live.wait(generation, left)
        snap = live.snapshot(office_id)
    return snap


def queue_ahead(ticket: Ticket) -> tuple[int, int | None]:
    d: queue.Day = _caught_up(ticket.office_id)["_day"]
    if d.day != ticket.day:  # the first ticket after midnight: the bus has not turned the day
        d = queue.load(ticket.office)
    known = d.tickets.get(ticket.pk)
    if known is not None and known.ticket.state == Ticket.State.WAITING and known.ahead is not None:
        return known.ahead, known.wait
    if known is not None:  # called, done, no-show: nobody ahead any more
        return 0, 0 if known.ticket.state == Ticket.State.CALLED else None
    return _newest(d, ticket)


def _group(lane: str, slot, now) -> str:
    if lane == "appointment" and slot is not None and slot <= now:
        return "booked"
    return "priority" if lane == "priority" else "regular"


def _newest(d: queue.Day, ticket: Ticket) -> tuple[int, int | None]:
    now = timezone.now()
    service = ticket.service_id
    joined = list(
        Ticket.objects.filter(
            office_id=ticket.office_id,
            day=ticket.day,
            service_id=service,
            state=Ticket.State.WAITING,
            superseded=False,
            pk__gt=d.last_ticket,
            queued_at__lte=ticket.queued_at,
        )
        .exclude(pk=ticket.pk)
        .values_list("lane", "booking_code")
    )
    codes = {c for lane, c in [*joined, (ticket.lane, ticket.booking_code)] if c}
    slots = dict(d._slots)
    if codes - slots.keys():
        missing = codes - slots.keys()
        found = Booking.objects.filter(office_id=ticket.office_id, code__in=missing)
        slots.update(found.values_list("code", "slot_start"))
    mine = _group(ticket.lane, slots.get(ticket.booking_code), now)
    if mine == "booked":  # a booked visitor in their slot: placed by slot, among few
        return queue.place_of_new(d, ticket)
    line = d.line(service)
    counts = {"booked": 0, "priority": 0, "regular": 0}
    for lane, slot in line:
        counts[_group(lane, slot, now)] += 1
    before = ahead_of_newest(mine, counts["booked"], counts["priority"], counts["regular"], d.ratio)
    for lane, code in joined:
        counts[_group(lane, slots.get(code), now)] += 1
    ahead = ahead_of_newest(mine, counts["booked"], counts["priority"], counts["regular"], d.ratio)
    waits = d.joiners_waits(service, mine)
    if not waits:
        return ahead, None  # no open counter serves it
    n = max(0, ahead - before)
    if n < len(waits):
        return ahead, round(waits[n])
    # past the replayed joiners (a rush of thousands a second): each one more is a service
    # time shared by the counters serving it
    desks = sum(1 for desk in d.desks if service in desk.services)
    later = (n - len(waits) + 1) * d.service_minutes[service] / max(1, desks)
    return ahead, round(waits[-1] + later)
