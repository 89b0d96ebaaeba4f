"""A NIK typed into a complaint: masked in the text before it is stored (in whatever shape it
was typed), the sender told why; refused in the contact fields, which are kept and sent on.
Masked as the rest of the project masks: the last four digits, "•••• •••• •••• 8901"."""

from __future__ import annotations

import pytest

from kiosk_central.complaints.text import mask_niks
from layanan_rules.nik import InvalidNik, parse_nik
from tests.central_complaints.office import base, open_form, receipt

MASKED = "•••• •••• •••• 8901"


@pytest.mark.parametrize(
    "typed",
    [
        "3201012345678901",
        "3201 0123 4567 8901",
        "3201.0123.4567.8901",
        "3201-0123-4567-8901",
        "3201 - 0123 - 4567 - 8901",
        "320 101 234 567 8901",
        "3201\u00a00123\u00a04567\u00a08901",  # a no-break space, as some keyboards put
        "３２０１０１２３４５６７８９０１",  # full-width digits
        "３２０１　０１２３　４５６７　８９０１",  # ... and a full-width space
    ],
)
def test_a_nik_in_any_shape_is_masked(typed):
    masked, found = mask_niks(f"NIK saya {typed}, mohon dibantu.")
    assert found
    assert masked == f"NIK saya {MASKED}, mohon dibantu."


def test_inside_other_text_and_more_than_one():
    masked, found = mask_niks("nik:3201012345678901dan3171015708450001.")
    assert found and masked == f"nik:{MASKED}dan•••• •••• •••• 0001."


@pytest.mark.parametrize(
    "kept",
    [
        "081234567890",  # a mobile number: 12 digits
        "+62 812 3456 7890",  # 13
        "32010123456789012",  # 17 digits: a longer number, no NIK
        "Rp 1.500.000",
        "antre dari pukul 08.00 sampai 11.30, nomor A-007",
        "3201 0123\n4567 8901",  # not across a line break
    ],
)
def test_other_numbers_are_kept(kept):
    assert mask_niks(kept) == (kept, False)


def test_a_run_that_is_no_valid_nik_is_masked_too():
    """Decided: masked. A NIK with a digit mistyped still names its owner, and a 16-digit run
    that is no NIK is most often a bank card or virtual account number (text.py)."""
    card = "4111 1111 1111 1111"
    with pytest.raises(InvalidNik):
        parse_nik(card)
    assert mask_niks(f"kartu {card}") == ("kartu •••• •••• •••• 1111", True)


def test_the_sender_is_told_and_only_the_mask_is_stored(office):
    reply = open_form(office).send(text="Data saya salah. NIK 3201.0123.4567.8901 mohon cek.")
    receipt(reply)
    assert 'id="nik-masked"' in reply.text and "UU 27/2022" in reply.text
    assert office.query("SELECT text, nik_masked FROM complaints_complaint") == [
        (f"Data saya salah. NIK {MASKED} mohon cek.", True)
    ]


@pytest.mark.parametrize("engine", ["sqlite"])
@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("contact", "3201012345678901", "Jangan tulis NIK di sini"),
        ("contact", "3201 0123 4567 8901", "Jangan tulis NIK di sini"),
        ("contact", "3201012345678901@mail.example", "Jangan tulis NIK di sini"),
        ("name", "Budi 3201-0123-4567-8901", "Nama tidak boleh memuat NIK"),
    ],
)
def test_a_nik_in_the_contact_fields_is_refused(office, field, typed, words):
    fields = {"anonymous": "no", "name": "Budi", "contact": "081234567890", field: typed}
    reply = open_form(office).send(text="Antrean lama. NIK 3201012345678901", **fields)
    assert reply.status_code == 400 and words in reply.text
    assert office.query("SELECT COUNT(*) FROM complaints_complaint") == [(0,)]
    # What they typed comes back to them, the NIK masked there too, and they are told why.
    for digits in ("3201012345678901", "3201 0123 4567 8901", "3201-0123-4567-8901"):
        assert digits not in reply.text
    assert MASKED in reply.text and 'id="nik-masked"' in reply.text


@pytest.mark.parametrize("engine", ["sqlite"])
def test_sent_again_as_masked_it_is_still_said(office):
    """The form shown again holds the masked text; sent as it is, the receipt still says why."""
    reply = open_form(office).send(text=f"NIK saya {MASKED}, mohon dibantu.")
    receipt(reply)
    assert 'id="nik-masked"' in reply.text
    assert office.query("SELECT nik_masked FROM complaints_complaint") == [(1,)]


@pytest.mark.parametrize("engine", ["sqlite"])
def test_an_empty_photo_file_gets_a_sentence(office):
    reply = open_form(office).send(photo=("kosong.jpg", b"", "image/jpeg"))
    assert reply.status_code == 400 and "Berkas foto kosong" in reply.text


@pytest.mark.parametrize("engine", ["sqlite"])
def test_the_form_says_beforehand_that_a_nik_is_masked(office):
    page = open_form(office).session.get(base(office) + "/pengaduan/", timeout=30).text
    assert "Jangan tulis NIK: nomor 16 angka akan disamarkan" in page
