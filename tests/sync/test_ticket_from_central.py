"""In central mode the paper ticket says what the central said: people ahead, the estimated
wait, and the central's status page as its QR (the office's own ticket.status_url overriding)."""

from __future__ import annotations

import dataclasses

import pytest
from PIL import Image
from pyzbar.pyzbar import decode as read_qr

from kiosk.domain.ticket_layout import Text, TicketHeader
from kiosk.hardware.printer import PaperFormat, SimulatedPrinter, TicketRenderer
from kiosk.sync.heartbeat import Heartbeat
from layanan_rules.services import Lane


@pytest.fixture
def printed(kiosk, server, clock, tmp_path):
    printer = SimulatedPrinter(
        TicketRenderer(TicketHeader("Kantor Imigrasi"), PaperFormat.from_profile("TM-T20II", 80)),
        tmp_path / "tickets",
    )
    heartbeat = Heartbeat(kiosk.central, clock, kiosk.outbox, {})
    heartbeat.lend_status_url(printer)

    def issue_and_print():
        ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, None)
        printer.print_ticket(ticket)
        qr = read_qr(Image.open(printer.last_output.with_suffix(".png")))
        lines = [b.text for b in printer.renderer.blocks(ticket) if isinstance(b, Text)]
        return ticket, (qr[0].data.decode() if qr else None), lines

    return heartbeat, printer, issue_and_print


def test_the_ticket_prints_the_centrals_people_ahead_and_wait(printed):
    _, _, issue = printed
    issue()
    ticket, _, lines = issue()
    assert ticket.people_ahead == 1 and ticket.estimated_wait_minutes == 10  # the central's
    assert "Di depan Anda / Ahead: 1" in lines
    assert "Perkiraan tunggu 10 menit / Est. wait 10 min" in lines


def test_the_qr_is_the_centrals_status_page_from_the_heartbeat(printed, server):
    heartbeat, printer, issue = printed
    _, qr, _ = issue()
    assert qr is None  # the central has not named one yet
    server.state.status_url_template = "https://antrean.example.test/status/{id}"
    heartbeat.beat()
    ticket, qr, _ = issue()
    assert qr == f"https://antrean.example.test/status/{ticket.id}"
    # The office's own ticket.status_url stays an override.
    renderer = printer.renderer
    renderer.header = dataclasses.replace(
        renderer.header, status_url_template="https://kantor.example.test/t/{ticket_id}"
    )
    ticket, qr, _ = issue()
    assert qr == f"https://kantor.example.test/t/{ticket.id}"


@pytest.mark.parametrize(
    "template",
    [
        "javascript:alert({id})",
        "https://antrean.example.test/status/",  # no {id}: every ticket the same page
        "https://antrean.example.test/" + "x" * 300 + "/{id}",
        "https://antrean.example.test/s/{id}\n",
    ],
)
def test_a_status_url_the_kiosk_cannot_print_is_ignored(printed, server, template, caplog):
    heartbeat, _, issue = printed
    server.state.status_url_template = "https://antrean.example.test/status/{id}"
    heartbeat.beat()
    server.state.status_url_template = template
    with caplog.at_level("WARNING"):
        heartbeat.beat()
    assert heartbeat.status_url_template == ""
    _, qr, _ = issue()
    assert qr is None
    assert [r.message for r in caplog.records if "status_url" in r.message] == [
        "heartbeat: status_url_template ignored: not an http(s) URL with {id}"
    ]


def test_a_ticket_the_central_answers_voided_shows_no_place_in_its_queue(printed, server):
    _, _, issue = printed
    server.inject("voided")  # 410 to the online request: that number will not be called
    ticket, _, lines = issue()
    assert ticket.number == "A-801"  # the kiosk's own number, which the central then records
    assert ticket.people_ahead is None and ticket.estimated_wait_minutes is None
    assert not any("Ahead" in line or "Est. wait" in line for line in lines)
