"""Who a booking is for, as typed on the public form: an Indonesian NIK (the shared NIK rules)
or, for a foreigner (residence permits), a passport number checked for form. Only what the
booking keeps leaves here: a keyed hash of the number, its last four characters, its kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from kiosk_central.public.limits import keyed_hash
from layanan_rules.nik import InvalidNik, parse_nik

# ICAO 9303: up to 9 characters, letters and digits; in practice 6 to 9, at least one digit.
PASSPORT = re.compile(r"[A-Z0-9]{6,9}")
_SPACES = re.compile(r"[\s.-]+")


class HolderError(ValueError):
    """A number that cannot be right; the text is for the page (never the number itself)."""


@dataclass(frozen=True)
class Holder:
    kind: str  # "nik" or "passport"
    key: str = ""  # keyed hash of kind:number
    last4: str = ""

    @property
    def masked(self) -> str:
        return f"•••• {self.last4}"

    def __repr__(self) -> str:
        return f"Holder({self.kind}, ••••{self.last4})"


def parse_holder(kind: str, text: str, today: date) -> Holder:
    number = _SPACES.sub("", str(text or "")).upper()[:40]
    if kind == "passport":
        if not PASSPORT.fullmatch(number) or not any(c.isdigit() for c in number):
            raise HolderError(
                _("A passport number has 6 to 9 letters and digits, as printed in the passport.")
            )
    else:
        kind = "nik"
        try:
            parse_nik(number, today=today)
        except InvalidNik as exc:
            raise HolderError(_nik_message(exc.reason)) from None
    return Holder(kind, keyed_hash(f"{kind}:{number}", "holder"), number[-4:])


def _nik_message(reason: str) -> str:
    return {
        "length": _("A NIK has 16 digits. Please check the number on the KTP."),
        "format": _("A NIK has digits only. Please check the number on the KTP."),
        "region": _("This NIK's region code does not exist. Please check the first digits."),
        "birth_date": _("This NIK's birth date does not exist. Please check digits 7 to 12."),
    }.get(reason, _("This NIK is not valid. Please check the number on the KTP."))
