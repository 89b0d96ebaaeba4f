"""How calls are read aloud: every ticket and counter form, and every segment has a voice."""

from __future__ import annotations

import pytest

from kiosk_central.announce.catalogue import catalogue
from kiosk_central.announce.speech import call_segments, counter_segments, number_words
from layanan_rules.queue_numbers import format_number


def test_the_example_call():
    """ "A tujuh, loket dua": no "nomor", no leading zeros (issue 27: at most 4.5 s)."""
    assert call_segments("A-007", 2) == ["chime", "huruf_a", "tujuh", "loket", "dua"]


@pytest.mark.parametrize("ticket", ["A-007", "A007", "a-007", " A 007 ", "A7", "A-7"])
def test_every_way_of_writing_a_ticket_reads_the_same(ticket):
    assert call_segments(ticket, 1)[1:3] == ["huruf_a", "tujuh"]


def test_zeros_inside_a_number_are_read_and_7_70_700_differ():
    said = {n: call_segments(format_number("A", n), 1)[2:-2] for n in (7, 70, 700, 107)}
    assert said == {
        7: ["tujuh"],
        70: ["tujuh", "nol"],
        700: ["tujuh", "nol", "nol"],
        107: ["satu", "nol", "tujuh"],
    }


def test_past_999_the_fourth_digit_is_read():
    assert call_segments(format_number("B", 1234), 3)[1:6] == [
        "huruf_b",
        "satu",
        "dua",
        "tiga",
        "empat",
    ]


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (70, "tujuh puluh"),
        (99, "sembilan puluh sembilan"),
    ],
)
def test_counters_are_number_words(n, words):
    assert " ".join(number_words(n)) == words
    assert counter_segments(n) == counter_segments(str(n)) == words.split()


def test_a_named_counter_is_its_own_segment():
    assert counter_segments("Pojok  Lansia") == ["nama_pojok_lansia"]


@pytest.mark.parametrize("bad", [0, 100, -1, True, "", "Loket-2!", "x" * 31])
def test_impossible_counters_are_refused(bad):
    with pytest.raises(ValueError):
        counter_segments(bad)


@pytest.mark.parametrize("bad", ["", "007", "AB-001", "A-", "A-00001", "Ä-001", "A-0x1", "A-000"])
def test_impossible_tickets_are_refused(bad):
    with pytest.raises(ValueError, match="not a ticket number"):
        call_segments(bad, 1)


def test_every_call_uses_only_catalogued_segments():
    known = catalogue(["Prioritas"])
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for n in (1, 7, 10, 99, 100, 999, 1000):
            for counter in [*range(1, 100), "Prioritas"]:
                assert set(call_segments(format_number(letter, n), counter)) <= known.keys()
