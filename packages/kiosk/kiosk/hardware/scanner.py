"""QR scanners in serial mode (USB CDC ``/dev/ttyACM*`` or RS-232), read on a thread of their own.

Why not keyboard-wedge (HID) mode: a scanner that types is a keyboard, and a QR code can hold
any keystrokes, including the ones that leave a kiosk. In serial mode a code is only ever data.
Most scanners switch to "USB COM port emulation" / "USB CDC" by scanning a setup code from
their manual.

The reader survives unplugging: a read error closes the port, the fault is logged once, and the
port is reopened every ``retry_s`` until the device (by its stable udev name) is back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pty
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path

import serial

from kiosk.domain.faults import FaultLatch
from kiosk.domain.scan import ScanFramer, UnrecognisedScan

log = logging.getLogger(__name__)

OnScan = Callable[[bytes | UnrecognisedScan], None]
STOP_DEADLINE_S = 2.0  # a reader stuck in a driver is a daemon thread: left behind, not waited on


class SerialScanner:
    """Frames lines from a serial port and hands each to ``on_scan`` (on the reader thread).

    ``on_scan`` gets the payload's bytes, or an :class:`UnrecognisedScan` for a line that was
    too long or never terminated; it must return quickly (post to the UI and go).
    ``opener`` is pyserial's ``serial_for_url``, so ``loop://`` and ``socket://`` work too.
    """

    def __init__(
        self,
        device: str,
        on_scan: OnScan,
        *,
        baudrate: int = 9600,
        terminator: str = "auto",
        max_length: int = 512,
        read_timeout_s: float = 0.2,
        frame_timeout_s: float = 1.0,
        retry_s: float = 2.0,
        opener: Callable[..., serial.SerialBase] = serial.serial_for_url,
    ) -> None:
        self.device = device
        self._on_scan = on_scan
        self._baudrate = baudrate
        self._framer = ScanFramer(terminator, max_length)
        self._read_timeout = read_timeout_s
        self._frame_timeout = frame_timeout_s
        self._retry = retry_s
        self._opener = opener
        self.health = FaultLatch("scanner", log)
        self.port: serial.SerialBase | None = None
        self._opened = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scanner", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def open(self) -> bool:
        """Open the port before the reader starts: pyserial empties a port's buffer as it opens
        it, so what is scanned from here on waits in the kernel until the reader reads it. A
        port that cannot be opened is reported; the reader keeps trying once started."""
        return self.port is not None or self._open()

    def stop(self) -> None:
        """Stop reading and close the port; also for a reader never started."""
        self._stop.set()
        port = self.port
        if port is not None and hasattr(port, "cancel_read"):
            # Wakes a read waiting out its timeout now; a read that starts after this still
            # sees the cancel (pyserial keeps it in a pipe), so the join below is short.
            with contextlib.suppress(Exception):
                port.cancel_read()
        if self._thread.ident is not None:
            self._thread.join(STOP_DEADLINE_S)
        self._close()

    def wait_open(self, timeout: float) -> bool:
        return self._opened.wait(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.port is None and not self._open():
                self._stop.wait(self._retry)
                continue
            try:
                self._read_once()
            except (serial.SerialException, OSError) as exc:
                self.health.report("unplugged", exc.__class__.__name__)
                self._close()
            except Exception:  # the reader must outlive any bug in a callback
                log.exception("scanner reader error")

    def _open(self) -> bool:
        try:
            self.port = self._opener(
                self.device, baudrate=self._baudrate, timeout=self._read_timeout
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            self.health.report("missing", exc.__class__.__name__)
            return False
        self._framer.discard()
        self._last_byte = time.monotonic()
        self.health.report(None)
        self._opened.set()
        return True

    def _read_once(self) -> None:
        port = self.port
        assert port is not None
        chunk = port.read(max(1, min(port.in_waiting, 4096)))
        now = time.monotonic()
        if not chunk:
            # A scanner that stops mid-code (unplugged, or a code without terminator) must not
            # glue its leftovers onto the next visitor's scan.
            if self._framer.pending and now - self._last_byte > self._frame_timeout:
                dropped = self._framer.discard()
                self._on_scan(UnrecognisedScan("unterminated", dropped))
            return
        self._last_byte = now
        for payload in self._framer.feed(chunk):
            self._on_scan(payload)

    def _close(self) -> None:
        port, self.port = self.port, None
        self._opened.clear()
        if port is not None:
            try:
                port.close()
            except Exception:  # closing a vanished port can fail; it is gone either way
                log.debug("scanner close failed", exc_info=True)

    def __repr__(self) -> str:
        return f"<SerialScanner {self.device} open={self.port is not None} {self.health!r}>"


class SimulatedScanner:
    """The demo's scanner: a real pty read by the real :class:`SerialScanner`, fed from a FIFO.

    Type codes into it from any terminal: ``cat > <state_dir>/scanner.fifo``, one code a line,
    or ``echo MP-2026-00042 > <state_dir>/scanner.fifo``.
    """

    def __init__(self, fifo: Path, on_scan: OnScan, **reader_args) -> None:
        self.master, self._slave = pty.openpty()
        tty.setraw(self._slave)  # bytes through unchanged, as a USB CDC port gives them
        self.fifo = fifo
        self.reader = SerialScanner(os.ttyname(self._slave), on_scan, **reader_args)
        self.health = self.reader.health
        self._feeder = threading.Thread(target=self._feed, name="scanner-sim", daemon=True)
        self._stopping = threading.Event()

    def start(self) -> None:
        self.reader.start()
        try:
            if not self.fifo.is_fifo():
                self.fifo.unlink(missing_ok=True)
                os.mkfifo(self.fifo, 0o600)
        except OSError as exc:
            log.warning("simulated scanner: no FIFO at %s (%s)", self.fifo, exc.strerror)
            return
        self._feeder.start()
        log.info("simulated scanner: write codes into %s", self.fifo)

    def open(self) -> bool:
        return self.reader.open()

    def scan(self, data: bytes) -> None:
        """What a scanner does when a code is held under it (tests, demos)."""
        os.write(self.master, data)

    def _feed(self) -> None:
        # O_RDWR: the FIFO never reports end-of-file when a writer closes it.
        fd = os.open(self.fifo, os.O_RDWR)
        try:
            while True:
                chunk = os.read(fd, 4096)
                if not chunk or self._stopping.is_set():
                    return
                # A terminal sends LF; a scanner typically CR LF. Both are framed the same way.
                self.scan(chunk)
        finally:
            os.close(fd)

    def stop(self) -> None:
        self._stopping.set()
        if self._feeder.is_alive():
            # Wake the feeder from its read: it sees the flag and ends.
            with contextlib.suppress(OSError):
                wake = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
                os.write(wake, b"\n")
                os.close(wake)
            self._feeder.join(2)
        self.reader.stop()
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
