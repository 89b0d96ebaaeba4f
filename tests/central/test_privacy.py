"""A NIK reaches the central's database and nothing else (no log line), stays as long as the
office's retention says, and is then erased, from the SQLite file's bytes too."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.central.api import post, ticket_body

NIK = "1701054101900001"


def test_a_nik_is_kept_for_the_retention_then_erased(central):
    token = central.register("kiosk-01")
    central.start()
    old = (datetime.now(ZoneInfo("Asia/Jakarta")) - timedelta(days=3)).isoformat()
    body = ticket_body("kiosk-01", nik=NIK, number="A-801", issued_at=old, source="nik")
    assert post(central.url, "/tickets", token, body, str(uuid.uuid4())).status_code == 201
    today = ticket_body("kiosk-01", nik="3171011708450001", source="nik")
    assert post(central.url, "/tickets", token, today, str(uuid.uuid4())).status_code == 201
    # A refused record with a NIK is not logged either.
    bad = ticket_body("kiosk-01", nik=NIK, service="tidak_ada")
    assert post(central.url, "/tickets", token, bad, str(uuid.uuid4())).status_code == 404
    assert sorted(r[0] for r in central.query("SELECT nik FROM queue_ticket")) == sorted(
        [NIK, "3171011708450001"]
    )
    central.kill()
    assert central.cli("purge-niks").stdout.strip() == "1 NIKs erased"  # retention: 1 day
    assert sorted(r[0] for r in central.query("SELECT nik FROM queue_ticket")) == sorted(
        ["", "3171011708450001"]
    )
    for path in central.root.rglob("*"):
        if path.is_file():
            assert NIK.encode() not in path.read_bytes(), path.name
