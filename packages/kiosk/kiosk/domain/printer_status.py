"""What a thermal printer can tell about itself, decoded from ESC/POS real-time status.

The kiosk asks with DLE EOT n (n = 1 printer, 2 offline cause, 4 roll paper sensor) and reads one
byte each. Every valid reply has bit 1 and bit 4 set and bit 7 clear; anything else (no byte,
noise, a reply from the wrong request) is treated as a fault, never as "fine": python-escpos's
own ``paper_status()`` reports plenty of paper when the printer says nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DLE_EOT = b"\x10\x04"
REQUESTS = (1, 2, 4)  # printer, offline cause, roll paper sensor


class PrinterFault(StrEnum):
    NO_REPLY = "no_reply"  # the status request went unanswered or the answer was garbage
    OFFLINE = "offline"
    COVER_OPEN = "cover_open"
    PAPER_OUT = "paper_out"
    ERROR = "error"  # cutter jam, head overheated, ... (DLE EOT 2 bit 6)
    UNPLUGGED = "unplugged"
    BUSY = "busy"  # another process holds the device ("resource busy")
    TIMEOUT = "timeout"  # a write or read did not finish in time
    IO = "io"


def _valid(byte: int) -> bool:
    return byte & 0b1001_0011 == 0b0001_0010


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    cover_open: bool
    paper_out: bool
    paper_near_end: bool
    error: bool

    @property
    def fault(self) -> PrinterFault | None:
        """The one fault that matters most to a technician, or None when it can print."""
        if self.paper_out:
            return PrinterFault.PAPER_OUT
        if self.cover_open:
            return PrinterFault.COVER_OPEN
        if self.error:
            return PrinterFault.ERROR
        if not self.online:
            return PrinterFault.OFFLINE
        return None

    @property
    def warning(self) -> str | None:
        return "paper_near_end" if self.paper_near_end and not self.paper_out else None

    def describe(self) -> str:
        flags = [
            ("online", self.online),
            ("cover", "open" if self.cover_open else "closed"),
            ("paper", "out" if self.paper_out else "near end" if self.paper_near_end else "ok"),
            ("error", self.error),
        ]
        return ", ".join(f"{name}: {value}" for name, value in flags)


class StatusUnreadable(ValueError):
    """The printer's replies do not form a status."""


def decode_status(replies: dict[int, bytes]) -> PrinterStatus:
    """``replies`` maps each DLE EOT n of :data:`REQUESTS` to what came back.

    >>> decode_status({1: b"\\x16", 2: b"\\x12", 4: b"\\x12"}).fault is None
    True
    >>> decode_status({1: b"\\x1e", 2: b"\\x32", 4: b"\\x72"}).fault
    <PrinterFault.PAPER_OUT: 'paper_out'>
    """
    status = {}
    for n in REQUESTS:
        reply = replies.get(n, b"")
        # Some printers pad the reply or repeat it; the last byte is the newest answer.
        if not reply or not _valid(reply[-1]):
            raise StatusUnreadable(f"DLE EOT {n}: {'no reply' if not reply else 'bad reply'}")
        status[n] = reply[-1]
    printer, offline, paper = status[1], status[2], status[4]
    return PrinterStatus(
        online=not printer & 0x08,
        cover_open=bool(offline & 0x04),
        # Either the roll sensor or "stopped because of paper end" says the paper is out.
        paper_out=bool(paper & 0x60) or bool(offline & 0x20),
        paper_near_end=bool(paper & 0x0C),
        error=bool(offline & 0x40),
    )
