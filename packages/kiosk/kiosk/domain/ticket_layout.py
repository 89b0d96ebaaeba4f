"""What a paper ticket says, as a list of printer-neutral blocks.

The ESC/POS printer and the PNG preview both render these same blocks, so the preview a
developer looks at is the ticket a visitor gets. Widths are in characters of the printer's
font A (32 on 58 mm paper, 48 on 80 mm); a text at scale ``s`` takes ``s`` columns a character,
and ``height`` (the same as ``scale`` unless given) rows.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from kiosk.domain.complaint_link import shown
from kiosk.domain.tickets import Ticket

Align = Literal["left", "center", "right"]
MAX_SCALE = 8  # ESC/POS GS ! goes up to 8x8


# Typographic characters an office may type into its config, and what a receipt printer can print.
_PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...",
                        "•": "*", "·": "-", "\u00a0": " "})  # fmt: skip


def printable(text: str) -> str:
    """Text as plain ASCII, which every ESC/POS printer's code page 0 prints the same way.

    Indonesian needs no accents; a name typed with one ("Café") loses the accent rather than
    printing as a wrong glyph on a clone whose code pages differ from its profile.

    >>> printable("Senin–Jumat 08.00 “Café” Ñ")
    'Senin-Jumat 08.00 "Cafe" N'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if " " <= c <= "~" else "?" for c in kept)


@dataclass(frozen=True)
class Text:
    """A line of print; its text is made :func:`printable` on the way in."""

    text: str
    scale: int = 1  # the width multiplier, and the height's unless ``height`` is given
    bold: bool = False
    align: Align = "center"
    height: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", printable(self.text))
        object.__setattr__(self, "height", self.height or self.scale)


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class QrCode:
    data: str
    module_dots: int = 5


@dataclass(frozen=True)
class Logo:
    """The office logo, prepared once by the printer adapter."""


@dataclass(frozen=True)
class Cut:
    pass


Block = Text | Rule | QrCode | Logo | Cut

LANE_LABELS = {
    "regular": "Reguler / Regular",
    "priority": "PRIORITAS / PRIORITY",
    "appointment": "Booking / Appointment",
}


@dataclass(frozen=True)
class TicketHeader:
    """The office's own words on every ticket, from configuration."""

    office_name: str
    ministry: str = ""
    footer: tuple[str, ...] = ()
    status_url_template: str = ""  # e.g. "https://antrian.example/t/{ticket_id}"
    timezone_label: str = "WIB"
    has_logo: bool = False
    wait_at: str = ""  # where visitors wait, unless their service names its own place
    # The central's status page template, as its last heartbeat reply gave it ("" unknown);
    # the office's own ``status_url_template`` overrides it.
    central_status_url: Callable[[], str] | None = field(default=None, compare=False)
    # Where to send a complaint, when the office prints it (complaints.on_ticket): the kiosk's
    # current address, asked at each print (the central may name it later); "" prints nothing.
    complaint_url: Callable[[], str] | None = field(default=None, compare=False)

    def status_url(self, ticket_id: str) -> str:
        """The ticket's status page, "" when neither the config nor the central names one.

        >>> TicketHeader("K", central_status_url=lambda: "https://c.test/s/{id}").status_url("t1")
        'https://c.test/s/t1'
        >>> TicketHeader("K", status_url_template="https://k.test/{ticket_id}",
        ...              central_status_url=lambda: "https://c.test/s/{id}").status_url("t1")
        'https://k.test/t1'
        """
        template = self.status_url_template
        if not template and self.central_status_url is not None:
            template = self.central_status_url()
        return fill_status_url(template, ticket_id)


def fill_status_url(template: str, ticket_id: str) -> str:
    """``template`` with the ticket's id for ``{ticket_id}`` (the kiosk's config) or ``{id}``
    (the central's heartbeat); any other brace is left as written, never an error."""
    return template.replace("{ticket_id}", ticket_id).replace("{id}", ticket_id)


