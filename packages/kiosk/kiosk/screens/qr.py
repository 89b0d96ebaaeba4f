"""A QR code on screen without the UI thread waiting for it: the code is computed on a worker
thread (:func:`qr_pixels`), and the UI thread only copies its few kilobytes into a texture
(:func:`qr_texture`), once per address."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

QUIET_ZONE = 2  # modules of white around the code; the panel's white card adds to it


def qr_pixels(data: str) -> tuple[int, bytes]:
    """The QR of ``data`` as RGBA bytes, one pixel a module, bottom row first (as a texture
    reads them). RGBA: four bytes a pixel keep every row aligned for OpenGL."""
    import qrcode

    code = qrcode.QRCode(border=QUIET_ZONE, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    dark, light = b"\x00\x00\x00\xff", b"\xff\xff\xff\xff"
    pixels = b"".join(dark if cell else light for row in reversed(matrix) for cell in row)
    return len(matrix), pixels


def qr_texture(size: int, pixels: bytes):
    """On the UI thread: a texture of ``size`` x ``size`` modules, drawn crisp when scaled."""
    from kivy.graphics.texture import Texture

    texture = Texture.create(size=(size, size), colorfmt="rgba")
    texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
    texture.mag_filter = texture.min_filter = "nearest"
    return texture


class QrTextures:
    """Each address's texture, made once: asked for an address not yet drawn, the code is
    computed on the worker thread and ``on_ready(url, texture)`` comes on the UI thread;
    asked again, it comes at once. A guide or the booking link is opened many times a day."""

    def __init__(self, submit: Callable[..., Any]) -> None:
        self._submit = submit  # Background.submit: on_done is called on the UI thread
        self._made: dict[str, Any] = {}

    def get(self, url: str, on_ready: Callable[[str, Any], None]) -> None:
        if url in self._made:
            on_ready(url, self._made[url])
            return
        self._submit(qr_pixels, url, on_done=partial(self._drawn, url, on_ready))

    def _drawn(self, url: str, on_ready: Callable[[str, Any], None], drawn) -> None:
        texture = self._made.get(url) or qr_texture(*drawn)
        self._made[url] = texture
        on_ready(url, texture)
