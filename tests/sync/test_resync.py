"""A kiosk that hears its central was restored sends again what the central had acknowledged
since a day before the backup's newest record, without the NIK, and says so only once its
outbox has drained that far."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from kiosk.config import DEFAULT_SERVICES
from kiosk.domain.outbox import OutboxEntry
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.store.tickets import SqliteTicketStore
from kiosk.sync.resync import Resync
from layanan_rules.services import ServiceCatalogue

G1, G2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
NIK = "1701054101900001"


def _ticket(db: Database, tid: str, number: str, day: str, origin: str) -> None:
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO tickets (id, day, prefix, n, number, service_code, lane, source, "
            "issued_at, clock_synced, origin) VALUES (?, ?, 'A', ?, ?, 'paspor_baru', "
            "'regular', 'nik', ?, 1, ?)",
            (tid, day, int(number[2:]), number, f"{day}T09:00:00+07:00", origin),
        )


def _acknowledged(db, outbox, key: str, body: dict, done_at: datetime) -> None:
    outbox.add([OutboxEntry("ticket", body["id"], body, key=key)])
    outbox.claim(10)
    outbox.done([key])
    with db.transaction() as conn:
        conn.execute("UPDATE outbox SET done_at = ? WHERE key = ?", (done_at.isoformat(), key))


def test_a_restore_sends_again_what_the_backup_missed_without_the_nik(tmp_path):
    db = Database(tmp_path / "k.sqlite3")
    outbox = Outbox(db)
    store = SqliteTicketStore(db, ServiceCatalogue(DEFAULT_SERVICES), local_floor=800)
    resync = Resync(db, outbox, store, "kiosk-01")
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=5), now - timedelta(hours=1)
    _ticket(db, "a0000000-0000-4000-8000-000000000001", "A-007", old.date().isoformat(), "central")
    _ticket(db, "a0000000-0000-4000-8000-000000000002", "A-012", now.date().isoformat(), "central")
    body = {"id": "b0000000-0000-4000-8000-000000000003", "kiosk_id": "kiosk-01", "nik": NIK,
            "number": "A-801", "service_code": "paspor_baru"}  # fmt: skip
    _acknowledged(db, outbox, "k-old", {**body, "id": "c" + body["id"][1:]}, old)
    _acknowledged(db, outbox, "k-new", body, recent)
    assert (
        NIK.encode()
        not in json.dumps([tuple(r) for r in db.query("SELECT * FROM outbox")]).encode()
    )

    assert resync.heard({"id": G1, "restored_from": None}) == 0  # the first it hears of
    assert resync.reported() == G1
    restored_from = (now - timedelta(hours=2)).isoformat()
    assert resync.heard({"id": G2, "restored_from": restored_from}) == 2
    rows = {r["key"]: r for r in db.query("SELECT * FROM outbox WHERE state = 'pending'")}
    assert set(rows) == {"k-new", "a0000000-0000-4000-8000-000000000002"}  # not the old ones
    resent = json.loads(rows["k-new"]["body"])
    assert resent["resend"] == "kiosk" and "nik" not in resent and resent["number"] == "A-801"
    central = json.loads(rows["a0000000-0000-4000-8000-000000000002"]["body"])
    assert (central["resend"], central["number"]) == ("central", "A-012")
    assert "nik" not in central
    assert resync.reported() == G1  # not yet: two records still to go
    assert resync.heard({"id": G2, "restored_from": restored_from}) == 0  # heard once
    outbox.done([r.key for r in outbox.claim(10)])
    assert resync.reported() == G2
    db.close()
