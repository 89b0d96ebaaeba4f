"""Server-Sent Events from the bus, served without a thread each.

The central runs under an ASGI server (kiosk_central.server: gunicorn's arbiter, uvicorn's
workers). A live page's request is a plain Django view, run in a thread like any other (the
office, the ticket and the first state are read there); the stream it returns is an async
iterator, so once the headers are sent the page costs a coroutine on the worker's event loop,
a socket and a few KB: no thread, no database connection. A thousand open pages are a
thousand sleeping coroutines, woken together when the bus rebuilds the office's snapshot.

Past ``max_streams()`` a page is told 503 and polls instead (the page's script does): the
bound is the process's open files, so the kiosks' sockets are never the ones refused. On
shutdown every stream ends at once (:func:`close_all`): the browsers reconnect by themselves
to the server that comes next, and stopping never waits on them.
"""

from __future__ import annotations

import asyncio
import functools
import json
import resource
import threading
import time
from collections.abc import AsyncIterator, Callable

from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse

from kiosk_central.live.bus import bus

KEEPALIVE_S = 15.0  # a comment line: proxies keep the stream, a dead client is noticed
LIFETIME_S = 600.0  # then the browser reconnects (EventSource does it by itself)
STREAMS_CAP = 4000  # per worker process, whatever the open-file limit allows
SPARE_FILES = 256  # never given to streams: the kiosks', staff's and database's sockets


def max_streams() -> int:
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(0, min(STREAMS_CAP, soft - SPARE_FILES))


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


def open_streams() -> int:
    return _open


# --- the event loop's side: woken by the bus's thread, closed by the server ----------------
class _Loop:
    """What the streams of one event loop wait on: ``changed`` is set (and replaced) at each
    rebuild of the bus, ``closing`` once when the server stops."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.changed = asyncio.Event()
        self.closing = asyncio.Event()

    def bump(self) -> None:  # on the loop
        self.changed.set()
        self.changed = asyncio.Event()


_loops: dict[asyncio.AbstractEventLoop, _Loop] = {}
_loops_lock = threading.Lock()


def _here() -> _Loop:
    loop = asyncio.get_running_loop()
    with _loops_lock:
        here = _loops.get(loop)
        if here is None:
            here = _loops[loop] = _Loop(loop)
            bus().listeners.append(lambda: loop.call_soon_threadsafe(here.bump))
        return here


def close_all() -> None:
    """End every open stream now (any thread, a signal handler too)."""
    with _loops_lock:
        for here in _loops.values():
            here.loop.call_soon_threadsafe(here.closing.set)


async def _next_change(here: _Loop, generation: int, timeout: float) -> int:
    the_bus = bus()
    changed = here.changed
    if the_bus.generation == generation and not here.closing.is_set():
        waits = [asyncio.ensure_future(changed.wait()), asyncio.ensure_future(here.closing.wait())]
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()
    return the_bus.generation


def _release_thread() -> None:
    """Django's ASGI handler gives each request a thread for its sync code and keeps it until
    the response ends: for a stream, all day. The stream's body runs on the event loop and
    needs it no more: let it go now (a last sync call, the response's close, gets a new one
    for an instant). asgiref keeps the thread per request context in this mapping."""
    from asgiref.sync import SyncToAsync

    context = SyncToAsync.thread_sensitive_context.get(None)
    executor = SyncToAsync.context_to_thread_executor.pop(context, None) if context else None
    if executor is not None:
        executor.shutdown(wait=False)


def streams(view):
    """Marks ``view`` as a live page's stream: the server sends it to Django's ASGI handler
    (kiosk_central.project.asgi), every other request to the pool of threads. Outermost, so the
    server sees the mark. A request that ends without a stream (an unknown ticket, a signed-out
    clerk) lets its database connection go as it ends: its thread is its own, not the pool's."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        finally:
            connection.close()

    wrapped.streams = True
    return wrapped


def sse(office_id: int, render: Callable[[dict], dict | None]) -> HttpResponse:
    """A stream of ``render(snapshot)`` each time it changes (None ends the stream)."""
    if not _take_slot():
        return HttpResponse(
            "too many live pages: poll instead", status=503, headers={"Retry-After": "10"}
        )
    try:
        the_bus = bus()
        first = render(the_bus.snapshot(office_id))
    except BaseException:
        _give_slot()
        raise

    async def events() -> AsyncIterator[bytes]:
        try:
            here = _here()
            _release_thread()
            yield b"retry: 2000\n\n"
            last = None
            payload = first
            generation = the_bus.generation
            ends = time.monotonic() + LIFETIME_S
            while time.monotonic() < ends and not here.closing.is_set():
                if payload is None:
                    return
                if payload != last:
                    yield b"event: state\ndata: " + json.dumps(payload).encode() + b"\n\n"
                    last = payload
                else:
                    yield b"event: ping\ndata: {}\n\n"  # the page's watchdog sees it
                new = await _next_change(here, generation, KEEPALIVE_S)
                if new != generation:
                    generation = new
                    payload = render(the_bus.snapshots.get(office_id) or {})
        finally:
            _give_slot()

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx in front: do not buffer the stream
    return response
