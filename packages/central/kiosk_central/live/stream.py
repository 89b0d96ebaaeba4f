"""Server-Sent Events from the bus, and the limit on how many a process holds at once.

gunicorn's gthread worker gives each open stream a thread of its own for as long as the page
is open (the thread sleeps on the bus's condition, holding no database connection). The
server's thread pool is sized for 20 displays and 200 status pages plus the kiosks' requests
(README, "Central": ``threads``); past ``max_streams`` a page is told 503 and polls instead,
so the streams can never take the threads the kiosks need.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse

from kiosk_central.live.bus import bus

KEEPALIVE_S = 15.0  # a comment line: proxies keep the stream, a dead client is noticed
LIFETIME_S = 600.0  # then the browser reconnects (EventSource does it by itself)
RESERVED_THREADS = 16  # never given to streams: the kiosks' and the staff's requests


def max_streams() -> int:
    return max(0, settings.CONFIG.threads - RESERVED_THREADS)


_slots_lock = threading.Lock()
_open = 0


def _take_slot() -> bool:
    global _open
    with _slots_lock:
        if _open >= max_streams():
            return False
        _open += 1
        return True


def _give_slot() -> None:
    global _open
    with _slots_lock:
        _open -= 1


def sse(office_id: int, render: Callable[[dict], dict | None]) -> HttpResponse:
    """A stream of ``render(snapshot)`` each time it changes (None ends the stream)."""
    if not _take_slot():
        return HttpResponse(
            "too many live pages: poll instead", status=503, headers={"Retry-After": "10"}
        )
    the_bus = bus()
    first = render(the_bus.snapshot(office_id))
    connection.close()  # nothing below touches the database: do not hold a connection

    def events() -> Iterator[bytes]:
        try:
            yield b"retry: 2000\n\n"
            last = None
            payload = first
            generation = the_bus.generation
            ends = time.monotonic() + LIFETIME_S
            while time.monotonic() < ends:
                if payload is None:
                    return
                if payload != last:
                    yield b"event: state\ndata: " + json.dumps(payload).encode() + b"\n\n"
                    last = payload
                else:
                    yield b"event: ping\ndata: {}\n\n"  # the page's watchdog sees it
                new = the_bus.wait(generation, KEEPALIVE_S)
                if new != generation:
                    generation = new
                    payload = render(the_bus.snapshots.get(office_id) or {})
        finally:
            _give_slot()

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx in front: do not buffer the stream
    return response
