"""A NIK reaches the central's database and nothing else (no log line), stays as long as the
office's retention says, and is then erased, from the SQLite file's bytes too."""

from __future__ import annotations

import hashlib
import json
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
    key = str(uuid.uuid4())
    first = post(central.url, "/tickets", token, body, key)
    assert first.status_code == 201
    today = ticket_body("kiosk-01", nik="3171011708450001", source="nik")
    assert post(central.url, "/tickets", token, today, str(uuid.uuid4())).status_code == 201
    # A refused record with a NIK is not logged either.
    bad = ticket_body("kiosk-01", nik=NIK, service="tidak_ada")
    assert post(central.url, "/tickets", token, bad, str(uuid.uuid4())).status_code == 404
    assert sorted(r[0] for r in central.query("SELECT nik FROM queue_ticket")) == sorted(
        [NIK, "3171011708450001"]
    )
    # The idempotency fingerprint is a hash of the body with the NIK: a way back to it.
    hashed = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    fingerprints = "SELECT fingerprint FROM queue_idempotentreply"
    assert hashed in {r[0] for r in central.query(fingerprints)}
    central.kill()
    assert central.cli("purge-niks").stdout.strip() == "1 NIKs erased"  # retention: 1 day
    assert sorted(r[0] for r in central.query("SELECT nik FROM queue_ticket")) == sorted(
        ["", "3171011708450001"]
    )
    assert hashed not in {r[0] for r in central.query(fingerprints)}
    assert len({r[0] for r in central.query(fingerprints)} - {""}) == 1  # today's stays
    # A kiosk retrying that request later still gets its first answer, nothing new.
    central.start()
    again = post(central.url, "/tickets", token, body, key)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert len(central.query("SELECT id FROM queue_ticket")) == 2
    central.kill()
    for path in central.root.rglob("*"):
        if path.is_file():
            assert NIK.encode() not in path.read_bytes(), path.name
            assert hashed.encode() not in path.read_bytes(), path.name


def test_a_batchs_fingerprint_holds_no_nik(central):
    """A kiosk back from an outage sends its backlog as one batch, NIKs of tickets days old
    in it: the batch's own fingerprint must not be a hash of them, which no retention pass
    could erase (a batch reply has no ticket)."""
    token = central.register("kiosk-01")
    central.start()
    old = datetime.now(ZoneInfo("Asia/Jakarta")) - timedelta(days=3)
    records = []
    for i in range(6):
        extra = {"number": f"A-{810 + i}", "issued_at": (old + timedelta(minutes=i)).isoformat()}
        if i == 0:
            extra.update(nik=NIK, source="nik")
        body = ticket_body("kiosk-01", **extra)
        records.append({"kind": "ticket", "key": str(uuid.uuid4()), "body": body})
    batch = {"records": records}
    key = str(uuid.uuid4())
    first = post(central.url, "/batch", token, batch, key)
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == [201] * 6
    with_nik = hashlib.sha256(json.dumps(batch, sort_keys=True).encode()).hexdigest()
    stored = {r[0]: r[1] for r in central.query(
        "SELECT scope, fingerprint FROM queue_idempotentreply WHERE scope = 'batch'"
    )}  # fmt: skip
    assert stored["batch"] and stored["batch"] != with_nik
    # The same batch again gets its first answer; another body under its key is refused.
    again = post(central.url, "/batch", token, batch, key)
    assert (again.status_code, again.json()) == (200, first.json())
    records[1]["body"]["number"] = "A-899"
    assert post(central.url, "/batch", token, batch, key).status_code == 409
    central.kill()
    central.cli("purge-niks")
    for path in central.root.rglob("*"):
        if path.is_file():
            assert with_nik.encode() not in path.read_bytes(), path.name
