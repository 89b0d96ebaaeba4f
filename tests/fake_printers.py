"""Printers that fail on cue: python-escpos devices whose ``_raw``/``_read`` follow a script,
and a printer at the far end of a pty for the connectors that open a device file."""

from __future__ import annotations

import os
import pty
import threading
import tty

from escpos.escpos import Escpos

from kiosk.domain.printer_status import DLE_EOT

HEALTHY = {1: b"\x16", 2: b"\x12", 4: b"\x12"}
PAPER_OUT = {1: b"\x1e", 2: b"\x32", 4: b"\x72"}
PAPER_NEAR_END = {1: b"\x16", 2: b"\x12", 4: b"\x1e"}
COVER_OPEN = {1: b"\x1e", 2: b"\x16", 4: b"\x12"}
SILENT = {1: b"", 2: b"", 4: b""}
GARBAGE = {1: b"\xff", 2: b"\x00", 4: b"OK"}


class ScriptedDevice(Escpos):
    """Answers status requests from ``replies``; ``fail_after`` bytes of print data it raises
    ``failure``; ``hang`` (an Event) blocks every write until it is set; ``before_print`` (a
    test's script) sees each chunk of print data before it is taken."""

    def __init__(self, replies=HEALTHY, fail_after=None, failure=None, hang=None):
        super().__init__(profile="TM-T20II")
        self.replies = dict(replies)
        self.fail_after = fail_after
        self.failure = failure
        self.hang = hang
        self.printed = bytearray()
        self.status_requests = 0
        self._asked: list[int] = []
        self.closed = False
        self.before_print = None

    def _raw(self, msg: bytes) -> None:
        if self.hang is not None:
            self.hang.wait()
        if len(msg) == 3 and msg[:2] == DLE_EOT:
            self.status_requests += 1
            self._asked.append(msg[2])
            return
        if self.before_print is not None:
            self.before_print(msg)
        if self.fail_after is not None and len(self.printed) + len(msg) > self.fail_after:
            self.printed += msg[: self.fail_after - len(self.printed)]
            raise self.failure
        self.printed += msg

    def _read(self) -> bytes:
        return self.replies[self._asked.pop(0)] if self._asked else b""

    def close(self) -> None:
        self.closed = True


class Plug:
    """The connector EscposTicketPrinter calls: hands out a fresh device per job, or raises."""

    def __init__(self, **device_args):
        self.device_args = device_args
        self.error: BaseException | None = None
        self.devices: list[ScriptedDevice] = []

    def __call__(self) -> ScriptedDevice:
        if self.error is not None:
            raise self.error
        device = ScriptedDevice(**self.device_args)
        self.devices.append(device)
        return device

    @property
    def printed(self) -> bytes:
        return b"".join(bytes(d.printed) for d in self.devices)


class PtyPrinter:
    """A printer on the master side of a pty: answers DLE EOT, collects everything else.

    ``paused`` stops it reading, so the pty's buffer fills and writes stall like a jammed
    printer's."""

    def __init__(self, replies=HEALTHY):
        self.replies = dict(replies)
        self.master, slave = pty.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave  # held open so the pty survives between jobs
        self.received = bytearray()
        self.paused = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        import select

        pending = b""
        while not self._stop.is_set():
            if self.paused.is_set():
                self._stop.wait(0.01)
                continue
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                pending += os.read(self.master, 4096)
            except OSError:
                return
            while True:
                at = pending.find(DLE_EOT)
                if at < 0 or len(pending) < at + 3:
                    keep = at if at >= 0 else len(pending) - (pending[-1:] == b"\x10")
                    self.received += pending[:keep]
                    pending = pending[keep:]
                    break
                self.received += pending[:at]
                n = pending[at + 2]
                pending = pending[at + 3 :]
                os.write(self.master, self.replies.get(n, b""))

    @property
    def printed(self) -> bytes:
        return bytes(self.received)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        os.close(self.master)
        os.close(self._slave)
