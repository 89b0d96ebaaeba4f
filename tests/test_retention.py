"""Old local records are purged on schedule, out of the file's bytes too; nothing the central
API still waits for is deleted."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from kiosk.config import DEFAULT_SERVICES
from kiosk.domain.bookings import Booking
from kiosk.domain.outbox import OutboxEntry
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.store.retention import purge
from kiosk.store.tickets import SqliteTicketStore
from kiosk.usecases.ticket_desk import TicketDesk
from layanan_rules.services import Lane, ServiceCatalogue
from tests.conftest import ScriptedPrinter


def test_purge_old_records(tmp_path, clock):
    db = Database(tmp_path / "kiosk.sqlite3")
    services = ServiceCatalogue(DEFAULT_SERVICES)
    desk = TicketDesk(services, SqliteTicketStore(db, services), ScriptedPrinter(), clock)
    today = clock.now().date()
    clock.moment -= timedelta(days=100)
    old = desk.issue("paspor_baru", Lane.APPOINTMENT, booking=Booking("MP-OLD-77777", None))
    owed = desk.issue("paspor_baru", Lane.APPOINTMENT, booking=Booking("MP-OWED-55555", None))
    clock.moment += timedelta(days=99)
    recent = desk.issue("paspor_baru", Lane.APPOINTMENT, booking=Booking("MP-NEW-33333", None))
    outbox = Outbox(db)
    outbox.add([OutboxEntry("ticket", owed.id, {"booking": "MP-OWED-55555"})])

    assert purge(db, today, retention_days=90)["tickets"] == 1
    ids = {row[0] for row in db.query("SELECT id FROM tickets")}
    assert ids == {owed.id, recent.id}  # the one still owed to the central stays
    assert old.id not in ids
    assert db.integrity_ok()
    for file in tmp_path.glob("kiosk.sqlite3*"):
        assert b"MP-OLD-77777" not in file.read_bytes(), file.name
    assert b"MP-NEW-33333" in (tmp_path / "kiosk.sqlite3").read_bytes()
    db.close()


def test_parked_records_are_purged_after_retention_days_too(tmp_path, clock):
    db = Database(tmp_path / "kiosk.sqlite3")
    services = ServiceCatalogue(DEFAULT_SERVICES)
    desk = TicketDesk(services, SqliteTicketStore(db, services), ScriptedPrinter(), clock)
    outbox = Outbox(db)
    today = clock.now().date()
    tickets = {}
    for age, code in ((100, "MP-PARK-11111"), (10, "MP-PARK-22222")):
        clock.moment = datetime.combine(today - timedelta(days=age), time(9), clock.moment.tzinfo)
        ticket = desk.issue("paspor_baru", Lane.APPOINTMENT, booking=Booking(code, None))
        outbox.add([OutboxEntry("ticket", ticket.id, {"nik": "1701054101900001", "id": code})])
        outbox.park(outbox.claim(1)[0].key, "HTTP 422")
        with db.transaction() as conn:  # parked that day
            conn.execute("UPDATE outbox SET done_at = ? WHERE record_id = ?",
                         (clock.now().isoformat(), ticket.id))  # fmt: skip
        tickets[age] = ticket
    rows = db.query("SELECT body, last_error FROM outbox")
    assert all("1701054101900001" not in body and "0001" in body for body, _ in rows)
    assert {error for _, error in rows} == {"HTTP 422"}

    counts = purge(db, today, retention_days=90)
    assert counts["parked"] == 1 and counts["tickets"] == 1
    assert [r[0] for r in db.query("SELECT id FROM tickets")] == [tickets[10].id]
    assert [r[0] for r in db.query("SELECT record_id FROM outbox")] == [tickets[10].id]
    for file in tmp_path.glob("kiosk.sqlite3*"):
        assert b"MP-PARK-11111" not in file.read_bytes(), file.name
        assert b"1701054101900001" not in file.read_bytes(), file.name
    db.close()
