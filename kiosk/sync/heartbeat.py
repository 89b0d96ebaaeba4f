"""The kiosk's heartbeat: its health to the central, the central's time and versions back.

Sent directly rather than through the outbox: a heartbeat is a snapshot whose only worth is
being current, and a week of stale ones replayed after an outage would tell nobody anything.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk import __version__
from kiosk.domain.faults import FaultLatch
from kiosk.domain.ports import Clock
from kiosk.store.outbox import Outbox
from kiosk.sync.central import Central
from kiosk.sync.client import CentralError

log = logging.getLogger(__name__)

SKEW_LIMIT_S = 60.0
DEADLINE_S = 10.0  # the whole request: a late heartbeat is worth nothing anyway


class Heartbeat:
    def __init__(
        self,
        central: Central,
        clock: Clock,
        outbox: Outbox,
        devices: dict[str, FaultLatch],
        on_reply: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.central = central
        self.clock = clock
        self.outbox = outbox
        self.devices = devices
        self.on_reply = on_reply
        self.started = time.monotonic()
        self.skew_s: float | None = None
        self.clock_health = FaultLatch("clock", log)
        self.guides_version = 0
        self.now_serving = ""  # the ticket last called at a counter, as the central says
        self.deadline_s = DEADLINE_S

    def body(self) -> dict[str, Any]:
        counts = self.outbox.counts()

        def device(name: str) -> dict[str, str | None]:
            latch = self.devices.get(name)
            state = latch.state if latch else None
            if state is None:
                return {"fault": "absent", "warning": None}
            return {"fault": state.fault, "warning": state.warning}

        return {
            "kiosk_id": self.central.kiosk_id,
            "version": __version__,
            "uptime_s": round(time.monotonic() - self.started, 1),
            "clock": {"now": self.clock.now().isoformat(), "synced": self.clock.is_synced()},
            "printer": device("printer"),
            "scanner": device("scanner"),
            "backlog": {
                "pending": counts["pending"] + counts["inflight"],
                "parked": counts["parked"],
            },
            "guides_version": self.guides_version,
        }

    def beat(self) -> None:
        try:
            reply = self.central.client.call(
                "POST", "/heartbeat", "HeartbeatReply", body=self.body(), timeout_s=self.deadline_s
            )
        except CentralError as exc:
            self.central.link.report("offline", str(exc))
            return
        self.central.link.report(None)
        server = datetime.fromisoformat(reply["server_time"])
        self.skew_s = (server - self.clock.now()).total_seconds()
        # A Pi without network time starts in the past; its records say so (clock_synced).
        fault = "skewed" if abs(self.skew_s) > SKEW_LIMIT_S else None
        self.clock_health.report(fault, f"{self.skew_s:+.0f} s against the central")
        self.now_serving = reply.get("now_serving") or ""
        if self.on_reply is not None:
            self.on_reply(reply)
