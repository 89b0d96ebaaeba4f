"""The complaint address the kiosk shows now: the office's own (config), else the one the central
last named in its heartbeat, remembered across a restart without network.

The heartbeat's thread hands in what the central said; the screens learn of a change through
``listener`` (the app posts it to the UI thread). A central that names no address any more (its
public pages switched off) takes its address away; one that names something the kiosk must not
show (see ``kiosk.domain.complaint_link``) is ignored, and the last good one stays.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kiosk.domain.complaint_link import url_problem

log = logging.getLogger(__name__)


class ComplaintLink:
    def __init__(
        self,
        configured: str = "",
        remembered: str | None = None,
        keep: Callable[[str], None] | None = None,
    ) -> None:
        self.configured = configured  # checked by the config already
        # The store is ours, but a value checked by an older version is checked again.
        self._heard = remembered if remembered and not url_problem(remembered) else ""
        self._keep = keep
        self._refused: object = None  # the last bad value, said once rather than every beat
        self._lock = threading.Lock()
        self.listener: Callable[[str], None] | None = None

    @property
    def url(self) -> str:
        """Empty when there is none: nothing is shown, nothing printed."""
        return self.configured or self._heard

    def heard(self, value: object) -> None:
        """The heartbeat reply's ``complaint_url`` (absent or null: the central has none)."""
        value = "" if value is None else value
        problem = url_problem(value) if value != "" else ""
        with self._lock:
            if problem:
                if value != self._refused:
                    self._refused = value
                    log.warning("heartbeat: complaint_url ignored: %s", problem)
                return
            self._refused = None
            if value == self._heard:
                return
            before, self._heard = self.url, value
            if self._keep is not None:
                self._keep(value)
            now = self.url
        log.info("complaint address from the central: %s", "set" if value else "none")
        if now != before and self.listener is not None:
            self.listener(now)
