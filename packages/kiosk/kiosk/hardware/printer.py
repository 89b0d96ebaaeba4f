"""Ticket printers: ESC/POS devices chosen by config, and a simulated one for demos and tests.

Like python-escpos itself, the connector is picked by ``printer.type``; everything above the
connector (layout, rendering, the PNG preview) is shared, so the simulation prints exactly what
a real printer would.
"""

from __future__ import annotations

import errno
import functools
import importlib.util
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PIL import Image

from kiosk.domain.faults import FaultLatch
from kiosk.domain.printer_status import (
    DLE_EOT,
    REQUESTS,
    PrinterFault,
    PrinterStatus,
    StatusUnreadable,
    decode_status,
)
from kiosk.domain.ticket_layout import Block, TicketHeader, ticket_blocks
from kiosk.domain.tickets import PrintFailed, Ticket
from kiosk.hardware.connectors import library_fault
from kiosk.hardware.escpos_render import render_escpos

if TYPE_CHECKING:
    from escpos.escpos import Escpos


log = logging.getLogger(__name__)
T = TypeVar("T")

# Paper geometry when a profile does not state it (font A: 12 dots a character).
PAPER = {58: (384, 32), 80: (576, 48)}


@dataclass(frozen=True)
class PaperFormat:
    profile: str
    width_dots: int
    columns: int

    @classmethod
    def from_profile(cls, profile_name: str, paper_mm: int) -> PaperFormat:
        data = profile_data(profile_name)
        dots, columns = PAPER[paper_mm]
        pixels = data.get("media", {}).get("width", {}).get("pixels")
        if isinstance(pixels, int) and pixels in (384, 576):
            dots = pixels
            columns = int(data["fonts"]["0"]["columns"])
        return cls(profile_name, dots, columns)


