"""NIK (Nomor Induk Kependudukan): parsing, validation and masking.

Layout ``PP RR DD DDMMYY SSSS``: province, regency/city, district, birth date (women add 40 to
the day), serial. There is no check digit, so validation is structural: a province in force, a
regency number in a valid range, a date that exists and is not in the future, a non-zero serial.

>>> nik = parse_nik("3171015708450001", today=date(2026, 1, 1))
>>> nik.birth_date, nik.sex, nik.masked
(datetime.date(1945, 8, 17), 'F', '•••• •••• •••• 0001')

A ``Nik`` never shows its digits in ``repr`` or ``str``, so it cannot leak into a log by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from layanan_rules.regions import PROVINCES, regency_is_known

NIK_LENGTH = 16
Reason = Literal["length", "format", "region", "birth_date"]
Sex = Literal["M", "F"]
MASK_CHAR = "•"


class InvalidNik(ValueError):
    """A NIK that cannot be right; ``reason`` says which rule it breaks (never the digits)."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"invalid NIK ({reason}): {detail}")
        self.reason: Reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Nik:
    digits: str = field(repr=False)
    birth_date: date = field(repr=False)
    sex: Sex = field(repr=False)
    warnings: tuple[str, ...] = ()

    @property
    def province(self) -> str:
        return self.digits[:2]

    @property
    def regency(self) -> str:
        return self.digits[:4]

    @property
    def district(self) -> str:
        return self.digits[:6]

    @property
    def serial(self) -> str:
        return self.digits[12:]

    @property
    def masked(self) -> str:
        return mask_nik(self.digits)

    @property
    def last4(self) -> str:
        return self.digits[-4:]

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Nik(masked={self.masked!r}, warnings={self.warnings!r})"


def group(digits: str, size: int = 4) -> str:
    """'3171011708450001' -> '3171 0117 0845 0001', for a visitor to check what they typed."""
    return " ".join(digits[i : i + size] for i in range(0, len(digits), size))


def mask_nik(digits: str) -> str:
    """Everything but the last four digits hidden, grouped like the keypad shows it."""
    hidden = MASK_CHAR * max(len(digits) - 4, 0) + digits[-4:]
    return group(hidden)


def _birth_date(ddmmyy: str, today: date) -> tuple[date, Sex]:
    day, month, yy = int(ddmmyy[:2]), int(ddmmyy[2:4]), int(ddmmyy[4:])
    sex: Sex = "M"
    if day > 40:
        day -= 40
        sex = "F"
    if not 1 <= month <= 12:
        raise InvalidNik("birth_date", "month out of range")
    # The century is not written: the most recent year that is not in the future wins.
    for century in (2000, 1900):
        try:
            born = date(century + yy, month, day)
        except ValueError:
            # Feb 29 may exist in one century and not the other (2000 vs 1900): try both.
            continue
        if born <= today:
            return born, sex
    raise InvalidNik("birth_date", "date does not exist or is in the future")


def check_prefix(text: str, today: date | None = None) -> Reason | None:
    """The first rule a partly typed NIK already breaks, so the keypad can say so early."""
    if not text.isdigit() or not text.isascii():
        return "format" if text else None
    if len(text) >= 2 and text[:2] not in PROVINCES:
        return "region"
    if len(text) >= 4 and not _regency_number_valid(text[2:4]):
        return "region"
    if len(text) >= 6 and text[4:6] == "00":
        return "region"
    if len(text) > NIK_LENGTH:
        return "length"
    if len(text) >= 12:
        try:
            _birth_date(text[6:12], today or date.today())
        except InvalidNik as exc:
            return exc.reason
    return None


def _regency_number_valid(rr: str) -> bool:
    n = int(rr)
    return 1 <= n <= 69 or 71 <= n <= 99


def parse_nik(text: str, today: date | None = None) -> Nik:
    """Validate a NIK typed or scanned; spaces and dashes between groups are allowed."""
    digits = text.replace(" ", "").replace("-", "")
    if digits and not (digits.isascii() and digits.isdigit()):
        raise InvalidNik("format", "only digits are allowed")
    if len(digits) != NIK_LENGTH:
        raise InvalidNik("length", f"expected {NIK_LENGTH} digits, got {len(digits)}")
    if digits[:2] not in PROVINCES:
        raise InvalidNik("region", "unknown province code")
    if not _regency_number_valid(digits[2:4]):
        raise InvalidNik("region", "regency/city number out of range")
    if digits[4:6] == "00":
        raise InvalidNik("region", "district number 00")
    born, sex = _birth_date(digits[6:12], today or date.today())
    if digits[12:] == "0000":
        raise InvalidNik("format", "serial 0000")
    warnings: list[str] = []
    if regency_is_known(digits[:4]) is False:
        warnings.append("unknown regency")
    return Nik(digits=digits, birth_date=born, sex=sex, warnings=tuple(warnings))
