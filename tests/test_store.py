"""The SQLite store: migrations, durable settings, per-service per-day numbering."""

import sqlite3
import threading
import uuid
from datetime import timedelta

import pytest

from kiosk.config import DEFAULT_SERVICES
from kiosk.domain.tickets import Source, TicketDraft
from kiosk.store.database import MIGRATIONS, Database, StoreError
from kiosk.store.tickets import SqliteTicketStore
from layanan_rules.services import Lane, ServiceCatalogue

SERVICES = ServiceCatalogue(DEFAULT_SERVICES)


def draft(clock, code="paspor_baru", lane=Lane.REGULAR):
    return TicketDraft(
        id=str(uuid.uuid4()),
        service=SERVICES.get(code),
        lane=lane,
        source=Source.WALK_IN,
        issued_at=clock.now(),
        clock_synced=clock.is_synced(),
    )


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "kiosk.sqlite3") as database:
        yield database


def test_durable_settings_and_schema(db):
    assert db.query("PRAGMA journal_mode")[0][0] == "wal"
    assert db.query("PRAGMA synchronous")[0][0] == 2  # FULL
    assert db.schema_version == len(MIGRATIONS)
    assert db.integrity_ok()


def test_reopening_does_not_migrate_again(tmp_path):
    Database(tmp_path / "k.db").close()
    with Database(tmp_path / "k.db") as again:
        assert again.schema_version == len(MIGRATIONS)


def test_a_newer_schema_is_refused_with_advice(tmp_path):
    conn = sqlite3.connect(tmp_path / "k.db")
    conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this kiosk"):
        Database(tmp_path / "k.db")


def test_an_unwritable_place_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError):
        Database(blocker / "kiosk.sqlite3")


def test_numbers_per_service_per_day(db, clock):
    store = SqliteTicketStore(db, SERVICES)
    a1 = store.issue(draft(clock))
    a2 = store.issue(draft(clock, lane=Lane.PRIORITY))
    b1 = store.issue(draft(clock, "penggantian"))
    assert (a1.number, a2.number, b1.number) == ("A-001", "A-002", "B-001")
    assert a1.sequence < a2.sequence < b1.sequence
    clock.moment += timedelta(days=1)
    assert store.issue(draft(clock)).number == "A-001"


def test_tickets_round_trip(db, clock):
    store = SqliteTicketStore(db, SERVICES)
    issued = store.issue(draft(clock, lane=Lane.PRIORITY))
    store.record_print(issued.id, ok=False, error="paper_out")
    (again,) = store.tickets_on(clock.now().date().isoformat())
    assert again == issued
    row = db.query("SELECT print_state, print_error FROM tickets")[0]
    assert tuple(row) == ("failed", "paper_out")


def test_concurrent_issue_never_repeats_a_number(db, clock):
    store = SqliteTicketStore(db, SERVICES)
    numbers: list[str] = []

    def issue_many():
        for _ in range(25):
            numbers.append(store.issue(draft(clock)).number)

    threads = [threading.Thread(target=issue_many) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers) == [f"A-{n:03d}" for n in range(1, 101)]


def test_a_removed_service_still_names_its_old_tickets(db, clock, tmp_path):
    SqliteTicketStore(db, SERVICES).issue(draft(clock, "informasi"))
    fewer = ServiceCatalogue(DEFAULT_SERVICES[:2])
    (old,) = SqliteTicketStore(db, fewer).tickets_on(clock.now().date().isoformat())
    assert (old.number, old.service.code) == ("E-001", "informasi")


# --- numbers on a Pi without a battery clock (issue 12, item 7) --------------------------------
@pytest.mark.parametrize(
    "unsynced_shift",
    [
        pytest.param(timedelta(days=-1), id="fake-hwclock-yesterday"),
        pytest.param(timedelta(days=-20_420), id="1970"),
        pytest.param(timedelta(days=3), id="days-ahead"),
    ],
)
@pytest.mark.parametrize("history", [True, False], ids=["yesterday-numbered", "new-kiosk"])
def test_numbers_never_repeat_within_a_real_day_whatever_the_clock_did(
    db, clock, unsynced_shift, history
):
    store = SqliteTicketStore(db, SERVICES)
    if history:  # yesterday, synced: B-001 ... B-003
        clock.moment -= timedelta(days=1)
        yesterday = [store.issue(draft(clock, "penggantian")).number for _ in range(3)]
        assert yesterday == ["B-001", "B-002", "B-003"]
        clock.moment += timedelta(days=1)
    real_day = clock.moment
    # This morning, before NTP: the clock says something else, and knows it is unsynced.
    clock.moment, clock.synced = real_day + unsynced_shift, False
    morning = [store.issue(draft(clock, "penggantian")) for _ in range(2)]
    assert all(not t.clock_synced for t in morning)
    # NTP syncs the same morning.
    clock.moment, clock.synced = real_day + timedelta(minutes=30), True
    later = [store.issue(draft(clock, "penggantian")) for _ in range(6)]
    today = [t.number for t in morning + later]
    assert len(set(today)) == len(today), today
    # The numbers restart for the real day and stay small: only the unsynced ones are skipped.
    assert later[0].number == "B-001" or later[0].number not in {t.number for t in morning}
    assert max(int(n[2:]) for n in today) <= 3 + 2 + 6


def test_an_unsynced_clock_never_numbers_on_a_day_before_the_last(db, clock):
    store = SqliteTicketStore(db, SERVICES)
    first = store.issue(draft(clock))
    clock.moment -= timedelta(days=1)
    clock.synced = False
    again = store.issue(draft(clock))
    assert (first.number, again.number) == ("A-001", "A-002")  # the same day's sequence goes on
    [day] = {row[0] for row in db.query("SELECT day FROM tickets")}
    assert day == first.issued_at.date().isoformat()


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("A-000", "out of range"),
        ("B-002", "form A-001"),
        ("A-0002", "form A-001"),
        ("A-2", "form A-001"),
        ("A-801", "offline block"),
        ("A-001", "already held"),
        ("nonsense", "not a queue number"),
    ],
)
def test_an_unsound_central_number_is_replaced_by_the_kiosks_own(db, clock, caplog, answer, why):
    from kiosk.domain.tickets import Allocation

    store = SqliteTicketStore(db, SERVICES, local_floor=800)
    assert store.issue(draft(clock), Allocation("A-001")).number == "A-001"
    ticket = store.issue(draft(clock), Allocation(answer))
    assert ticket.number == "A-801"
    [line] = [r.getMessage() for r in caplog.records if "central fault" in r.getMessage()]
    assert why in line
