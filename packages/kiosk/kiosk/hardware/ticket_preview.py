"""Ticket blocks to a PNG that looks like the paper, for developers and tests.

Drawn from the same blocks as the ESC/POS bytes, at the printer's dot width, with a monospaced
font whose cell matches the printer's font A (12 x 24 dots).
"""

from __future__ import annotations

from functools import cache

import qrcode
from PIL import Image, ImageDraw, ImageFont

from kiosk.domain.ticket_layout import Block, Cut, Logo, QrCode, Rule, Text
from kiosk.paths import FONTS

CELL_W, CELL_H = 12, 24
MARGIN = 8


@cache
def _font(bold: bool, scale: int) -> ImageFont.FreeTypeFont:
    name = "NotoSansMono-Bold.ttf" if bold else "NotoSansMono-Regular.ttf"
    # Noto Sans Mono advances 0.6 em: a 20 px font fills a 12 px cell.
    return ImageFont.truetype(str(FONTS / name), size=20 * scale)


def _glyphs(text: str, bold: bool, width: int, height: int) -> Image.Image:
    """The text as the printer draws it: each cell ``width`` x ``height`` times font A's, which
    stretches the glyphs when the two differ (GS ! with unequal nibbles)."""
    size = min(width, height)
    strip = Image.new("L", (max(len(text), 1) * CELL_W * size, CELL_H * size), 255)
    ImageDraw.Draw(strip).text((0, 0), text, font=_font(bold, size), fill=0)
    if width == height:
        return strip
    return strip.resize((strip.width * width // size, strip.height * height // size))


def qr_image(data: str, module_dots: int) -> Image.Image:
    qr = qrcode.QRCode(box_size=module_dots, border=1)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("L")


def render_preview(
    blocks: list[Block], width_dots: int, logo: Image.Image | None = None
) -> Image.Image:
    """The ticket as a white strip ``width_dots`` wide, cut where the printer would cut."""
    pieces: list[tuple[str, object]] = []
    height = MARGIN
    for block in blocks:
        match block:
            case Text(height=tall):
                height += CELL_H * tall
            case Rule():
                height += CELL_H
            case QrCode(data=data, module_dots=dots):
                img = qr_image(data, dots)
                pieces.append(("qr", img))
                height += img.height + CELL_H
            case Logo() if logo is not None:
                height += logo.height + CELL_H // 2
            case Cut():
                height += CELL_H
    page = Image.new("L", (width_dots, height + MARGIN), 255)
    draw = ImageDraw.Draw(page)
    y = MARGIN
    qrs = iter(img for kind, img in pieces if kind == "qr")
    for block in blocks:
        match block:
            case Text(text=text, scale=scale, height=tall, bold=bold, align=align):
                w = len(text) * CELL_W * scale
                x = {"left": 0, "center": (width_dots - w) // 2, "right": width_dots - w}[align]
                page.paste(_glyphs(text, bold, scale, tall), (max(x, 0), y))
                y += CELL_H * tall
            case Rule():
                for x in range(0, width_dots, 12):
                    draw.line((x, y + CELL_H // 2, x + 6, y + CELL_H // 2), fill=0, width=2)
                y += CELL_H
            case QrCode():
                img = next(qrs)
                page.paste(img, ((width_dots - img.width) // 2, y + CELL_H // 2))
                y += img.height + CELL_H
            case Logo() if logo is not None:
                page.paste(logo.convert("L"), ((width_dots - logo.width) // 2, y))
                y += logo.height + CELL_H // 2
            case Cut():
                y += CELL_H // 2
                for x in range(0, width_dots, 8):
                    draw.line((x, y, x + 4, y), fill=128, width=1)
                y += CELL_H // 2
    return page.crop((0, 0, width_dots, y + MARGIN))
