"""Slow work off the UI thread, with results delivered back on it.

One worker thread, so work is done in the order it was asked for: a ticket is committed before
its print starts. ``post`` hands a callable to the UI thread (``Clock.schedule_once`` in the app,
a plain call in tests).
"""

from __future__ import annotations

import logging
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
