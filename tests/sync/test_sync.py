"""Tickets and check-ins reach a real central server exactly once, through every fault."""

from __future__ import annotations

import contextlib
import logging
import random

import pytest

from kiosk.domain.bookings import Booking
from kiosk.sync.worker import LinkDown
from layanan_rules.nik import parse_nik
from layanan_rules.services import Lane

NIKS = ["1701054101900001", "3171011708450001", "1701050101850002"]


def drain(kiosk, server, max_rounds=200):
    """Run the worker until the backlog is empty (the way its thread would, without sleeping)."""
    for _ in range(max_rounds):
        try:
            kiosk.worker.run_once()
        except LinkDown:
            continue
        counts = kiosk.outbox.counts()
        if counts["pending"] == counts["inflight"] == 0:
            return counts
    raise AssertionError(f"backlog not drained: {kiosk.outbox.counts()} faults={server.faults}")


def test_online_the_central_numbers_the_ticket(kiosk, server):
    ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, parse_nik(NIKS[0]))
    assert ticket.number == "A-001" and ticket.people_ahead == 0
    assert server.state.tickets[ticket.id]["nik"] == NIKS[0]
    assert kiosk.outbox.counts()["pending"] == 0  # nothing owed: the server has it
    [row] = kiosk.db.query("SELECT origin FROM tickets")
    assert row[0] == "central"


@pytest.mark.parametrize("fault", ["reset", "500", "503", "garbage", "wrong_schema", "hang"])
def test_offline_the_kiosk_numbers_from_its_block_and_reconciles(kiosk, server, fault):
    server.hang_s = 1.5  # longer than the 1 s budget
    server.inject(fault)
    ticket = kiosk.desk.issue("penggantian", Lane.PRIORITY, parse_nik(NIKS[1]))
    assert ticket.number == "B-801"
    assert kiosk.central.link.state.fault == "offline"
    drain(kiosk, server)
    assert server.state.tickets[ticket.id]["number"] == "B-801"
    assert len(server.state.tickets) == 1
    assert kiosk.central.link.state.ok


def test_committed_but_reply_lost_is_superseded_not_doubled(kiosk, server):
    server.inject("commit_drop")
    ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, None)
    assert ticket.number == "A-801"
    assert server.state.tickets[ticket.id]["number"] == "A-001"  # committed, reply lost
    drain(kiosk, server)
    assert server.state.tickets[ticket.id]["number"] == "A-801"  # the visitor's number wins
    assert server.state.voided == ["A-001"] and len(server.state.tickets) == 1


def test_a_booking_check_in_is_reported(kiosk, server):
    booking = Booking("MP-2026-00042", "penggantian", verified=True)
    ticket = kiosk.desk.issue("penggantian", Lane.APPOINTMENT, booking=booking)
    drain(kiosk, server)
    [checkin] = server.state.checkins.values()
    assert checkin["ticket_id"] == ticket.id and checkin["verified"] is True


@pytest.mark.parametrize("seed", range(6))
def test_random_faults_lose_nothing_and_double_nothing(kiosk, server, seed):
    rng = random.Random(seed)
    faults = ["reset", "500", "503", "commit_drop", "garbage", "wrong_schema", "expired_token"]
    server.hang_s = 1.2
    issued = []
    for i in range(25):
        server.inject(*rng.choices(faults + ["hang"] * (i % 7 == 0), k=rng.randrange(0, 3)))
        booking = Booking(f"MP-{seed}-{i:04d}", "paspor_baru") if i % 5 == 0 else None
        nik = parse_nik(rng.choice(NIKS)) if i % 2 else None
        service = "paspor_baru" if booking else rng.choice(["paspor_baru", "penggantian"])
        lane = Lane.APPOINTMENT if booking else Lane.REGULAR
        issued.append(kiosk.desk.issue(service, lane, nik, booking))
        if rng.random() < 0.3:
            server.inject(*rng.choices(faults, k=rng.randrange(1, 4)))
            with contextlib.suppress(LinkDown):
                kiosk.worker.run_once()
    server.faults.clear()
    counts = drain(kiosk, server)
    assert counts["parked"] == 0
    state = server.state
    assert set(state.tickets) == {t.id for t in issued}
    assert {t.id: t.number for t in issued} == {i: t["number"] for i, t in state.tickets.items()}
    bookings = [t for t in issued if t.booking_code]
    assert sorted(state.checkins) == sorted(t.id for t in bookings)
    numbers = [t.number for t in issued]
    assert len(numbers) == len(set(numbers))  # no two visitors hold the same number


def test_a_record_the_server_refuses_is_parked_and_the_rest_go_on(kiosk, server):
    from kiosk.domain.outbox import OutboxEntry

    ok = kiosk.desk.issue("paspor_baru")
    server.inject("reset")
    offline = kiosk.desk.issue("paspor_baru")
    bad = {
        **{"id": ok.id, "kiosk_id": "kiosk-01", "service_code": "tidak_ada", "lane": "regular"},
        **{"source": "walk_in", "issued_at": ok.issued_at.isoformat(), "clock_synced": True},
    }
    kiosk.outbox.add([OutboxEntry("ticket", "bogus", bad)])
    counts = drain(kiosk, server)
    assert counts["parked"] == 1
    assert kiosk.outbox.parked() == [("ticket", "bogus", "HTTP 404 unknown_service")]
    assert server.state.tickets[offline.id]["number"] == "A-801"


def test_retry_after_is_passed_to_the_backoff(kiosk, server):
    server.inject("reset")
    kiosk.desk.issue("paspor_baru")
    server.inject("503")
    with pytest.raises(LinkDown) as down:
        kiosk.worker.run_once()
    assert down.value.error.status == 503 and down.value.error.retry_after_s == 1.0


def test_the_nik_leaves_the_database_file_once_acknowledged(kiosk, server, tmp_path):
    server.inject("reset")  # offline: the NIK waits in the outbox
    kiosk.desk.issue("paspor_baru", Lane.REGULAR, parse_nik(NIKS[2]))
    kiosk.db.checkpoint()
    path = tmp_path / "kiosk.sqlite3"
    assert NIKS[2].encode() in path.read_bytes()  # the test can see it while it is owed
    drain(kiosk, server)
    assert server.state.tickets  # delivered
    for file in tmp_path.glob("kiosk.sqlite3*"):
        assert NIKS[2].encode() not in file.read_bytes(), file.name


def test_the_token_never_reaches_a_log(kiosk, server, caplog):
    from tests.sync.conftest import TOKEN

    caplog.set_level(logging.DEBUG)
    server.inject("expired_token", "reset", "500")
    kiosk.desk.issue("paspor_baru")
    drain(kiosk, server)
    assert TOKEN not in caplog.text


def test_a_rating_is_attributed_to_the_ticket_the_central_last_called(kiosk, server, clock):
    from kiosk.store.ratings import SqliteRatingStore
    from kiosk.sync.heartbeat import Heartbeat
    from kiosk.usecases.rating_flow import RatingFlow
    from layanan_rules.ratings import Score

    server.state.now_serving = "B-014"
    beat = Heartbeat(kiosk.central, clock, kiosk.outbox, {})
    beat.beat()
    flow = RatingFlow(SqliteRatingStore(kiosk.db), clock, "kiosk-01", send_to_central=True,
                      now_serving=lambda: beat.now_serving)  # fmt: skip
    flow.pressed(Score.PUAS)
    drain(kiosk, server)
    [rating] = server.state.ratings.values()
    assert rating["ticket_number"] == "B-014" and rating["value"] == 3
