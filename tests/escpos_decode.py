"""A decoder for the subset of ESC/POS the kiosk sends, so tests can read a ticket's bytes.

No Debian package renders ESC/POS, and the one PyPI renderer needs Python 3.13; this covers
text, styles, feeds, cuts, raster images (GS v 0) and native QR (GS ( k).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Decoded:
    lines: list[tuple[str, int]] = field(default_factory=list)  # (text, size byte of GS !)
    cuts: int = 0
    rasters: list[tuple[int, int]] = field(default_factory=list)  # (width_bytes, height)
    native_qr: list[str] = field(default_factory=list)
    unknown: list[bytes] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line for line, _ in self.lines)

    def size_of(self, text: str) -> int:
        return next(size for line, size in self.lines if text in line)

    def scale_of(self, text: str) -> tuple[int, int]:
        """(width, height) multipliers of the first line holding ``text``: GS ! keeps the
        width in its high nibble and the height in its low one, each less one."""
        size = self.size_of(text)
        return (size >> 4) + 1, (size & 0x0F) + 1


def decode(data: bytes) -> Decoded:
    out = Decoded()
    i, size, line = 0, 0, bytearray()
    while i < len(data):
        b = data[i]
        if b == 0x0A:
            out.lines.append((line.decode("cp437"), size))
            line.clear()
            i += 1
        elif b == 0x1B:  # ESC
            i, size = _esc(data, i, size, out)
        elif b == 0x1D:  # GS
            i, size = _gs(data, i, size, out)
        else:
            line.append(b)
            i += 1
    if line:
        out.lines.append((line.decode("cp437"), size))
    return out


def _esc(data: bytes, i: int, size: int, out: Decoded) -> tuple[int, int]:
    """One ESC command at ``i``: the index after it, and the text size it leaves."""
    cmd = data[i + 1]
    if cmd == 0x40:  # ESC @ init
        return i + 2, size
    if cmd == 0x21:  # ESC ! mode: bit 4 double height, bit 5 double width
        n = data[i + 2]
        return i + 3, (0x10 if n & 0x20 else 0) | (0x01 if n & 0x10 else 0)
    if cmd in (0x61, 0x45, 0x2D, 0x4D, 0x64, 0x74, 0x47, 0x7B, 0x33):
        if cmd == 0x64:
            out.lines.extend([("", size)] * data[i + 2])
        return i + 3, size
    if cmd != 0x32:
        out.unknown.append(data[i : i + 2])
    return i + 2, size


def _gs(data: bytes, i: int, size: int, out: Decoded) -> tuple[int, int]:
    """One GS command at ``i``: the index after it, and the text size it leaves."""
    cmd = data[i + 1]
    if cmd == 0x21:  # GS ! size
        return i + 3, data[i + 2]
    if cmd == 0x56:  # GS V cut
        out.cuts += 1
        return i + (3 if data[i + 2] in (0, 1, 48, 49) else 4), size
    if cmd == 0x76 and data[i + 2] == 0x30:  # GS v 0 raster
        xl, xh, yl, yh = data[i + 4 : i + 8]
        w, h = xl + 256 * xh, yl + 256 * yh
        out.rasters.append((w, h))
        return i + 8 + w * h, size
    if cmd == 0x28 and data[i + 2] == 0x6B:  # GS ( k
        n = data[i + 3] + 256 * data[i + 4]
        body = data[i + 5 : i + 5 + n]
        if body[:3] == b"1P0":
            out.native_qr.append(body[3:].decode("utf-8"))
        return i + 5 + n, size
    if cmd in (0x42, 0x62, 0x4C, 0x57):
        return i + (3 if cmd in (0x42, 0x62) else 4), size
    out.unknown.append(data[i : i + 2])
    return i + 2, size
