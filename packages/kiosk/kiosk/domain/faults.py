"""Faults of a device or a link, logged once when they start and once when they clear.

A printer out of paper is polled every few seconds and a dead network is retried for hours;
logging each attempt would bury the one line a technician needs. Every adapter reports what it
sees on each attempt to a :class:`FaultLatch`, which speaks only on a change.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class FaultState:
    fault: str | None  # None: healthy
    detail: str = ""
    since: float = 0.0  # time.monotonic() of the change
    warning: str | None = None  # not a fault yet, worth a look (e.g. paper near its end)

    @property
    def ok(self) -> bool:
        return self.fault is None


class FaultLatch:
    """Thread-safe; ``report`` is called by worker threads, ``state`` read by anyone.

    >>> latch = FaultLatch("printer", logging.getLogger("doc"))
    >>> latch.report("paper_out"), latch.report("paper_out"), latch.report(None)
    (True, False, True)
    """

    def __init__(self, name: str, log: logging.Logger) -> None:
        self.name = name
        self._log = log
        self._lock = threading.Lock()
        self._state = FaultState(None, since=time.monotonic())

    @property
    def state(self) -> FaultState:
        return self._state

    def report(self, fault: str | None, detail: str = "", warning: str | None = None) -> bool:
        """Record what the last attempt saw; True (and one log line) if that is a change."""
        with self._lock:
            old = self._state
            if old.fault == fault and old.warning == warning:
                return False
            self._state = FaultState(fault, detail, time.monotonic(), warning)
        if fault != old.fault:
            if fault is None:
                self._log.warning("%s fault cleared (was %s)", self.name, old.fault)
            elif old.fault is None:
                self._log.error("%s fault: %s%s", self.name, fault, f" ({detail})" * bool(detail))
            else:
                self._log.error("%s fault changed: %s -> %s", self.name, old.fault, fault)
        if warning != old.warning:
            if warning:
                self._log.warning("%s warning: %s", self.name, warning)
            else:
                self._log.info("%s warning cleared (was %s)", self.name, old.warning)
        return True

    def __repr__(self) -> str:
        s = self._state
        return f"<FaultLatch {self.name} fault={s.fault} warning={s.warning}>"