def number_scale(number: str, columns: int) -> int:
    """The largest text scale at which the queue number still fits on one line."""
    return max(1, min(MAX_SCALE, columns // max(len(number), 1)))


def _wrapped(text: str, columns: int, scale: int = 1, **style) -> list[Text]:
    width = max(columns // scale, 1)
    lines = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    return [Text(line, scale=scale, **style) for line in lines]


def service_size(columns: int) -> tuple[int, int]:
    """The service name's (width, height) multipliers: double height everywhere, double width
    only where the line is wide enough (80 mm), so a long name on 58 mm keeps its 32 columns."""
    return (2, 2) if columns >= 48 else (1, 2)


def ticket_blocks(ticket: Ticket, header: TicketHeader, columns: int) -> list[Block]:
    """The ticket, top to bottom. Never the NIK: not even its last digits go on paper."""
    when = ticket.issued_at
    blocks: list[Block] = []
    if header.has_logo:
        blocks.append(Logo())
    blocks += _wrapped(header.office_name.upper(), columns, bold=True)
    if header.ministry:
        blocks += _wrapped(header.ministry, columns)
    blocks.append(Rule())
    blocks.append(Text("NOMOR ANTREAN / QUEUE NUMBER"))
    blocks.append(Text(ticket.number, scale=number_scale(ticket.number, columns), bold=True))
    # Tall on every paper: the service decides which counter calls the number.
    wide, tall = service_size(columns)
    blocks += _wrapped(ticket.service.name_id, columns, scale=wide, height=tall, bold=True)
    if ticket.service.name_en != ticket.service.name_id:
        blocks += _wrapped(ticket.service.name_en, columns)
    blocks.append(Text(LANE_LABELS[ticket.lane], bold=ticket.lane != "regular"))
    place = ticket.service.wait_at or header.wait_at
    if place:
        blocks += _wrapped(f"Tunggu di / Wait at: {place}", columns, bold=True)
    blocks.append(Rule())
    stamp = f"{when:%d-%m-%Y}  pukul {when:%H.%M} {header.timezone_label}"  # PUEBI: 09.15
    blocks.append(Text(stamp))
    if ticket.people_ahead is not None:
        blocks.append(Text(f"Di depan Anda / Ahead: {ticket.people_ahead}"))
    minutes = ticket.estimated_wait_minutes
    if minutes is not None and minutes > 0:
        blocks += _wrapped(f"Perkiraan tunggu {minutes} menit / Est. wait {minutes} min", columns)
    elif minutes is not None:
        blocks += _wrapped("Segera dipanggil / To be called shortly", columns)
    elif ticket.people_ahead is not None:  # the central counts, no counter serves: unknown
        blocks += _wrapped("Perkiraan tunggu belum diketahui / Est. wait not yet known", columns)
    url = header.status_url(ticket.id)
    if url:
        blocks.append(QrCode(url, module_dots=6 if columns >= 40 else 5))
        blocks += _wrapped("Pindai untuk memantau antrean / Scan to follow the queue", columns)
    blocks.append(Rule())
    blocks += _wrapped("Silakan duduk dan tunggu nomor Anda dipanggil.", columns)
    blocks += _wrapped("Please take a seat until your number is called.", columns)
    blocks += complaint_lines(header, columns)
    for line in header.footer:
        blocks += _wrapped(line, columns)
    blocks.append(Cut())
    return blocks


def complaint_lines(header: TicketHeader, columns: int) -> list[Block]:
    """The complaint address as text a visitor types: the ticket's one QR stays the status
    page's, so a phone pointed at the paper never lands on the wrong page."""
    url = header.complaint_url() if header.complaint_url is not None else ""
    if not url:
        return []
    return [Text("Pengaduan online / Complaints:"), *_wrapped(shown(url), columns, bold=True)]


def test_page_blocks(facts: dict[str, str], columns: int, qr_data: str) -> list[Block]:
    """The technician's test page: the printer's facts, a column ruler, a QR and a cut.

    The ruler shows at a glance whether the profile's column count matches the paper; the
    Indonesian line shows the code page prints plain text right.
    """
    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    blocks: list[Block] = [Logo(), Text("TES PRINTER / PRINTER TEST", bold=True), Rule()]
    for key, value in facts.items():
        blocks += _wrapped(f"{key}: {value}", columns, align="left")
    blocks += [Rule(), Text(ruler, align="left"), Text("Nomor antrean Anda: A-001")]
    blocks += [Text("A-001", scale=number_scale("A-001", columns), bold=True)]
    blocks += [QrCode(qr_data, module_dots=6 if columns >= 40 else 5), Text(qr_data), Cut()]
    return blocks
