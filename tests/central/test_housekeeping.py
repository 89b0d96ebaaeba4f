"""What a year needs: stored replies pruned after the longest a kiosk may stay offline, and on
PostgreSQL an erased NIK gone from the table's files, not only from its live rows."""

from __future__ import annotations

import subprocess
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.central.api import post, ticket_body
from tests.central.conftest import PG_BIN

NIK = "1701054101900001"


def _old_ticket_with_a_nik(central, token) -> None:
    old = (datetime.now(ZoneInfo("Asia/Jakarta")) - timedelta(days=3)).isoformat()
    body = ticket_body("kiosk-01", nik=NIK, number="A-801", issued_at=old, source="nik")
    assert post(central.url, "/tickets", token, body, str(uuid.uuid4())).status_code == 201
    today = ticket_body("kiosk-01", nik="3171011708450001", source="nik")
    assert post(central.url, "/tickets", token, today, str(uuid.uuid4())).status_code == 201


@pytest.mark.parametrize("engine", ["postgresql"])
def test_an_erased_nik_leaves_the_postgresql_table_files(central, postgres):
    token = central.register("kiosk-01")
    central.start()
    _old_ticket_with_a_nik(central, token)
    central.kill()
    assert central.cli("purge-niks").stdout.strip() == "1 NIKs erased"
    # every page on disk, as a crash or a stolen disk would find it
    psql = [str(PG_BIN / "psql"), "-h", str(postgres.dir), "-p", str(postgres.port)]
    subprocess.run([*psql, "-U", "postgres", "-c", "CHECKPOINT"], check=True, capture_output=True)
    # this database's files (the session's cluster holds other tests' databases too)
    [(oid,)] = central.query("SELECT oid FROM pg_database WHERE datname = current_database()")
    found = [
        p.relative_to(postgres.data)
        for p in (postgres.data / "base" / str(oid)).rglob("*")
        if p.is_file() and NIK.encode() in p.read_bytes()
    ]
    assert found == []  # the WAL (pg_wal) still holds it until recycled: see the README


@pytest.mark.parametrize("engine", ["sqlite"])
def test_stored_replies_go_after_the_longest_offline_period(central):
    token = central.register("kiosk-01")
    central.start()
    _old_ticket_with_a_nik(central, token)
    central.kill()
    ids = [r[0] for r in central.query("SELECT id FROM queue_idempotentreply ORDER BY id")]
    long_ago = (datetime.now(ZoneInfo("UTC")) - timedelta(days=31)).strftime("%Y-%m-%d %H:%M:%S")
    central.query("UPDATE queue_idempotentreply SET created_at = ? WHERE id = ?", long_ago, ids[0])
    central.cli("purge-niks")
    assert [r[0] for r in central.query("SELECT id FROM queue_idempotentreply")] == ids[1:]
    assert len(central.query("SELECT id FROM queue_ticket")) == 2  # the tickets stay