@functools.cache
def _profiles() -> dict:
    # python-escpos's own capability file, read as the JSON it is. Importing
    # escpos.capabilities parses it with PyYAML (0.6 s here, seconds on a Pi) or unpickles a
    # cache: the largest single cost of a cold start, for two numbers. The library itself is
    # loaded on the first ticket, or by warm_up() just after the first frame.
    path = os.environ.get("ESCPOS_CAPABILITIES_FILE")
    if not path:
        spec = importlib.util.find_spec("escpos")  # finds the package without importing it
        assert spec is not None and spec.origin is not None
        path = os.path.join(os.path.dirname(spec.origin), "capabilities.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)["profiles"]


def profile_data(name: str) -> dict:
    """A python-escpos profile's capabilities (KeyError for an unknown name), as
    ``escpos.capabilities.get_profile(name).profile_data`` gives them."""
    return _profiles()[name]


def warm_up(renderer: TicketRenderer | None = None) -> None:
    """Load the rendering libraries (python-escpos, its profile database, qrcode) and prepare
    the renderer's logo on a worker thread after the first frame, so the first ticket does not
    pay for them."""
    import escpos.printer  # noqa: F401
    from escpos.capabilities import get_profile

    from kiosk.hardware import ticket_preview  # noqa: F401

    get_profile("default")
    if renderer is not None:
        renderer.logo  # noqa: B018 -- the cached property does the work


def prepare_logo(path: Path, width_dots: int) -> Image.Image:
    """Once at start: the logo as black and white, at most half the paper wide."""
    img = Image.open(path)
    img.load()
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, "white")
        img = Image.alpha_composite(background, img)
    img = img.convert("L")
    img.thumbnail((width_dots // 2, 120))
    return img.point(lambda v: 0 if v < 160 else 255, mode="1")


class TicketRenderer:
    """Turns a ticket into blocks, ESC/POS bytes and a preview for one paper format."""

    def __init__(
        self,
        header: TicketHeader,
        paper: PaperFormat,
        logo: Image.Image | Path | None = None,
        qr_mode: str = "auto",
    ) -> None:
        self.header = header
        self.paper = paper
        self._logo = logo
        self.qr_mode = qr_mode

    @functools.cached_property
    def logo(self) -> Image.Image | None:
        # A logo file is prepared for the paper on first use, or by warm_up() on the printing
        # thread: the kiosk's start does not wait for Pillow's resampling.
        if isinstance(self._logo, Path):
            return prepare_logo(self._logo, self.paper.width_dots)
        return self._logo

    def blocks(self, ticket: Ticket) -> list[Block]:
        return ticket_blocks(ticket, self.header, self.paper.columns)

    def to_escpos(self, printer: Escpos, blocks: list[Block]) -> None:
        render_escpos(printer, blocks, self.paper.columns, self.logo, self.qr_mode)

    def escpos_bytes(self, ticket_or_blocks: Ticket | list[Block]) -> bytes:
        from escpos.printer import Dummy

        dummy = Dummy(profile=self.paper.profile)
        self.to_escpos(dummy, self._blocks(ticket_or_blocks))
        return dummy.output

    def preview(self, ticket_or_blocks: Ticket | list[Block]) -> Image.Image:
        from kiosk.hardware.ticket_preview import render_preview

        blocks = self._blocks(ticket_or_blocks)
        return render_preview(blocks, self.paper.width_dots, self.logo)

    def _blocks(self, ticket_or_blocks: Ticket | list[Block]) -> list[Block]:
        if isinstance(ticket_or_blocks, Ticket):
            return self.blocks(ticket_or_blocks)
        return ticket_or_blocks


class EscposTicketPrinter:
    """A real ESC/POS printer behind one of python-escpos's connectors.

    Each job opens the device, checks its status, writes, checks again and closes, so a printer
    that was unplugged, switched off or refilled is simply found again by the next job or the
    next status poll: reconnecting needs no code of its own. Every job runs on a thread of its
    own with a deadline, because a write stuck in a driver must not take the kiosk with it.
    Nothing here retries a print: only the visitor asks for a second copy.
    """

    CHUNK = 512  # bytes a write; a stall is noticed within one chunk's timeout

    def __init__(
        self,
        renderer: TicketRenderer,
        connect: Callable[[], Escpos],
        *,
        timeout_s: float = 5.0,
        check_status: bool = True,
        health: FaultLatch | None = None,
    ) -> None:
        self.renderer = renderer
        self._connect = connect
        self.timeout_s = timeout_s
        self.check_status = check_status
        self.health = health or FaultLatch("printer", log)
        self._lock = threading.Lock()
        self._stuck: threading.Thread | None = None
        self.last_status: PrinterStatus | None = None
        self.last_output: Path | None = None  # paper, not a file

    def print_ticket(self, ticket: Ticket) -> None:
        self.print_bytes(self.renderer.escpos_bytes(ticket))

    def print_page(self, blocks: list[Block]) -> None:
        self.print_bytes(self.renderer.escpos_bytes(blocks))

    def print_bytes(self, data: bytes) -> None:
        # The deadline grows with the job: a raster ticket over 9600 baud takes seconds.
        steps = len(data) // self.CHUNK + 1 + 2 * len(REQUESTS) + 2
        self._run(lambda device: self._print(device, data), deadline=self.timeout_s * steps)

    def status(self) -> PrinterStatus:
        """Ask the printer; raises PrintFailed when it cannot be reached or does not answer."""
        return self._run(self._read_status, deadline=self.timeout_s * 5)

    def poll(self) -> PrinterStatus | None:
        """The periodic health poll: None, and the health left as it is, while a job holds the
        printer. That job reports what it finds; a poll queued behind it would only be late."""
        return self._run(self._read_status, deadline=self.timeout_s * 5, skip_if_busy=True)

    def _print(self, device: Escpos, data: bytes) -> None:
        if self.check_status:
            self._fail_on_fault(self._read_status(device), "before printing")
        for start in range(0, len(data), self.CHUNK):
            device._raw(data[start : start + self.CHUNK])
        if self.check_status:
            # Paper can run out, or power fail, half way down the ticket.
            self._fail_on_fault(self._read_status(device), "after printing")

    @staticmethod
    def _fail_on_fault(status: PrinterStatus, when: str) -> None:
        if status.fault is not None:
            raise PrintFailed(status.fault, when)

    def _read_status(self, device: Escpos) -> PrinterStatus:
        replies = {}
        for n in REQUESTS:
            device._raw(DLE_EOT + bytes([n]))
            try:
                replies[n] = device._read()  # each device class reads within its timeout
            except Exception as exc:  # a read timeout is an unanswered request
                if classify(exc) not in (PrinterFault.TIMEOUT, PrinterFault.IO):
                    raise
                replies[n] = b""
        try:
            status = decode_status(replies)
        except StatusUnreadable as exc:
            raise PrintFailed(PrinterFault.NO_REPLY, str(exc)) from exc
        self.last_status = status
        return status

    def _run(self, job: Callable[[Escpos], T], deadline: float, skip_if_busy: bool = False):
        # A job waits its turn for the printer outside its own deadline: the job ahead has a
        # deadline of its own, so the wait is bounded, and a healthy long print never makes
        # the job behind it look like a fault. The deadline starts when this job's work does.
        if not self._lock.acquire(blocking=not skip_if_busy):
            return None
        try:
            return self._run_holding_lock(job, deadline)
        finally:
            self._lock.release()

    def _run_holding_lock(self, job: Callable[[Escpos], T], deadline: float) -> T:
        stuck = self._stuck
        if stuck is not None and stuck.is_alive():
            failure = PrintFailed(PrinterFault.BUSY, "an earlier job is still stuck in the driver")
            self._report(failure)
            raise failure
        outcome: dict[str, object] = {}

        def work() -> None:
            try:
                outcome["value"] = self._session(job)
            except BaseException as exc:
                outcome["error"] = exc

        thread = threading.Thread(target=work, name="printer-job", daemon=True)
        thread.start()
        thread.join(deadline)
        if thread.is_alive():
            self._stuck = thread
            failure = PrintFailed(PrinterFault.TIMEOUT, f"no progress in {deadline:.0f} s")
            self._report(failure)
            raise failure
        error = outcome.get("error")
        if isinstance(error, PrintFailed):
            self._report(error)
            raise error
        if error is not None:
            raise error  # a programming error, not a printer fault: let it be seen
        self._report(None)
        return outcome["value"]  # type: ignore[return-value]

    def _session(self, job: Callable[[Escpos], T]) -> T:
        self.last_status = None
        try:
            device = self._connect()
        except Exception as exc:
            raise PrintFailed(classify(exc), _detail(exc)) from exc
        try:
            return job(device)
        except PrintFailed:
            raise
        except Exception as exc:
            raise PrintFailed(classify(exc), _detail(exc)) from exc
        finally:
            _close_quietly(device)

    def _report(self, failure: PrintFailed | None) -> None:
        if failure is None:
            # A status poll succeeds even when the status it read is "paper out".
            status = self.last_status
            fault = status.fault if status else None
            self.health.report(fault, warning=status.warning if status else None)
        else:
            self.health.report(failure.fault, failure.detail)


def classify(exc: BaseException) -> PrinterFault:
    """Name the fault behind an exception from python-escpos, a connector's library (pyusb,
    pyserial: see kiosk.hardware.connectors) or the OS."""
    from escpos.exceptions import DeviceNotFoundError

    known = library_fault(exc)
    if isinstance(exc, TimeoutError) or known is PrinterFault.TIMEOUT:
        return PrinterFault.TIMEOUT
    if isinstance(exc, DeviceNotFoundError):
        return PrinterFault.UNPLUGGED
    code = getattr(exc, "errno", None) or getattr(exc, "backend_error_code", None)
    if code == errno.EBUSY or "busy" in str(exc).lower():
        return PrinterFault.BUSY
    if known is not None:
        return known
    if code in _GONE:
        return PrinterFault.UNPLUGGED
    return PrinterFault.IO


_GONE = {
    errno.ENOENT,
    errno.ENODEV,
    errno.ENXIO,
    errno.EIO,
    errno.EPIPE,
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
}


def _detail(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:160]


def _close_quietly(device: Escpos) -> None:
    try:
        device.close()
    except Exception:  # closing a device that vanished fails in many ways; it is gone anyway
        log.debug("printer close failed", exc_info=True)


class SimulatedPrinter:
    """Writes each ticket's ESC/POS bytes and a PNG preview into a folder.

    It reports its health like a real printer, so the screens and the technician tools behave
    the same in a demo: a folder that cannot be written is a printer fault.
    """

    def __init__(self, renderer: TicketRenderer, output_dir: Path) -> None:
        self.renderer = renderer
        self.output_dir = output_dir
        self.health = FaultLatch("printer", log)
        self.last_output: Path | None = None

    def print_ticket(self, ticket: Ticket) -> None:
        stem = f"{ticket.day}_{ticket.number}_{ticket.id[:8]}"
        self._write(stem, self.renderer.escpos_bytes(ticket), self.renderer.preview(ticket))

    def print_page(self, blocks: list[Block]) -> None:
        self._write("test-page", self.renderer.escpos_bytes(blocks), self.renderer.preview(blocks))

    def print_bytes(self, data: bytes) -> None:
        self._write("test-page", data, None)

    def status(self) -> PrinterStatus:
        try:
            self.output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            failure = PrintFailed(PrinterFault.IO, exc.strerror or str(exc))
            self.health.report(failure.fault, failure.detail)
            raise failure from exc
        self.health.report(None)
        return PrinterStatus(True, False, False, False, False)

    def poll(self) -> PrinterStatus | None:
        return self.status()

    def _write(self, stem: str, data: bytes, preview: Image.Image | None) -> None:
        try:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            bin_path = self.output_dir / f"{stem}.bin"
            copy = 1
            while bin_path.exists() and stem != "test-page":  # a reprint keeps the first copy
                copy += 1
                bin_path = self.output_dir / f"{stem}_copy{copy}.bin"
            bin_path.write_bytes(data)
            if preview is not None:
                preview.save(bin_path.with_suffix(".png"))
        except OSError as exc:
            failure = PrintFailed(PrinterFault.IO, exc.strerror or str(exc))
            self.health.report(failure.fault, failure.detail)
            raise failure from exc
        self.health.report(None)
        self.last_output = bin_path
        log.info("simulated print wrote %s", bin_path.name)
