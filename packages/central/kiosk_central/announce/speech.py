"""How a call is read aloud: the ordered segments of one announcement.

The decision. The ticket number is read **digit by digit, without its leading zeros**:
``A-007`` is "A tujuh", ``A-070`` "A tujuh nol", ``B-123`` "be satu dua tiga". Reasons:

- The visitor holds a ticket showing ``A-007`` in large print and matches what they hear to
  what they read, symbol by symbol; 7, 70 and 700 stay apart ("tujuh", "tujuh nol",
  "tujuh nol nol"), while numbers read as words turn 17 ("tujuh belas") and 70 ("tujuh puluh")
  into a single word of difference, the one most easily lost to the echo of a waiting room.
- The leading zeros carry nothing a listener needs and cost about 0.4 s each (issue 27: one
  call in at most 4.5 s, at the same unhurried rate, so words and silences go, never speed).
- Ten digit words are all an office must record to replace the voice with its own.

The counter, by contrast, is a small number said once and heard as "where do I go": it is read
as Indonesian number words up to 99 ("dua", "dua belas", "dua puluh satu"), which is how
people say a loket. A counter with a name instead of a number (``"Prioritas"``) is one segment of
its own, ``nama_prioritas``, generated from that name and replaceable like any other.
"""

from __future__ import annotations

import re

CHIME = "chime"
# "A tujuh, loket dua": the words a waiting room needs and no more, so one call is said in
# at most 4.5 s at a natural rate ("nomor antrean A nol nol tujuh, silakan ke loket dua" took
# 6.5 s and "nomor A nol nol tujuh, loket dua" 4.1 s to 6.5 s, and a burst of calls queued up
# behind it). The rate is never raised: elderly visitors must follow it.
TO_COUNTER = "loket"

DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
# Indonesian number words are built from these: 10 sepuluh, 11 sebelas, 12-19 "x belas",
# 20-99 "x puluh [y]".
TENS_WORDS = ("sepuluh", "sebelas", "belas", "puluh")

# How Indonesians spell a letter aloud (the letter alone makes espeak guess).
LETTER_NAMES = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge", "H": "ha",
    "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pe",
    "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u", "V": "ve", "W": "we", "X": "eks",
    "Y": "ye", "Z": "zet",
}  # fmt: skip

MAX_COUNTER = 99
_TICKET = re.compile(r"^\s*([A-Za-z])\s*-?\s*(\d{1,4})\s*$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z ]{0,29}$")


def letter_segment(letter: str) -> str:
    return f"huruf_{letter.lower()}"


def name_segment(name: str) -> str:
    """The segment of a counter known by a name: ``"Pojok Lansia"`` -> ``nama_pojok_lansia``."""
    if not _NAME.match(name.strip()):
        raise ValueError(f"a counter name is letters and spaces, at most 30: {name!r}")
    return "nama_" + "_".join(name.lower().split())


def number_words(n: int) -> list[str]:
    """Indonesian number words for 1-99, one segment each.

    >>> [" ".join(number_words(n)) for n in (2, 10, 11, 12, 20, 21)]
    ['dua', 'sepuluh', 'sebelas', 'dua belas', 'dua puluh', 'dua puluh satu']
    """
    if not 1 <= n <= MAX_COUNTER:
        raise ValueError(f"a counter number is 1 to {MAX_COUNTER}: {n}")
    if n < 10:
        return [DIGITS[n]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if n < 20:
        return [DIGITS[n - 10], "belas"]
    tens, ones = divmod(n, 10)
    return [DIGITS[tens], "puluh"] + ([DIGITS[ones]] if ones else [])


def ticket_segments(ticket: str) -> list[str]:
    """The letter and each digit of a ticket number (``A-007``, ``A007``, ``a 7``), the
    leading zeros left out.

    >>> ticket_segments("A-007"), ticket_segments("B-070")
    (['huruf_a', 'tujuh'], ['huruf_b', 'tujuh', 'nol'])
    """
    match = _TICKET.match(ticket)
    if not match:
        raise ValueError(f"not a ticket number: {ticket!r}")
    letter, digits = match.groups()
    digits = digits.lstrip("0")
    if not digits:
        raise ValueError(f"not a ticket number (they start at 1): {ticket!r}")
    return [letter_segment(letter)] + [DIGITS[int(d)] for d in digits]


def counter_segments(counter: int | str) -> list[str]:
    """A counter number (1-99, as int or digits) as words; a named counter as its own segment."""
    if isinstance(counter, bool):
        raise ValueError(f"not a counter: {counter!r}")
    if isinstance(counter, int):
        return number_words(counter)
    text = str(counter).strip()
    if text.isdigit():
        return number_words(int(text))
    return [name_segment(text)]


def call_segments(ticket: str, counter: int | str) -> list[str]:
    """The whole announcement, in playing order.

    >>> call_segments("A-007", 2)
    ['chime', 'huruf_a', 'tujuh', 'loket', 'dua']
    """
    return [CHIME, *ticket_segments(ticket), TO_COUNTER, *counter_segments(counter)]
