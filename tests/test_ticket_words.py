"""Issue 16.12 and the ticket's words (16.9): the service name double height on 58 mm paper,
where to wait, and Indonesian as an Indonesian government kiosk writes it."""

from __future__ import annotations

from dataclasses import replace

from kiosk.domain.ticket_layout import Text, TicketHeader, ticket_blocks
from tests.test_ticket_printing import make_ticket

HEADER = TicketHeader(office_name="Kantor Imigrasi", wait_at="Ruang tunggu utama")


def lines(blocks) -> list[Text]:
    return [b for b in blocks if isinstance(b, Text)]


def test_on_58_mm_the_service_name_is_double_height_and_the_number_unchanged():
    blocks = lines(ticket_blocks(make_ticket(), HEADER, 32))
    service = [b for b in blocks if b.text == "Paspor Baru"]
    assert service and (service[0].scale, service[0].height) == (1, 2) and service[0].bold
    number = next(b for b in blocks if b.text == "A-007")
    assert number.scale == 6  # as before: the largest that fits the line


def test_where_to_wait_from_the_kiosk_or_from_the_service():
    texts = [b.text for b in lines(ticket_blocks(make_ticket(), HEADER, 32))]
    assert "Tunggu di / Wait at: Ruang" in texts[texts.index("PRIORITAS / PRIORITY") + 1]
    ticket = make_ticket(service=replace(make_ticket().service, wait_at="Lantai 2"))
    texts = " ".join(b.text for b in lines(ticket_blocks(ticket, HEADER, 48)))
    assert "Tunggu di / Wait at: Lantai 2" in texts and "utama" not in texts


def test_indonesian_words_and_times_on_paper():
    ticket = make_ticket(people_ahead=3, estimated_wait_minutes=25)
    header = replace(HEADER, status_url_template="https://antrean.example.test/t/{ticket_id}")
    text = "\n".join(b.text for b in lines(ticket_blocks(ticket, header, 48)))
    assert "antrian" not in text.lower()
    assert "NOMOR ANTREAN" in text and "memantau antrean" in text
    assert "Perkiraan tunggu 25 menit" in text
    assert "pukul 09.15 WIB" in text and "09:15" not in text


def test_a_long_service_name_keeps_the_58_mm_line_at_normal_width():
    service = replace(make_ticket().service, name_id="Penggantian Paspor Hilang atau Rusak")
    blocks = lines(ticket_blocks(make_ticket(service=service), HEADER, 32))
    name = [b for b in blocks if b.height == 2 and b.scale == 1]
    # 36 characters: two lines of at most 32, not three of 16 as at double width.
    assert [b.text for b in name] == ["Penggantian Paspor Hilang atau", "Rusak"]
    wide = lines(ticket_blocks(make_ticket(service=service), HEADER, 48))
    assert [(b.scale, b.height) for b in wide if "Rusak" in b.text] == [(2, 2)]


def test_the_preview_draws_double_height_at_normal_width():
    from kiosk.hardware.ticket_preview import CELL_H, CELL_W, render_preview

    def ink(block):
        page = render_preview([block], 384)
        return page.height, page.point(lambda v: 255 - v).getbbox()

    normal_h, (x0, y0, x1, y1) = ink(Text("HH", bold=True))
    tall_h, (tx0, ty0, tx1, ty1) = ink(Text("HH", height=2, bold=True))
    assert tall_h - normal_h == CELL_H  # one more row of cells
    assert abs((tx1 - tx0) - (x1 - x0)) <= 2 < CELL_W  # the same width, not a cell wider
    assert (ty1 - ty0) >= 1.8 * (y1 - y0)  # twice as tall


def test_no_counter_serving_prints_an_unknown_wait_never_zero_minutes():
    def printed(**facts) -> str:
        return " ".join(b.text for b in lines(ticket_blocks(make_ticket(**facts), HEADER, 48)))

    unknown = printed(people_ahead=3, estimated_wait_minutes=None)
    assert "Perkiraan tunggu belum diketahui / Est. wait not yet known" in unknown
    soon = printed(people_ahead=0, estimated_wait_minutes=0)
    assert "0 menit" not in soon and "Segera dipanggil" in soon
    # standalone: the kiosk knows nothing of the queue and says nothing
    assert "Perkiraan" not in printed(people_ahead=None, estimated_wait_minutes=None)
