"""A photo sent with a complaint, made harmless before it is kept: only JPEG, PNG or WebP by
their content (not their name), decoded with a pixel limit so a small file that unpacks to
gigabytes is refused before it is unpacked, turned upright, shrunk, and re-encoded as a JPEG
with no metadata (no EXIF: no GPS position, no camera serial)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; a bomb is far larger
MAX_SIDE = 1600  # enough to read a receipt or see a broken chair
FORMATS = ("JPEG", "PNG", "WEBP")


class PhotoRefused(ValueError):
    """Why the photo is not kept, as ``code``: "size", "type", "pixels", "broken"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int


def clean(upload, limit: int = MAX_BYTES) -> CleanPhoto:
    """``upload`` (a file object with ``size``) as a re-encoded JPEG, or PhotoRefused."""
    if upload.size > limit:
        raise PhotoRefused("size")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=FORMATS)
            # open() reads only the header: refuse by the stated size before decoding a pixel.
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused("pixels")
            # A JPEG decodes at 1/2, 1/4 or 1/8 scale for little more than the cost of that
            # size: a 12 MP phone photo, shrunk to MAX_SIDE anyway, decodes in a fraction.
            fit = min(1.0, MAX_SIDE / max(image.width, image.height))
            image.draft("RGB", (round(image.width * fit), round(image.height * fit)))
            image.load()
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused("pixels") from None
    except Image.UnidentifiedImageError:
        raise PhotoRefused("type") from None
    except (OSError, ValueError, SyntaxError):  # truncated or corrupt data
        raise PhotoRefused("broken") from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        image = _flatten(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)  # no exif=, no icc: nothing carried over
    return CleanPhoto(out.getvalue(), image.width, image.height)


def _flatten(image: Image.Image) -> Image.Image:
    """Transparency onto white (a JPEG has none), palettes to colour."""
    rgba = image.convert("RGBA")
    white = Image.new("RGB", rgba.size, "white")
    white.paste(rgba, mask=rgba.getchannel("A"))
    return white
