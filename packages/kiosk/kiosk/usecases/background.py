"""Slow work off the UI thread, with results delivered back on it.

One worker thread, so work is done in the order it was asked for: a ticket is committed before
its print starts. ``post`` hands a callable to the UI thread (``Clock.schedule_once`` in the app,
a plain call in tests).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

Post = Callable[[Callable[[], None]], None]


class Background:
    def __init__(self, post: Post, name: str = "kiosk-io") -> None:
        self._post = post
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future:
        def run() -> Any:
            try:
                result = fn(*args)
            except Exception as exc:
                log.warning("background task %s failed: %s", _name(fn), exc)
                if on_error is not None:
                    self._post(lambda error=exc: on_error(error))
                raise
            if on_done is not None:
                self._post(lambda: on_done(result))
            return result

        return self._pool.submit(run)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


def _name(fn: Callable) -> str:
    return getattr(fn, "__qualname__", repr(fn))


class Periodic:
    """Calls ``fn`` every ``interval_s`` on a daemon thread until stopped; for health polls.

    ``fn`` reports what it finds itself (to a FaultLatch); an exception here is only logged, at
    debug level, because the latch has already said it once.
    """

    def __init__(self, name: str, fn: Callable[[], Any], interval_s: float) -> None:
        self.name = name
        self._fn = fn
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    @property
    def fn(self) -> Callable[[], Any]:
        return self._fn

    def start(self) -> Periodic:
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._fn()
            except Exception as exc:
                log.debug("%s: %s", self.name, exc)
            self._stop.wait(self._interval)
