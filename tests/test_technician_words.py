"""Issue 16.9 on the technician screen: the day's summary and the health rows are said in the
screen's language, with English plurals right, and never as an exception's repr."""

from __future__ import annotations

import pytest

from kiosk.domain.i18n import count
from kiosk.store.summary import DaySummary
from kiosk.usecases.doctor import DEVICES, Duration, Fault, Result, _checks, found
from layanan_rules.formatting import decimal
from layanan_rules.ratings import overall_index


def summary(tickets=1, not_printed=0, scores=(), waiting=0, refused=0) -> DaySummary:
    return DaySummary(tickets, not_printed, overall_index(scores), waiting, refused)


def test_one_ticket_is_a_ticket_in_english():
    assert summary().describe("en") == (
        "Today: 1 ticket (0 not printed), 0 ratings, exit index -. Outbox: 0 waiting, 0 refused."
    )
    text = summary(tickets=2, not_printed=1, scores=[4], waiting=3).describe("en")
    assert text.startswith("Today: 2 tickets (1 not printed), 1 rating, exit index 100.00 (A).")


def test_the_summary_in_indonesian():
    text = summary(tickets=12, not_printed=1, scores=[4, 3], waiting=2, refused=1).describe("id")
    assert text == (
        "Hari ini: 12 tiket (1 tidak tercetak), 2 penilaian, indeks kepuasan 87,50 (B). "
        "Data ke server: 2 menunggu, 1 ditolak."
    )
    assert summary().describe("id").startswith("Hari ini: 1 tiket (0 tidak tercetak), 0 penilaian")


@pytest.mark.parametrize(("n", "en", "id_"), [(0, "0 tickets", "0 tiket"),
                         (1, "1 ticket", "1 tiket"), (21, "21 tickets", "21 tiket")])  # fmt: skip
def test_count(n, en, id_):
    assert count("count.tickets", "en", n) == en and count("count.tickets", "id", n) == id_


def test_decimal_mark():
    assert decimal(87.5, "id") == "87,50" and decimal(87.5, "en") == "87.50"


def test_a_broken_check_is_a_sentence_not_a_repr():
    broke = Result("FAIL", "database", "OperationalError: disk I/O error", found=found("broke"))
    assert broke.said("id") == "pemeriksaan ini gagal; lihat log"
    assert broke.said("en") == "this check broke; see the log"
    # Without words of its own, a row says what its status means, not its English detail.
    bare = Result("WARN", "configuration", "ValueError('x')")
    assert bare.said("id") == "perlu dicek: jalankan kiosk doctor"


def test_a_live_fault_in_words():
    row = Result("FAIL", "printer", "paper_out for 3 min", source="live",
                 found=found("fault_for", fault=Fault("paper_out"), d=Duration(200)))  # fmt: skip
    assert row.said("id") == "kertas habis selama 3 menit"
    assert row.said("en") == "paper out for 3 min"
    odd = Result("FAIL", "scanner", "", found=found("fault_now", fault=Fault("weird_thing")))
    assert odd.said("id") == "gangguan"


def test_no_answer_in_time_uses_the_decimal_comma():
    row = Result("FAIL", "central API", "", found=found("no_answer", s=4.5))
    assert row.said("id") == "tidak menjawab dalam 4,5 detik"


def test_every_check_and_status_has_its_words():
    names = {name for name, _ in _checks(None)} | set(DEVICES)
    assert len(names) == 11  # issue 20: opening hours
    for name in names:
        for status in ("OK", "WARN", "FAIL"):
            row = Result(status, name, "")
            assert row.named("id") and row.named("en") and row.status_said("en")
    assert Result("WARN", "central API", "").named("id") == "Server pusat"
    assert Result("WARN", "central API", "").status_said("id") == "CEK"
