"""Dates, times and numbers as Indonesian (and English) readers expect them, for the kiosk's
screens and tickets and for the central's pages and reports alike."""

from __future__ import annotations

from datetime import date, datetime, time


def decimal(value: float, lang: str, places: int = 2) -> str:
    """A number with the decimal mark of ``lang``: "87,50" in Indonesian, "87.50" in English."""
    text = f"{value:.{places}f}"
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
