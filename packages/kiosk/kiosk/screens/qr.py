"""A QR code on screen without the UI thread waiting for it: the code is computed on a worker
thread (:func:`qr_pixels`), and the UI thread only copies its few kilobytes into a texture
(:func:`qr_texture`), once per address."""

from __future__ import annotations

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
