"""An office with real hours, a holiday, a cut-off and quotas, set in the central's database
as the admin would, and the central's clock set to a chosen instant (the server reads it from
the file named by KIOSK_CENTRAL_FAKE_NOW_FILE on every request)."""

from __future__ import annotations

import json
from datetime import datetime

from kiosk_testsupport.clocks import OFFICE_WEEK as WEEK


class Clock:
    def __init__(self, path, monkeypatch) -> None:
        self.path = path
        monkeypatch.setenv("KIOSK_CENTRAL_FAKE_NOW_FILE", str(path))

    def set(self, moment: datetime) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(moment.isoformat())
        tmp.replace(self.path)  # never a half-written instant


def _write(central, sql: str, *params) -> None:
    # RETURNING: the fixture's query() fetches rows, on both engines.
    assert central.query(sql + " RETURNING id", *params), sql


def settings_changed(central) -> None:
    """After SQL around Django: the office's config_version raised as the admin's save raises
    it (kiosk_central.queue.config_stamp), so a running server reads the change at once."""
    _write(central, "UPDATE queue_office SET config_version = config_version + 1")


def set_hours(central, hours: dict = WEEK) -> None:
    _write(central, "UPDATE queue_office SET hours = ?", json.dumps(hours))
    settings_changed(central)


def add_holiday(central, day: str, name: str) -> None:
    office = central.query("SELECT id FROM queue_office")[0][0]
    _write(
        central,
        "INSERT INTO queue_holiday (office_id, date, name) VALUES (?, ?, ?)",
        office,
        day,
        name,
    )


def set_rules(central, service: str, last_issue=None, walk_in=None, priority=None, booking=None):
    _write(
        central,
        "UPDATE queue_service SET last_issue = ?, quota_walk_in = ?, quota_priority = ?, "
        "quota_booking = ? WHERE code = ?",
        last_issue,
        walk_in,
        priority,
        booking,
        service,
    )
    settings_changed(central)


def add_bookings(central, tmp_path, *rows: tuple[str, str, datetime, datetime]) -> None:
    """Through `kiosk-central import-bookings`, as the office imports its day."""
    lines = ["code,service,slot_start,slot_end,holder_masked"]
    lines += [f"{c},{s},{a.isoformat()},{b.isoformat()},BUDI S***" for c, s, a, b in rows]
    path = tmp_path / "bookings.csv"
    path.write_text("\n".join(lines) + "\n")
    central.cli("import-bookings", str(path))
