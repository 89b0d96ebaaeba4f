"""Ticket printers: ESC/POS devices chosen by config, and a simulated one for demos and tests.

Like python-escpos itself, the connector is picked by ``printer.type``; everything above the
connector (layout, rendering, the PNG preview) is shared, so the simulation prints exactly what
a real printer would.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from kiosk.domain.ticket_layout import Block, TicketHeader, ticket_blocks
from kiosk.domain.tickets import PrintFailed, Ticket
from kiosk.hardware.escpos_render import render_escpos
from kiosk.hardware.ticket_preview import render_preview

if TYPE_CHECKING:
    from escpos.escpos import Escpos

    from kiosk.config import PrinterConfig

log = logging.getLogger(__name__)

# Paper geometry when a profile does not state it (font A: 12 dots a character).
PAPER = {58: (384, 32), 80: (576, 48)}


@dataclass(frozen=True)
class PaperFormat:
    profile: str
    width_dots: int
    columns: int

    @classmethod
    def from_profile(cls, profile_name: str, paper_mm: int) -> PaperFormat:
        from escpos.capabilities import get_profile

        profile = get_profile(profile_name)
        dots, columns = PAPER[paper_mm]
        pixels = profile.profile_data.get("media", {}).get("width", {}).get("pixels")
        if isinstance(pixels, int) and pixels in (384, 576):
            dots = pixels
            columns = int(profile.profile_data["fonts"]["0"]["columns"])
        return cls(profile_name, dots, columns)


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
        logo: Image.Image | None = None,
        qr_mode: str = "auto",
    ) -> None:
        self.header = header
        self.paper = paper
        self.logo = logo
        self.qr_mode = qr_mode

    def blocks(self, ticket: Ticket) -> list[Block]:
        return ticket_blocks(ticket, self.header, self.paper.columns)

    def to_escpos(self, printer: Escpos, ticket: Ticket) -> None:
        render_escpos(printer, self.blocks(ticket), self.paper.columns, self.logo, self.qr_mode)

    def escpos_bytes(self, ticket: Ticket) -> bytes:
        from escpos.printer import Dummy

        dummy = Dummy(profile=self.paper.profile)
        self.to_escpos(dummy, ticket)
        return dummy.output

    def preview(self, ticket: Ticket) -> Image.Image:
        return render_preview(self.blocks(ticket), self.paper.width_dots, self.logo)


class EscposTicketPrinter:
    """A real ESC/POS printer behind one of python-escpos's connectors."""

    def __init__(self, renderer: TicketRenderer, connect: Callable[[], Escpos]) -> None:
        self.renderer = renderer
        self._connect = connect

    def print_ticket(self, ticket: Ticket) -> None:
        try:
            device = self._connect()
            try:
                self.renderer.to_escpos(device, ticket)
            finally:
                device.close()
        except PrintFailed:
            raise
        except Exception as exc:  # python-escpos and pyusb raise many unrelated types
            raise PrintFailed("io", exc.__class__.__name__) from exc


class SimulatedPrinter:
    """Writes each ticket's ESC/POS bytes and a PNG preview into a folder."""

    def __init__(self, renderer: TicketRenderer, output_dir: Path) -> None:
        self.renderer = renderer
        self.output_dir = output_dir
        self.last_output: Path | None = None

    def print_ticket(self, ticket: Ticket) -> None:
        try:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            stem = self.output_dir / f"{ticket.day}_{ticket.number}_{ticket.id[:8]}"
            bin_path = stem.with_suffix(".bin")
            bin_path.write_bytes(self.renderer.escpos_bytes(ticket))
            self.renderer.preview(ticket).save(stem.with_suffix(".png"))
        except OSError as exc:
            raise PrintFailed("io", exc.strerror or str(exc)) from exc
        self.last_output = bin_path
        log.info("simulated print wrote %s", bin_path.name)


def connector(config: PrinterConfig, profile: str) -> Callable[[], Escpos]:
    """A function that opens the configured device, for ``EscposTicketPrinter``."""
    from escpos import printer as ep

    def usb() -> Escpos:
        timeout_ms = int(config.timeout_s * 1000)
        dev = ep.Usb(
            config.usb_vendor_id, config.usb_product_id, timeout=timeout_ms, profile=profile
        )
        dev.open()
        return dev

    def serial() -> Escpos:
        dev = ep.Serial(
            config.device, baudrate=config.baudrate, timeout=config.timeout_s, profile=profile
        )
        dev.open()
        return dev

    def network() -> Escpos:
        dev = ep.Network(config.host, config.port, timeout=config.timeout_s, profile=profile)
        dev.open()
        return dev

    def device() -> Escpos:
        dev = ep.File(config.device, profile=profile)
        dev.open()
        return dev

    return {"usb": usb, "serial": serial, "network": network, "device": device}[config.type]
