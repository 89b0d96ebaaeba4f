"""The slots this process found full a moment ago, so that the crowd behind the last place of a
release is answered "full" after one small read instead of the nine that work a slot out.

A slot found without a place left is remembered by the form's own words (office, service, slot
as the URL and form name them) with its capacity and whether the office closed it, for
``KEEP_S``. A request for it then reads only the slot's taken count, fresh: a place given back
(a cancel, a move) is seen at once, by every process. What is remembered (the capacity, a
closure) changes only by the supervisor: in this process that forgets everything at once
(``forget``, on any save of what a slot is made of); in another process it is seen within
``KEEP_S``. Nothing is booked from what is remembered: a place is only ever taken under the
writer, from the slot worked out again (``book._take``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from kiosk_central.booking.models import SlotTaken
from kiosk_central.booking.slots import Slot

KEEP_S = 2.0
LARGEST = 1000  # slots remembered at once; past it the oldest half goes


@dataclass(frozen=True)
class _Seen:
    service_id: int
    start: datetime
    capacity: int
    closed: bool
    until: float


_seen: dict[tuple[str, str, str], _Seen] = {}
_lock = threading.Lock()


def remember(office: str, service: str, key: str, service_id: int, slot: Slot) -> None:
    if slot.left:
        return
    until = time.monotonic() + KEEP_S
    seen = _Seen(service_id, slot.start, slot.capacity, bool(slot.closed), until)
    with _lock:
        if len(_seen) >= LARGEST:
            for old in sorted(_seen, key=lambda k: _seen[k].until)[: LARGEST // 2]:
                del _seen[old]
        _seen[(office, service, key)] = seen


def is_full(office: str, service: str, key: str) -> bool:
    """True: the slot is full now (its count read fresh). False: not known, so work it out."""
    with _lock:
        seen = _seen.get((office, service, key))
        if seen is not None and seen.until <= time.monotonic():
            del _seen[(office, service, key)]
            seen = None
    if seen is None:
        return False
    if seen.closed:
        return True
    taken = (
        SlotTaken.objects.filter(service_id=seen.service_id, start=seen.start)
        .values_list("taken", flat=True)
        .first()
    )
    return (taken or 0) >= seen.capacity


def forget(**_signal) -> None:
    with _lock:
        _seen.clear()
