"""Every segment an announcement can use: its file name and the Indonesian text espeak-ng says.

The chime is not speech: it has no text and is made by sox (see ``generate``).
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk_central.announce.speech import (
    CHIME,
    DIGITS,
    LETTER_NAMES,
    TENS_WORDS,
    TO_COUNTER,
    letter_segment,
    name_segment,
)

PHRASES = {
    TO_COUNTER: "loket",
}


def catalogue(counter_names: Iterable[str] = ()) -> dict[str, str | None]:
    """Segment name -> text to speak (``None`` for the chime), for every segment a call can use.

    ``counter_names`` are the office's counters known by a name rather than a number.

    >>> cat = catalogue(["Prioritas"])
    >>> cat["huruf_c"], cat["belas"], cat["nama_prioritas"], cat["chime"]
    ('ce', 'belas', 'prioritas', None)
    """
    entries: dict[str, str | None] = {CHIME: None, **PHRASES}
    entries.update({letter_segment(letter): name for letter, name in LETTER_NAMES.items()})
    entries.update({word: word for word in (*DIGITS, *TENS_WORDS)})
    for name in counter_names:
        entries[name_segment(name)] = " ".join(name.lower().split())
    return entries
