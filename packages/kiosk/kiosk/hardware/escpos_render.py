"""Ticket blocks to ESC/POS commands, through python-escpos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.domain.ticket_layout import Block, Cut, Logo, QrCode, Rule, Text

if TYPE_CHECKING:
    from escpos.escpos import Escpos
    from PIL import Image

SELECT_CODE_PAGE_0 = b"\x1bt\x00"  # ESC t 0: PC437, present on every ESC/POS printer


def render_escpos(
    printer: Escpos,
    blocks: list[Block],
    columns: int,
    logo: Image.Image | None = None,
    qr_mode: str = "auto",
) -> None:
    """Send the blocks; ``qr_mode`` auto uses the printer's own QR command where its profile
    says it has one (a few bytes), else a raster image (a few kilobytes)."""
    native_qr = qr_mode == "native" or (qr_mode == "auto" and printer.profile.supports("qrCode"))
    printer.hw("INIT")
    # Text blocks are ASCII (see ticket_layout.printable) and go out as raw bytes, under an
    # explicit code page 0: python-escpos's magic encoder would switch code pages by its
    # profile's table, which cheap clones do not follow.
    printer._raw(SELECT_CODE_PAGE_0)
    for block in blocks:
        match block:
            case Text(text=text, scale=scale, height=height, bold=bold, align=align):
                _style(printer, align, bold, scale, height)
                printer._raw(text.encode("ascii") + b"\n")
            case Rule():
                _style(printer, "left", False)
                printer._raw(b"-" * columns + b"\n")
            case QrCode(data=data, module_dots=dots):
                _style(printer, "center", False)
                if native_qr:
                    printer.qr(data, size=dots, native=True)
                else:
                    _raster_qr(printer, data, dots)
            case Logo():
                if logo is not None:
                    printer.image(logo, center=True)
            case Cut():
                _style(printer, "left", False)
                printer.cut()


def _raster_qr(printer: Escpos, data: str, module_dots: int) -> None:
    # Not printer.qr(native=False): it feeds its newlines through python-escpos's magic
    # encoder, which switches the printer to the profile's code page for them (ESC t 1 on a
    # POS-5890) and leaves it there. The image is the preview's, so paper and PNG agree.
    from kiosk.hardware.ticket_preview import qr_image

    printer._raw(b"\n")
    printer.image(qr_image(data, module_dots), center=True)
    printer._raw(b"\n\n")


def _style(printer: Escpos, align: str, bold: bool, width: int = 1, height: int = 1) -> None:
    # Always an explicit GS ! size (width in the high nibble, height in the low): some clones
    # keep a GS ! size through ESC ! 0, which is all python-escpos's normal_textsize sends.
    printer.set(align=align, bold=bold, custom_size=True, width=width, height=height)
