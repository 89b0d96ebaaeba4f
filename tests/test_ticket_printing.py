"""Tickets as ESC/POS bytes and as PNG previews, from the same blocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from PIL import Image
from pyzbar.pyzbar import decode as read_qr

from kiosk.config import DEFAULT_SERVICES
from kiosk.domain.ticket_layout import TicketHeader, number_scale, ticket_blocks
from kiosk.domain.tickets import Source, Ticket
from kiosk.hardware.printer import PaperFormat, SimulatedPrinter, TicketRenderer, prepare_logo
from kiosk.paths import asset
from layanan_rules.services import Lane
from tests.conftest import WIB
from tests.escpos_decode import decode

HEADER = TicketHeader(
    office_name="Kantor Imigrasi Bengkulu Selatan",
    ministry="Kementerian Imigrasi dan Pemasyarakatan",
    footer=("Senin-Jumat 08.00-16.00",),
    status_url_template="https://antrian.example.test/t/{ticket_id}",
    has_logo=True,
)


def make_ticket(**overrides) -> Ticket:
    values = dict(
        id="5f0c8f1e-8a52-4c55-9a55-0f2f3f3e9a10",
        number="A-007",
        service=DEFAULT_SERVICES[0],
        lane=Lane.PRIORITY,
        source=Source.NIK,
        issued_at=datetime(2026, 11, 28, 9, 15, tzinfo=WIB),
        clock_synced=True,
        sequence=7,
        nik_last4="0001",
    )
    values.update(overrides)
    return Ticket(**values)


def renderer(profile: str, paper_mm: int) -> TicketRenderer:
    paper = PaperFormat.from_profile(profile, paper_mm)
    return TicketRenderer(HEADER, paper, prepare_logo(asset("logo.png"), paper.width_dots))


@pytest.mark.parametrize(
    ("profile", "mm", "dots", "columns"),
    [("POS-5890", 58, 384, 32), ("TM-T20II", 80, 576, 48), ("default", 58, 384, 32)],
)
def test_paper_formats(profile, mm, dots, columns):
    paper = PaperFormat.from_profile(profile, mm)
    assert (paper.width_dots, paper.columns) == (dots, columns)


def test_80mm_ticket_bytes():
    data = renderer("TM-T20II", 80).escpos_bytes(make_ticket())
    assert data.startswith(b"\x1b@")
    ticket = decode(data)
    assert ticket.unknown == []
    # The number in the largest size that fits 48 columns: 5 characters at 8x8 -> GS ! 0x77.
    assert ticket.size_of("A-007") == 0x77
    assert ticket.cuts == 1
    assert ticket.native_qr == [
        "https://antrian.example.test/t/5f0c8f1e-8a52-4c55-9a55-0f2f3f3e9a10"
    ]
    assert len(ticket.rasters) == 1  # the logo, prepared once
    for expected in (
        "KANTOR IMIGRASI BENGKULU SELATAN",
        "Paspor Baru",
        "PRIORITAS / PRIORITY",
        "28-11-2026  pukul 09.15 WIB",
        "Senin-Jumat 08.00-16.00",
    ):
        assert expected in ticket.text
    assert all(len(line) * max(1, (size >> 4) + 1) <= 48 for line, size in ticket.lines)


def test_58mm_ticket_rasterises_the_qr_and_only_feeds():
    ticket = decode(renderer("POS-5890", 58).escpos_bytes(make_ticket()))
    assert ticket.native_qr == []
    assert len(ticket.rasters) == 2  # logo and QR
    assert ticket.cuts == 0  # POS-5890 has no cutter: python-escpos feeds instead
    assert ticket.size_of("A-007") == 0x55  # 6x6: 5 characters x 6 = 30 of 32 columns
    # The service name double height, normal width: GS ! 0x01 (width nibble 0, height 1).
    assert ticket.size_of("Paspor Baru") == 0x01
    assert ticket.scale_of("Paspor Baru") == (1, 2)
    data = renderer("POS-5890", 58).escpos_bytes(make_ticket())
    assert b"\x1d\x21\x01\x1bE\x01\x1ba\x01Paspor Baru\n" in data  # GS !, bold, centred
    assert all(len(line) * max(1, (size >> 4) + 1) <= 32 for line, size in ticket.lines)


def test_no_nik_on_paper():
    data = renderer("TM-T20II", 80).escpos_bytes(make_ticket(nik_last4="0001"))
    assert b"0001" not in data.replace(b"A-007", b"")


def test_number_scale_fits_the_line():
    assert number_scale("A-001", 32) == 6
    assert number_scale("A-001", 48) == 8
    assert number_scale("A-1000", 32) == 5


def test_without_optional_parts():
    header = TicketHeader(office_name="Kanim")
    blocks = ticket_blocks(make_ticket(), header, 32)
    names = {type(b).__name__ for b in blocks}
    assert "QrCode" not in names and "Logo" not in names


@pytest.mark.parametrize(("profile", "mm", "width"), [("POS-5890", 58, 384), ("TM-T20II", 80, 576)])
def test_preview_png_has_the_qr_and_the_width(tmp_path, artifacts, profile, mm, width):
    printer = SimulatedPrinter(renderer(profile, mm), tmp_path)
    printer.print_ticket(make_ticket())
    png = printer.last_output.with_suffix(".png")
    image = Image.open(png)
    assert image.width == width
    (qr,) = read_qr(image)
    assert qr.data.decode() == "https://antrian.example.test/t/5f0c8f1e-8a52-4c55-9a55-0f2f3f3e9a10"
    image.save(artifacts / f"ticket-preview-{mm}mm.png")
    assert printer.last_output.read_bytes() == printer.renderer.escpos_bytes(make_ticket())


def test_ticket_bytes_match_python_escpos_byte_for_byte():
    """The same ticket written by hand with python-escpos's own calls into its Dummy."""
    from escpos.printer import Dummy

    header = TicketHeader(office_name="Kantor Imigrasi", footer=("Senin–Jumat",))
    paper = PaperFormat.from_profile("TM-T20II", 80)
    ticket = make_ticket(lane=Lane.REGULAR)
    actual = TicketRenderer(header, paper).escpos_bytes(ticket)

    d = Dummy(profile="TM-T20II")

    def line(text, align="center", bold=False, size=1):
        d.set(align=align, bold=bold, custom_size=True, width=size, height=size)
        d._raw(text.encode("ascii") + b"\n")

    def rule():
        line("-" * 48, align="left")

    d.hw("INIT")
    d._raw(b"\x1bt\x00")
    line("KANTOR IMIGRASI", bold=True)
    rule()
    line("NOMOR ANTREAN / QUEUE NUMBER")
    line("A-007", bold=True, size=8)
    line("Paspor Baru", bold=True, size=2)
    line("New Passport")
    line("Reguler / Regular")
    rule()
    line("28-11-2026  pukul 09.15 WIB")
    rule()
    line("Silakan duduk dan tunggu nomor Anda dipanggil.")
    line("Please take a seat until your number is called.")
    line("Senin-Jumat")  # the en dash printed as a plain hyphen
    d.set(align="left", bold=False, custom_size=True, width=1, height=1)
    d.cut()
    assert actual == d.output
    assert b"\x1d\x21\x77" in actual  # GS ! 8x8 for the number
    assert actual.endswith(b"\x1dVA\x00") or actual.endswith(b"\x1dV\x00")


