"""The day's bookings from a CSV file: all rows or none.

    code,service,slot_start,slot_end,holder_masked
    MP-2026-00042,penggantian,2026-11-30T09:00,2026-11-30T09:30,BUDI S***

``code``: letters, digits and '-', at most 64; ``service``: a service code of the office;
``slot_start``/``slot_end``: ISO 8601, office time when no offset is given (may be empty);
``holder_masked``: the name as the kiosk may show it, already masked (never a NIK); an optional
``status`` column takes booked or cancelled. A code already imported is updated.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from kiosk_central.queue.models import Booking, Office

COLUMNS = ("code", "service", "slot_start", "slot_end", "holder_masked")
CODE = re.compile(r"[A-Za-z0-9-]{1,64}")
NIK_LIKE = re.compile(r"\d{16}")
MAX_ROWS = 20000


class BookingsError(ValueError):
    """Every broken row, each named by its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "; ".join(problems[:20])
            + (f" (+{len(problems) - 20} more)" if len(problems) > 20 else "")
        )
        self.problems = problems


def _time(value: str, tz: ZoneInfo) -> datetime | None:
    if not value.strip():
        return None
    parsed = datetime.fromisoformat(value.strip())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def parse(office: Office, text: str) -> list[dict]:
    tz = ZoneInfo(office.time_zone)
    services = {s.code: s for s in office.services.all()}
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise BookingsError([f"line 1: missing column(s) {', '.join(missing)}"])
    rows, problems, seen = [], [], set()
    for row in reader:
        line = reader.line_num
        if len(rows) >= MAX_ROWS:
            raise BookingsError([f"line {line}: more than {MAX_ROWS} bookings"])
        if None in row or any(v is None for v in row.values()):
            problems.append(f"line {line}: wrong number of fields")
            continue
        code, service = row["code"].strip(), row["service"].strip()
        status = (row.get("status") or "booked").strip()
        try:
            start, end = _time(row["slot_start"], tz), _time(row["slot_end"], tz)
        except ValueError:
            problems.append(f"line {line}: slot_start/slot_end: expected ISO 8601 times")
            continue
        if not CODE.fullmatch(code):
            problems.append(f"line {line}: code {code!r}: expected letters, digits, '-'")
        elif code in seen:
            problems.append(f"line {line}: code {code} appears twice")
        elif service not in services:
            problems.append(f"line {line}: service {service!r}: not a service of this office")
        elif start and end and end <= start:
            problems.append(f"line {line}: slot_end is not after slot_start")
        elif NIK_LIKE.search(row["holder_masked"]) or len(row["holder_masked"]) > 64:
            problems.append(f"line {line}: holder_masked: expected a masked name (no NIK)")
        elif status not in ("booked", "cancelled"):
            problems.append(f"line {line}: status {status!r}: expected booked or cancelled")
        else:
            seen.add(code)
            rows.append(
                {
                    "code": code,
                    "service": services[service],
                    "slot_start": start,
                    "slot_end": end,
                    "holder_masked": row["holder_masked"].strip(),
                    "status": status,
                }
            )
    if problems:
        raise BookingsError(problems)
    return rows


def import_bookings(office: Office, text: str) -> int:
    """How many bookings were imported; BookingsError (nothing imported) if any row is broken."""
    rows = parse(office, text)
    with transaction.atomic():
        for row in rows:
            code = row.pop("code")
            Booking.objects.update_or_create(office=office, code=code, defaults=row)
    return len(rows)
