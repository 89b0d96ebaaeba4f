"""The office's holiday file (the TOML the kiosk reads too), into the central's Holiday rows.

    [[holidays]]
    date = 2026-12-25
    name = "Hari Raya Natal"

Checked whole by the kiosk's own rule (layanan_rules.opening.Holidays) before anything is
written: one wrong row names itself in one line and nothing is imported. A date already listed
takes the file's name; dates not in the file stay.
"""

from __future__ import annotations

import tomllib

from django.db import transaction

from kiosk_central.queue.models import Holiday, Office
from layanan_rules.opening import Holidays, HoursError


def parse_holidays(text: str, source: str = "holidays") -> Holidays:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HoursError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(data) - {"holidays"}
    if unknown:
        raise HoursError(f"{source}: unknown key {sorted(unknown)[0]!r}; expected [[holidays]]")
    rows = data.get("holidays", [])
    if not isinstance(rows, list):
        raise HoursError(f"{source}: holidays: expected [[holidays]] tables")
    return Holidays.parse(rows, where=f"{source}: holidays")


def import_holidays(office: Office, text: str, source: str = "holidays") -> int:
    holidays = parse_holidays(text, source)
    with transaction.atomic():
        for day, name in holidays.names.items():
            Holiday.objects.update_or_create(office=office, date=day, defaults={"name": name})
    return len(holidays.names)
