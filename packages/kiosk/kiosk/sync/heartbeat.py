"""The kiosk's heartbeat: its health to the central, the central's time and versions back.

Sent directly rather than through the outbox: a heartbeat is a snapshot whose only worth is
being current, and a week of stale ones replayed after an outage would tell nobody anything.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from kiosk import __version__
from kiosk.domain.central_bodies import heartbeat_body
from kiosk.domain.faults import FaultLatch
from kiosk.domain.ports import Clock
from kiosk.store.outbox import Outbox
from kiosk.sync.central import Central
from kiosk.sync.client import CentralError
from kiosk.sync.resync import Resync

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
        resync: Resync | None = None,
    ) -> None:
        self.central = central
        self.clock = clock
        self.outbox = outbox
        self.devices = devices
        self.on_reply = on_reply
        self.resync = resync
        self.started = time.monotonic()
        self.skew_s: float | None = None
        self.clock_health = FaultLatch("clock", log)
        self.guides_version = 0
        self.now_serving = ""  # the ticket last called at a counter, as the central says
        # The central's public status page of a ticket ("{id}" in it), for the ticket's QR.
        self.status_url_template = ""
        # Told the reply's complaint_url as it came (ComplaintLink.heard checks it).
        self.complaint_url_heard: Callable[[object], None] | None = None
        self.deadline_s = DEADLINE_S

    def body(self) -> dict[str, Any]:
        return heartbeat_body(
            kiosk_id=self.central.kiosk_id,
            version=__version__,
            uptime_s=round(time.monotonic() - self.started, 1),
            now=self.clock.now(),
            clock_synced=self.clock.is_synced(),
            devices={name: latch.state for name, latch in self.devices.items()},
            backlog=self.outbox.counts(),
            guides_version=self.guides_version,
            generation=self.resync.reported() if self.resync else None,
        )

    def lend_status_url(self, printer: object) -> None:
        """The printer's tickets carry the central's status page as their QR (the office's own
        ``ticket.status_url`` overriding it), as of the latest heartbeat reply."""
        renderer = getattr(printer, "renderer", None)  # a scripted test printer has none
        if renderer is not None:
            renderer.header = dataclasses.replace(
                renderer.header, central_status_url=lambda: self.status_url_template
            )

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
        self.status_url_template = status_url_template(reply.get("status_url_template"))
        if self.complaint_url_heard is not None:
            self.complaint_url_heard(reply.get("complaint_url"))
        if self.resync is not None:
            self.resync.heard(reply.get("generation"))
        if self.on_reply is not None:
            self.on_reply(reply)


def status_url_template(value: object) -> str:
    """The heartbeat's status URL template if it is one the kiosk may print as a QR: an
    http(s) address of printable characters, short enough for a ticket's QR, with ``{id}``;
    else "" (and one log line): the central is a peer, and a QR is read by a visitor's phone."""
    if value is None or value == "":
        return ""
    ok = (
        isinstance(value, str)
        and len(value) <= 200
        and value.startswith(("https://", "http://"))
        and "{id}" in value
        and all(c.isprintable() and not c.isspace() for c in value)
    )
    if not ok:
        log.warning("heartbeat: status_url_template ignored: not an http(s) URL with {id}")
        return ""
    return value
