"""Booking codes: unguessable, short enough to read aloud over the phone, and in the form the
kiosk's scanner accepts as a plain booking code (the kiosk's scan rules: [A-Z0-9][A-Z0-9-]{5,39},
never a run of 16 digits).

Twelve characters from 31 (no 0/O, 1/I/L: misread aloud and on cheap screens) carry 59 bits:
guessing one of a day's thousand codes takes about 2^49 tries, and every change also needs the
holder's last four digits.

>>> import re
>>> bool(re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", new_code()))
True
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
FORM = re.compile(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


def new_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise(text: str) -> str:
    """What a person typed as a code: upper case, spaces and missing dashes forgiven.

    >>> normalise(" k7qm 4tzh9rna ")
    'K7QM-4TZH-9RNA'
    """
    chars = re.sub(r"[^0-9A-Za-z]", "", str(text or ""))[:24].upper()
    if len(chars) != 12:
        return chars
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"
