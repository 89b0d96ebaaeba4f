"""What a scanner may send, parsed by an allow-list grammar.

A QR code is input from a stranger. Whatever it holds is checked in this order, and anything
that is not exactly one of the recognised shapes is refused:

1. at most ``max_length`` bytes, strict UTF-8, no control characters;
2. a 16-digit NIK, only where the office enables NIK QR codes (refused otherwise, and never
   mistaken for a booking code); so is anything holding a run of 16 digits once separators
   are removed (``3201-0101-0190-0001``, ``.../booking/3201010101900001``, ``?code=<NIK>``):
   never a booking code, which is stored for the retention period and sent in a URL;
3. a plain booking code matching the office's pattern;
4. an http(s) URL whose ``code`` query parameter, or else last path segment, is such a code
   (from an allowed host, when the office lists hosts).

The reason for a refusal is a short word for the log; the payload itself is never logged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

from layanan_rules.nik import InvalidNik, Nik, parse_nik

DEFAULT_CODE_PATTERN = r"[A-Z0-9][A-Z0-9-]{5,39}"
NIK_LENGTH = 16
_DIGIT_RUNS = re.compile(r"[0-9]+")
_SEPARATORS = re.compile(r"[\s\-_./:=?&#%+,;|\\]+")


def nik_run(text: str) -> str | None:
    """The 16-digit run ``text`` holds once separators are removed, or None. A run longer than
    16 is returned whole: it may hide a NIK as well.

    >>> nik_run("https://x.example/booking/3201-0101-0190-0001?lang=id")
    '3201010101900001'
    >>> nik_run("MP-2026-00042") is None
    True
    """
    joined = _SEPARATORS.sub("", text)
    runs = [r for r in _DIGIT_RUNS.findall(joined) if len(r) >= NIK_LENGTH]
    return max(runs, key=len) if runs else None


class UnrecognisedScan(ValueError):
    """``reason``: empty, too_long, not_utf8, control_chars, no_match, nik_disabled, bad_nik,
    nik_in_code (a NIK-like run of digits inside something else)."""

    def __init__(self, reason: str, length: int) -> None:
        super().__init__(f"scan not recognised: {reason} ({length} bytes)")
        self.reason = reason
        self.length = length


@dataclass(frozen=True)
class ScanRules:
    code_pattern: str = DEFAULT_CODE_PATTERN
    url_hosts: tuple[str, ...] = ()  # empty: any host
    accept_nik: bool = False
    max_length: int = 512
    _compiled: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.code_pattern))

    def is_code(self, text: str) -> bool:
        return self._compiled.fullmatch(text) is not None


@dataclass(frozen=True)
class BookingCode:
    code: str


@dataclass(frozen=True)
class NikScan:
    nik: Nik


Scan = BookingCode | NikScan


def parse_scan(data: bytes, rules: ScanRules | None = None) -> Scan:
    """What the scanned bytes are, or :class:`UnrecognisedScan`.

    >>> parse_scan(b"MP-2026-00042")
    BookingCode(code='MP-2026-00042')
    >>> parse_scan(b"https://antrian.example/booking/MP2026X1?lang=id")
    BookingCode(code='MP2026X1')
    >>> parse_scan(b"\\x1b[2J")
    Traceback (most recent call last):
    ...
    kiosk.domain.scan.UnrecognisedScan: scan not recognised: control_chars (4 bytes)
    """
    rules = rules or ScanRules()
    length = len(data)

    def refuse(reason: str) -> UnrecognisedScan:
        return UnrecognisedScan(reason, length)

    if length > rules.max_length:
        raise refuse("too_long")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise refuse("not_utf8") from None
    text = text.strip(" ")
    if not text:
        raise refuse("empty")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise refuse("control_chars")
    # A NIK is checked first: sixteen digits also fit most booking code patterns, and a NIK
    # must never travel as a booking code.
    if text.isascii() and text.isdigit() and len(text) == NIK_LENGTH:
        if not rules.accept_nik:
            raise refuse("nik_disabled")
        try:
            return NikScan(parse_nik(text))
        except InvalidNik:
            raise refuse("bad_nik") from None
    run = nik_run(text)
    if run is not None:
        # A NIK dressed as a booking code (dashed, inside a URL): a NIK scan where the office
        # takes those, else refused; never a booking code.
        if not rules.accept_nik or len(run) != NIK_LENGTH:
            raise refuse("nik_in_code")
        try:
            return NikScan(parse_nik(run))
        except InvalidNik:
            raise refuse("nik_in_code") from None
    if rules.is_code(text):
        return BookingCode(text)
    code = _code_from_url(text, rules)
    if code is not None:
        return BookingCode(code)
    raise refuse("no_match")


def _code_from_url(text: str, rules: ScanRules) -> str | None:
    if not text.lower().startswith(("https://", "http://")):
        return None
    try:
        url = urlsplit(text)
        host = url.hostname or ""
    except ValueError:
        return None
    if not host or (rules.url_hosts and host.lower() not in rules.url_hosts):
        return None
    codes = parse_qs(url.query).get("code")
    if codes:
        return codes[0] if len(codes) == 1 and rules.is_code(codes[0]) else None
    last = url.path.rstrip("/").rsplit("/", 1)[-1]
    return last if rules.is_code(last) else None


class ScanFramer:
    """Splits a scanner's byte stream into payloads at CR, LF or CRLF.

    Memory is bounded: a line longer than ``max_length`` is dropped as it streams in (its bytes
    are not kept), and reported once as ``too_long`` when its terminator finally comes.

    >>> f = ScanFramer()
    >>> f.feed(b"AB"), f.feed(b"C123\\r\\nXYZ"), f.feed(b"789\\n")
    ([], [b'ABC123'], [b'XYZ789'])
    """

    TERMINATORS: ClassVar[dict[str, tuple[bytes, ...]]] = {
        "auto": (b"\r", b"\n"),
        "cr": (b"\r",),
        "lf": (b"\n",),
        "crlf": (b"\r\n",),
    }

    def __init__(self, terminator: str = "auto", max_length: int = 512) -> None:
        self._ends = self.TERMINATORS[terminator]
        self._max = max_length
        self._buffer = bytearray()
        self._overflowed = 0  # bytes of the current over-long line, dropped

    @property
    def pending(self) -> int:
        return len(self._buffer) + self._overflowed

    def feed(self, chunk: bytes) -> list[bytes | UnrecognisedScan]:
        out: list[bytes | UnrecognisedScan] = []
        self._buffer += chunk
        while True:
            cut, end_len = self._find_end()
            if cut < 0:
                break
            line = bytes(self._buffer[:cut])
            del self._buffer[: cut + end_len]
            if self._overflowed:
                out.append(UnrecognisedScan("too_long", self._overflowed + len(line)))
                self._overflowed = 0
            elif line:  # CRLF in auto mode leaves an empty line between: not a scan
                out.append(line)
        if len(self._buffer) > self._max:
            self._overflowed += len(self._buffer)
            self._buffer.clear()
        return out

    def discard(self) -> int:
        """Drop a partial line (the scanner went quiet mid-code); returns its length."""
        dropped = self.pending
        self._buffer.clear()
        self._overflowed = 0
        return dropped

    def _find_end(self) -> tuple[int, int]:
        found = [(self._buffer.find(end), len(end)) for end in self._ends]
        found = [(at, n) for at, n in found if at >= 0]
        return min(found) if found else (-1, 0)
