"""What the sender types, made safe to keep: a run of 16 digits that looks like a NIK is
masked before it is stored (UU 27/2022: the office never asked for it and must not keep it);
and the tracking code and its secret, made here and checked here."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from layanan_rules.nik import NIK_LENGTH, mask_nik

# Sixteen digits, possibly typed in groups ("3171 0117 0845 0001", "3171.0117.0845.0001",
# "3171 - 0117 - ..."), not part of a longer number. Digits may be full-width (a Japanese or
# Chinese keyboard: "３１７１...") or of another script: Python's \d knows them all. Between
# two digits at most three separators (spaces of any width, dots, dashes), never a line break.
#
# Every such run is masked, whether or not it is a valid NIK by layanan_rules.nik: a NIK with
# one digit mistyped (a birth date that cannot be) still names its owner, and a 16-digit run
# that is no NIK at all is most often a bank card or virtual account number, which the office
# must not keep either. A wrong guess costs a number's first twelve digits, which the office
# can ask for through the contact; a missed NIK costs the sender's identity.
_SEPARATOR = "[ \u00a0\u2007\u202f\u3000.\\-\u2010-\u2015\u2212\uff0d\uff0e]"
_RUN = re.compile(rf"(?<!\d)\d(?:{_SEPARATOR}{{0,3}}\d){{{NIK_LENGTH - 1}}}(?!\d)")

# Codes read aloud and typed on a phone: no 0/O, 1/I/L.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
SECRET_LENGTH = 10


def mask_niks(text: str) -> tuple[str, bool]:
    """``text`` with every NIK-like run masked, and whether there was one."""
    found = False

    def hide(match: re.Match) -> str:
        nonlocal found
        found = True
        # The last four as ASCII digits, as the rest of the project shows them.
        digits = "".join(str(unicodedata.digit(ch)) for ch in match.group() if ch.isdigit())
        return mask_nik(digits)

    return _RUN.sub(hide, text), found


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_code() -> str:
    return "P-" + _random(CODE_LENGTH)


def new_secret() -> str:
    return _random(SECRET_LENGTH)


def normalise(typed: str) -> str:
    """What a person types back (lower case, spaces, a dash or not) as it was shown."""
    return re.sub(r"[^A-Z0-9]", "", typed.upper())


def hash_secret(secret: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{normalise(secret)}".encode()).hexdigest()


def secret_matches(typed: str, salt: str, stored: str) -> bool:
    return hmac.compare_digest(hash_secret(typed, salt), stored)


def code_of(typed: str) -> str:
    """The code as stored ("P-XXXXXXXX") from what a person typed ("p xxxx xxxx")."""
    bare = normalise(typed)
    if bare.startswith("P") and len(bare) == CODE_LENGTH + 1:
        bare = bare[1:]
    return "P-" + bare[:CODE_LENGTH]
