"""A backlog reaches the central in POST /batch requests, each record under its own key and
judged by its own answer; an older central without /batch gets single requests."""

from __future__ import annotations

import json

from kiosk.sync.worker import BATCH_FROM
from layanan_rules.nik import parse_nik
from layanan_rules.services import Lane
from tests.sync.test_sync import NIKS, drain


def offline_backlog(kiosk, server, n: int, nik_every: int = 0) -> list:
    """``n`` tickets numbered by the kiosk while the central was unreachable."""
    server.inject(*["reset"] * n)
    tickets = []
    for i in range(n):
        nik = parse_nik(NIKS[i % len(NIKS)]) if nik_every and i % nik_every == 0 else None
        tickets.append(kiosk.desk.issue("paspor_baru", Lane.REGULAR, nik))
    assert kiosk.outbox.counts()["pending"] == n
    return tickets


def outbox_keys(kiosk) -> dict[str, str]:
    return {r[0]: r[1] for r in kiosk.db.query("SELECT record_id, key FROM outbox")}


def test_a_backlog_goes_in_one_batch_each_record_under_its_own_key(kiosk, server):
    tickets = offline_backlog(kiosk, server, 30, nik_every=3)
    keys = outbox_keys(kiosk)
    requests = server.state.requests
    assert kiosk.worker.run_once() == 30
    assert server.state.requests - requests == 1  # one request for the whole backlog
    assert server.state.batch_sizes == [30]
    for t in tickets:
        assert server.state.tickets[t.id]["number"] == t.number
        assert ("/tickets", keys[t.id]) in server.state.replies  # the record's key, not a new one
    counts = kiosk.outbox.counts()
    assert counts["done"] == 30 and counts["pending"] == 0
    bodies = kiosk.db.query("SELECT body FROM outbox")
    assert all(b[0] == "{}" for b in bodies)  # every NIK erased on acknowledgement


def test_a_handful_goes_one_request_each(kiosk, server):
    offline_backlog(kiosk, server, BATCH_FROM)
    kiosk.worker.run_once()
    assert server.state.batch_sizes == []
    assert kiosk.outbox.counts()["done"] == BATCH_FROM


def test_five_hundred_records_in_one_batch_and_its_answer_within_the_cap(kiosk, server):
    offline_backlog(kiosk, server, 500)
    assert kiosk.worker.run_once() == 500
    assert server.state.batch_sizes == [500]
    assert len(server.state.tickets) == 500


def test_a_retried_batch_is_the_same_batch_to_the_central(kiosk, server):
    offline_backlog(kiosk, server, 12)
    server.inject("commit_drop")  # the central records the batch, the answer is lost
    drain(kiosk, server)
    # Sent again under the same record keys: each answered with its first answer, none twice.
    assert server.state.batch_sizes == [12, 12]
    assert len(server.state.tickets) == 12 and kiosk.outbox.counts()["done"] == 12
    assert sorted(t["number"] for t in server.state.tickets.values())[-1] == "A-812"


def test_each_answer_is_applied_on_its_own(kiosk, server):
    tickets = offline_backlog(kiosk, server, 10, nik_every=1)
    # The fourth record names a service the central does not know: it alone is refused.
    [(body,)] = kiosk.db.query("SELECT body FROM outbox WHERE record_id = ?", (tickets[3].id,))
    bad = {**json.loads(body), "service_code": "tidak_ada"}
    with kiosk.db.transaction() as conn:
        conn.execute(
            "UPDATE outbox SET body = ? WHERE record_id = ?", (json.dumps(bad), tickets[3].id)
        )
    server.inject("record_503")  # and the first is answered "try again"
    assert kiosk.worker.run_once() == 8
    states = dict(kiosk.db.query("SELECT record_id, state FROM outbox"))
    assert states[tickets[0].id] == "pending" and states[tickets[3].id] == "parked"
    assert kiosk.outbox.parked() == [("ticket", tickets[3].id, "HTTP 404 unknown_service")]
    [(parked,)] = kiosk.db.query("SELECT body FROM outbox WHERE state = 'parked'")
    assert "nik" not in json.loads(parked) and json.loads(parked)["nik_last4"]
    drain(kiosk, server)
    assert server.state.tickets[tickets[0].id]["number"] == tickets[0].number
    assert len(server.state.tickets) == 9


def test_an_older_central_without_batch_gets_single_requests(kiosk, server):
    tickets = offline_backlog(kiosk, server, 8)
    server.inject("no_batch")
    assert kiosk.worker.run_once() == 8
    assert server.state.batch_sizes == []
    assert {t.id for t in tickets} <= set(server.state.tickets)
    # Remembered: the next backlog does not ask /batch again first.
    more = offline_backlog(kiosk, server, 8)
    requests = server.state.requests
    assert kiosk.worker.run_once() == 8
    assert server.state.requests - requests == 8 and server.state.batch_sizes == []
    assert {t.id for t in more} <= set(server.state.tickets)


def test_a_ticket_the_central_voided_is_recorded_voided_not_parked(kiosk, server):
    tickets = offline_backlog(kiosk, server, 7, nik_every=1)
    server.inject("voided")
    kiosk.worker.run_once()
    first = tickets[0]
    assert kiosk.outbox.is_voided(first.id)
    assert not kiosk.outbox.is_voided(tickets[1].id)
    counts = kiosk.outbox.counts()
    assert counts["voided"] == 1 and counts["parked"] == 0 and counts["done"] == 6
    [(kind, record_id, reason)] = kiosk.outbox.parked()
    assert kind == "ticket"
    assert record_id == first.id
    assert reason == "voided at the central: Gone (ticket_voided): ticket A-007 was voided"
    [(body,)] = kiosk.db.query("SELECT body FROM outbox WHERE state = 'voided'")
    assert body == "{}"  # nothing more goes for it, and its NIK is gone


def test_a_single_ticket_answered_410_is_recorded_voided(kiosk, server):
    [ticket] = offline_backlog(kiosk, server, 1)
    server.inject("voided")
    kiosk.worker.run_once()
    assert kiosk.outbox.is_voided(ticket.id)
    assert kiosk.outbox.counts()["pending"] == 0
