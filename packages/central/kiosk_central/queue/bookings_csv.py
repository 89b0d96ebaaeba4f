"""The day's bookings from a CSV file: all rows or none.

    code,service,slot_start,slot_end,holder_masked
    MP-2026-00042,penggantian,2026-11-30T09:00,2026-11-30T09:30,BUDI S***

``code``: letters, digits and '-', at most 64; ``service``: a service code of the office;
``slot_start``/``slot_end``: ISO 8601, office time when no offset is given (may be empty);
``holder_masked``: the name as the kiosk may show it, already masked (never a NIK); an optional
``status`` column takes booked or cancelled. A code already imported is updated.

The file is refused unread when it is bigger than ``MAX_BYTES`` (a day of even a large office
is well under 1 MB), then read as a stream, row by row: a file is never held whole in memory.
Each broken row is one line naming the row, the column and the rule, never the value (a NIK
typed in the wrong column must not come back in a message or a log).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import BinaryIO
from zoneinfo import ZoneInfo

from django.db import transaction

from kiosk_central.queue.models import Booking, Office

COLUMNS = ("code", "service", "slot_start", "slot_end", "holder_masked")
CODE = re.compile(r"[A-Za-z0-9-]{1,64}")
NIK_LIKE = re.compile(r"\d{16}")
MAX_ROWS = 20000
MAX_BYTES = 5 * 1024 * 1024
MAX_FIELD = 200  # the longest column, holder_masked, is 64: anything far longer is not a booking
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
YEARS = range(2000, 2100)  # a slot outside is a typo, not a booking (and year 9999 overflows)


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
    if parsed.year not in YEARS:
        raise ValueError(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def lines(stream: BinaryIO) -> Iterable[str]:
    """The file's lines as text (UTF-8, a byte-order mark allowed), read as they are needed;
    BookingsError when it is too big or not UTF-8."""
    stream.seek(0, 2)
    if stream.tell() > MAX_BYTES:
        raise BookingsError([f"the file is bigger than {MAX_BYTES // (1024 * 1024)} MB"])
    stream.seek(0)
    decode = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    for number, chunk in enumerate(iter(lambda: stream.read(64 * 1024), b"")):
        try:
            pending += decode.decode(chunk)
        except UnicodeDecodeError:
            raise BookingsError([f"bytes {number * 64 * 1024}-: not UTF-8 text"]) from None
        *complete, pending = pending.split("\n")
        yield from (line + "\n" for line in complete)
    if pending:
        yield pending


class _Bad(ValueError):
    """One row's problem: its column and the rule, never the value."""


def _records(reader: csv.DictReader) -> Iterator[tuple[int, dict | None]]:
    """(line, row) for each row; row None when csv itself cannot read it (a field past its
    limit, a broken quote), after which nothing further can be trusted."""
    while True:
        start = reader.line_num + 1  # where the next row begins
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, None
            return
        yield reader.line_num, row


def _booking(row: dict, services: dict, tz: ZoneInfo, seen: set[str]) -> dict:
    """The booking in ``row``, or _Bad."""
    if None in row or any(v is None for v in row.values()):
        raise _Bad("wrong number of fields")
    bad = [k for k, v in row.items() if len(v) > MAX_FIELD or CONTROL.search(v)]
    if bad:
        raise _Bad(f"{bad[0]}: longer than {MAX_FIELD} characters or a control character")
    code, service = row["code"].strip(), row["service"].strip()
    status = (row.get("status") or "booked").strip()
    try:
        start, end = _time(row["slot_start"], tz), _time(row["slot_end"], tz)
    except ValueError:
        years = f"{YEARS.start}-{YEARS.stop - 1}"
        raise _Bad(f"slot_start/slot_end: expected ISO 8601 times in {years}") from None
    holder = row["holder_masked"]
    for fails, rule in (
        (not CODE.fullmatch(code) or NIK_LIKE.search(code), "code: expected letters, digits, '-'"),
        (code in seen, "code appears twice"),
        (service not in services, "service: not a service of this office"),
        (start and end and end <= start, "slot_end is not after slot_start"),
        (NIK_LIKE.search(holder) or len(holder) > 64, "holder_masked: expected a masked name"),
        (status not in ("booked", "cancelled"), "status: expected booked or cancelled"),
    ):
        if fails:
            raise _Bad(rule)
    seen.add(code)
    return {
        "code": code,
        "service": services[service],
        "slot_start": start,
        "slot_end": end,
        "holder_masked": holder.strip(),
        "status": status,
    }


def parse(office: Office, text: Iterable[str]) -> list[dict]:
    tz = ZoneInfo(office.time_zone)
    services = {s.code: s for s in office.services.all()}
    reader = csv.DictReader(text)
    try:
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    except csv.Error:
        raise BookingsError(["line 1: not a CSV header"]) from None
    if missing:
        raise BookingsError([f"line 1: missing column(s) {', '.join(missing)}"])
    rows, problems, seen = [], [], set()
    for line, row in _records(reader):
        if row is None:
            problems.append(f"line {line}: not a CSV row (a field too long?)")
        elif len(rows) >= MAX_ROWS:
            raise BookingsError([f"line {line}: more than {MAX_ROWS} bookings"])
        else:
            try:
                rows.append(_booking(row, services, tz, seen))
            except _Bad as bad:
                problems.append(f"line {line}: {bad}")
    if problems:
        raise BookingsError(problems)
    return rows


def import_bookings(office: Office, stream: BinaryIO) -> int:
    """How many bookings were imported from the file ``stream``; BookingsError (nothing
    imported) if it is too big or any row is broken."""
    rows = parse(office, lines(stream))
    with transaction.atomic():
        for row in rows:
            code = row.pop("code")
            Booking.objects.update_or_create(office=office, code=code, defaults=row)
    return len(rows)
