"""Dates, times and numbers as Indonesian (and English) readers expect them, for the kiosk's
screens and tickets and for the central's pages and reports alike."""

from __future__ import annotations

import math
from datetime import date, datetime, time
from fractions import Fraction


def rounded(value: float | Fraction, places: int = 2) -> float:
    """``value`` to ``places`` decimals, an exact half up, as a person and Excel round: the
    one rounding every figure gets, before it is shown, exported or graded. A float is taken
    as it is written (its shortest repr), so 2.675 rounds like the 2.675 on the page, not like
    the binary 2.67499... Python's round() rounds the half to even (78.125 to 78.12).

    >>> rounded(78.125), rounded(3.125, 2), rounded(22.25, 1), rounded(2.675)
    (78.13, 3.13, 22.3, 2.68)
    >>> rounded(Fraction(1, 8), 2)
    0.13
    >>> rounded(78.12499), rounded(0.0), rounded(100, 1)
    (78.12, 0.0, 100.0)
    """
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    scale = 10**places
    return math.floor(exact * scale + Fraction(1, 2)) / scale


def decimal(value: float | Fraction, lang: str, places: int = 2) -> str:
    """A number rounded half up with the decimal mark of ``lang``: "87,50" in Indonesian,
    "87.50" in English.

    >>> decimal(78.125, "id"), decimal(78.125, "en"), decimal(22.25, "id", 1)
    ('78,13', '78.13', '22,3')
    """
    text = f"{rounded(value, places):.{places}f}"
    return text if lang == "en" else text.replace(".", ",")


_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def format_time(moment: time | datetime, lang: str) -> str:
    """A time of day as each language writes it: PUEBI's full stop in Indonesian.

    >>> format_time(time(10, 26), "id"), format_time(time(10, 26), "en")
    ('10.26', '10:26')
    """
    return f"{moment:%H.%M}" if lang != "en" else f"{moment:%H:%M}"


def format_date(day: date, lang: str, weekday: bool = True) -> str:
    """'Sabtu, 28 November 2026' / 'Saturday, 28 November 2026'; without the weekday where
    room is short.

    >>> format_date(date(2026, 11, 28), "id", weekday=False)
    '28 November 2026'
    """
    lang = "en" if lang == "en" else "id"
    text = f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"
    return f"{_DAYS[lang][day.weekday()]}, {text}" if weekday else text


def weekday_name(day: date, lang: str) -> str:
    return _DAYS["en" if lang == "en" else "id"][day.weekday()]