@pytest.mark.parametrize(
    ("profile", "mm", "qr"), [("POS-5890", 58, "auto"), ("TM-T20II", 80, "raster")]
)
def test_a_raster_qr_ticket_stays_on_code_page_0(profile, mm, qr):
    """Every ESC t the printer receives selects code page 0, also after the QR image."""
    from escpos.printer import Dummy

    writes: list[bytes] = []

    class Recording(Dummy):
        def _raw(self, msg):
            writes.append(bytes(msg))  # python-escpos sends each command as one write
            super()._raw(msg)

    rendered = TicketRenderer(HEADER, PaperFormat.from_profile(profile, mm), qr_mode=qr)
    rendered.to_escpos(Recording(profile=profile), rendered.blocks(make_ticket()))
    pages = [w for w in writes if w.startswith(b"\x1bt")]
    assert pages == [b"\x1bt\x00"]
    ticket = decode(b"".join(writes))
    assert ticket.native_qr == [] and len(ticket.rasters) == 1  # the QR, as an image


def test_the_raster_qr_on_paper_reads_back(tmp_path):
    """The QR's raster bytes, drawn back as an image, decode to the ticket's status URL."""
    data = renderer("POS-5890", 58).escpos_bytes(make_ticket())
    start = data.rindex(b"\x1dv0")  # GS v 0: the last raster is the QR
    width_bytes = data[start + 4] | data[start + 5] << 8
    height = data[start + 6] | data[start + 7] << 8
    bits = data[start + 8 : start + 8 + width_bytes * height]
    image = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in bits))
    framed = Image.new("L", (image.width + 40, image.height + 40), 255)
    framed.paste(image.convert("L"), (20, 20))
    (qr,) = read_qr(framed)
    assert qr.data.decode() == "https://antrian.example.test/t/5f0c8f1e-8a52-4c55-9a55-0f2f3f3e9a10"


@pytest.mark.parametrize(("profile", "mm"), [("TM-T20II", 80), ("POS-5890", 58)])
def test_the_complaint_address_in_the_footer_as_the_printer_gets_it(
    tmp_path, artifacts, profile, mm
):
    """Issue 30: where the office turns it on, the footer names the complaint page, as text a
    visitor types; the ticket's one QR stays the status page's."""
    url = "https://antrean.example.go.id/pengaduan/?kantor=bks"
    paper = PaperFormat.from_profile(profile, mm)
    header = replace(HEADER, complaint_url=lambda: url)
    logo = prepare_logo(asset("logo.png"), paper.width_dots)
    printer = SimulatedPrinter(TicketRenderer(header, paper, logo), tmp_path)
    printer.print_ticket(make_ticket())
    data = printer.last_output.read_bytes()
    ticket = decode(data)
    assert ticket.unknown == []
    lines = [line for line, _ in ticket.lines]
    at = lines.index("Pengaduan online / Complaints:")
    address = "antrean.example.go.id/pengaduan/?kantor=bks"
    wrapped = lines[at + 1 : at + 1 + -(-len(address) // paper.columns)]
    assert "".join(wrapped) == address
    assert lines[at + 1 + len(wrapped)] == "Senin-Jumat 08.00-16.00"  # the office's own footer
    # Bold, on code page 0, exactly these bytes on the wire (ESC E 1 ... LF).
    assert b"\x1bE\x01" in data[: data.index(wrapped[0].encode())][-40:]
    if mm == 80:
        assert ticket.native_qr == [HEADER.status_url(make_ticket().id)]
    Image.open(printer.last_output.with_suffix(".png")).save(
        artifacts / f"ticket-complaint-footer-{mm}mm.png"
    )
    # Nothing when the kiosk knows no address: the footer is as it was.
    printer.renderer.header = replace(HEADER, complaint_url=lambda: "")
    assert "Pengaduan online" not in decode(printer.renderer.escpos_bytes(make_ticket())).text
