"""Issue 16.9: the standard forms an Indonesian government kiosk uses, in every text a visitor
reads (the UI table; the paper ticket is checked in test_ticket_words)."""

from __future__ import annotations

import re

import pytest

from kiosk.domain.i18n import TEXTS, tr
from layanan_rules.formatting import format_time

INDONESIAN = {key: pair[0] for key, pair in TEXTS.items()}


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"antrian", "KBBI: antrean"),
        (r"\bdigit\b", "angka, not digit"),
        (r"\bmin\b", "menit, not min"),
        (r"tidak sah|tidak mungkin", "NIK tidak valid"),
        (r"\d:\d\d", "PUEBI: times with a full stop"),
        (r"janji temu", "one term for a booking: booking"),
    ],
)
def test_no_nonstandard_form_in_indonesian(pattern, why):
    found = {k: v for k, v in INDONESIAN.items() if re.search(pattern, v, re.IGNORECASE)}
    assert not found, why


def test_the_words_the_issue_asks_for():
    assert tr("nik.clear", "id") == "Hapus Semua"
    assert tr("nik.error.format", "id").startswith("NIK tidak valid")
    assert tr("nik.error.birth_date", "id").startswith("Tanggal lahir pada NIK tidak valid")
    assert format_time(__import__("datetime").time(10, 26), "id") == "10.26"
    assert "antrean" in tr("home.take_number", "id").lower()
