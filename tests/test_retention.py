"""Old local records are purged on schedule, out of the file's bytes too; nothing the central
API still waits for is deleted."""

from __future__ import annotations

from datetime import timedelta

from kiosk.config import DEFAULT_SERVICES
from kiosk.domain.bookings import Booking
from kiosk.domain.outbox import OutboxEntry
from kiosk.domain.services import Lane, ServiceCatalogue
from kiosk.domain.tickets import TicketDesk
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.store.retention import purge
from kiosk.store.tickets import SqliteTicketStore
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
