"""The central API as a hostile peer, on 127.0.0.1 with each fault injected (issue 12, 1-6):
redirects, a dripped reply, a huge reply, numbers that repeat or fall in the kiosk's block, a
valid reply held back past the void guard, a rating batch retried with one more row."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest

from kiosk.sync.client import CentralClient, CentralError, Timeouts
from kiosk.sync.worker import LinkDown
from kiosk_testsupport.central_server import CentralServer
from layanan_rules.nik import parse_nik
from layanan_rules.services import Lane
from tests.sync.conftest import TOKEN, make_sync
from tests.sync.test_sync import NIKS, drain

# The deadline must cut a slow peer off near the budget; the margin is for a loaded machine,
# far below what a dripping server takes otherwise (tens of seconds).
MARGIN_S = 2.0


def central_faults(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "central fault" in r.getMessage()]


def wait_for(predicate, timeout_s=10.0):
    end = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.01)


# --- 1. redirects --------------------------------------------------------------------------
def test_a_redirect_is_never_followed_and_is_a_fault_logged_once(kiosk, server, caplog):
    caplog.set_level(logging.INFO)
    elsewhere = CentralServer(token=TOKEN).start()
    try:
        server.redirect_to = elsewhere.url
        server.inject("redirect")
        ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, parse_nik(NIKS[0]))
        assert ticket.number == "A-801"  # the visitor is served all the same
        server.inject("redirect", "redirect", "redirect")
        for _ in range(3):
            with pytest.raises(LinkDown):
                kiosk.worker.run_once()
        assert elsewhere.state.requests == 0  # the body, with the NIK, went nowhere else
        counts = kiosk.outbox.counts()
        assert counts["pending"] == 1 and counts["parked"] == counts["done"] == 0
        [line] = central_faults(caplog)
        assert "307 redirect refused" in line
        assert NIKS[0] not in caplog.text and "Traceback" not in caplog.text
        drain(kiosk, server)
        assert server.state.tickets[ticket.id]["number"] == "A-801"
    finally:
        elsewhere.stop()


# --- 2. a budget is a deadline ---------------------------------------------------------------
def test_a_dripping_central_cannot_hold_a_ticket_past_the_budget(kiosk, server, caplog):
    server.drip_s = 0.1  # a byte every 0.1 s: each read is quick, the whole reply is not
    server.inject("drip")
    start = time.monotonic()
    ticket = kiosk.desk.issue("paspor_baru")
    elapsed = time.monotonic() - start
    assert ticket.number == "A-801"
    assert elapsed < kiosk.central.budget_s + MARGIN_S, elapsed
    assert "within 1 s" in kiosk.central.link.state.detail
    assert not any(r.exc_info for r in caplog.records)  # one line each, no traceback


def _sync_worker(kiosk, server, clock, tmp_path):
    kiosk.desk.issue("paspor_baru")  # online: nothing owed; one offline record to send:
    server.inject("reset")
    kiosk.desk.issue("paspor_baru")
    server.inject("drip")
    return lambda: kiosk.worker.run_once()


def _heartbeat(kiosk, server, clock, tmp_path):
    from kiosk.sync.heartbeat import Heartbeat

    beat = Heartbeat(kiosk.central, clock, kiosk.outbox, {})
    beat.deadline_s = 1.5
    server.inject("drip")
    return beat.beat


def _guides(kiosk, server, clock, tmp_path):
    from kiosk.usecases.guide_library import GuideLibrary
    from kiosk.usecases.guide_updates import GuideUpdater
    from tests.test_guides import SERVICES, TODAY, bundle

    updater = GuideUpdater(kiosk.central, GuideLibrary(tmp_path, SERVICES), lambda: TODAY, print)
    updater.deadline_s = 1.5
    server.state.guides[2] = bundle(2)
    server.inject("drip")
    return lambda: updater.offer(2)


@pytest.mark.parametrize("worker", [_sync_worker, _heartbeat, _guides])
def test_no_worker_holds_a_request_past_its_deadline(kiosk, server, clock, tmp_path, worker):
    kiosk.client.timeouts = Timeouts(1.0, 1.5)  # connect, whole request
    run = worker(kiosk, server, clock, tmp_path)
    server.drip_s = 0.1
    start = time.monotonic()
    with pytest.raises(LinkDown) if worker is _sync_worker else _nothing():
        run()
    assert time.monotonic() - start < 1.5 + MARGIN_S
    assert kiosk.central.link.state.fault == "offline" or worker is _guides


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# --- 3. size caps ----------------------------------------------------------------------------
def test_a_huge_answer_is_refused_while_it_streams(kiosk, server):
    server.inject("huge")  # valid JSON, padded to 64 MiB, no Content-Length
    ticket = kiosk.desk.issue("paspor_baru")
    assert ticket.number == "A-801"  # not the central's number under the padding
    assert "over the cap" in kiosk.central.link.state.detail
    assert server.state.huge_done.wait(10)
    # The kiosk hung up at the cap: what left the server is socket buffers, not the reply.
    assert server.state.huge_sent < 16 << 20, server.state.huge_sent


def test_a_declared_length_over_the_cap_is_refused_before_reading(server):
    client = CentralClient(server.url, TOKEN)
    server.state.guides[1] = {"version": 1, "guides": {"x": {"text": "y" * (5 << 20)}}}
    try:
        with pytest.raises(CentralError, match="over the cap of 4194304"):
            client.call("GET", "/guides/1", "GuideBundle")
        server.state.guides[1] = {"version": 1, "guides": {"x": {"text": "y" * (1 << 20)}}}
        assert client.call("GET", "/guides/1", "GuideBundle")["version"] == 1  # a guide may
        with pytest.raises(CentralError, match="over the cap of 16384"):  # a ticket may not
            client.call("GET", "/guides/1", "TicketIssued")
    finally:
        client.close()


# --- 4. a bad number never costs the visitor the ticket -----------------------------------------
@pytest.mark.parametrize("fault", ["repeat_number", "number_in_block"])
def test_a_bad_central_number_is_replaced_by_a_local_one(kiosk, server, caplog, fault):
    caplog.set_level(logging.INFO)
    server.inject("reset")
    offline = kiosk.desk.issue("paspor_baru")
    online = kiosk.desk.issue("paspor_baru", Lane.REGULAR, parse_nik(NIKS[1]))
    assert (offline.number, online.number) == ("A-801", "A-001")
    caplog.clear()
    server.inject(fault)  # answers A-001 again, or A-801
    second = kiosk.desk.issue("paspor_baru", Lane.REGULAR, parse_nik(NIKS[2]))
    assert second.number == "A-802"
    [line] = central_faults(caplog)
    assert ("already held" if fault == "repeat_number" else "offline block") in line
    assert NIKS[2] not in caplog.text and "Traceback" not in caplog.text
    drain(kiosk, server)
    held = {t.id: t.number for t in (offline, online, second)}
    assert {i: t["number"] for i, t in server.state.tickets.items()} == held


# --- 5. the void guard ------------------------------------------------------------------------
@pytest.fixture
def slow_kiosk(tmp_path, server, clock):
    from kiosk.store.database import Database

    db = Database(tmp_path / "slow.sqlite3")
    parts = make_sync(db, server, clock, budget_s=5.0)
    parts.db = db
    yield parts
    server.proceed.set()
    parts.client.close()
    db.close()


def _issue_in_background(kiosk) -> SimpleNamespace:
    result = SimpleNamespace(ticket=None, error=None)

    def run():
        try:
            result.ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, parse_nik(NIKS[0]))
        except BaseException as exc:  # the test reports it
            result.error = exc

    result.thread = threading.Thread(target=run)
    result.thread.start()
    return result


def test_a_void_sent_while_the_answer_was_on_its_way_never_voids_the_visitors_number(
    slow_kiosk, server
):
    kiosk = slow_kiosk
    server.inject("slow_valid")  # commits A-001, holds the reply
    issuing = _issue_in_background(kiosk)
    wait_for(lambda: server.state.tickets)
    # The guard fires while the reply is held (as a long stall would make it): the void goes.
    kiosk.db.checkpoint()
    with kiosk.db.transaction() as conn:
        conn.execute("UPDATE outbox SET not_before = 0 WHERE kind = 'void'")
    assert kiosk.worker.run_once() == 1
    assert server.state.voided == ["A-001"]
    server.proceed.set()  # now the valid reply arrives, within the budget
    issuing.thread.join(10)
    assert issuing.error is None
    ticket = issuing.ticket
    assert ticket.number == "A-801"  # not the voided A-001
    drain(kiosk, server)
    assert server.state.tickets[ticket.id]["number"] == ticket.number


def test_a_void_is_never_sent_for_a_ticket_the_kiosk_committed(slow_kiosk, server):
    kiosk = slow_kiosk
    server.inject("slow_valid")
    issuing = _issue_in_background(kiosk)
    wait_for(lambda: server.state.tickets)
    with kiosk.db.transaction() as conn:
        conn.execute("UPDATE outbox SET not_before = 0 WHERE kind = 'void'")
    server.inject("reset")  # the guard fires, but its void does not get through
    with pytest.raises(LinkDown):
        kiosk.worker.run_once()
    server.proceed.set()
    issuing.thread.join(10)
    ticket = issuing.ticket
    assert ticket.number == "A-801"  # its guard was no longer held: numbered here
    drain(kiosk, server)
    # The void stayed home (the ticket is in the table); "supersedes" voided the central's.
    [row] = kiosk.db.query("SELECT state, last_error FROM outbox WHERE kind = 'void'")
    assert tuple(row) == ("done", "committed: not sent")
    assert server.state.voided == ["A-001"]
    assert server.state.tickets[ticket.id]["number"] == "A-801"


class _SteppedTime:
    """time as NTP leaves it after stepping the wall clock two hours ahead."""

    def __init__(self) -> None:
        self.monotonic = time.monotonic

    @staticmethod
    def time() -> float:
        return time.time() + 7200


def test_an_ntp_step_does_not_fire_the_void_guard(slow_kiosk, server, monkeypatch):
    from kiosk.store import outbox as outbox_module
    from kiosk.store import tickets as tickets_module

    kiosk = slow_kiosk
    server.inject("slow_valid")
    issuing = _issue_in_background(kiosk)
    wait_for(lambda: server.state.tickets)  # the guard is held, the reply on its way
    for module in (outbox_module, tickets_module):
        monkeypatch.setattr(module, "time", _SteppedTime(), raising=False)
    assert kiosk.worker.run_once() == 0  # nothing is due: the guard runs on the monotonic clock
    server.proceed.set()
    issuing.thread.join(10)
    assert issuing.error is None and issuing.ticket.number == "A-001"
    assert server.state.voided == []
    assert server.state.tickets[issuing.ticket.id]["number"] == "A-001"


def test_a_guard_left_by_a_stopped_kiosk_voids_the_number_nobody_holds(kiosk, server, clock):
    from kiosk.domain.tickets import Source, TicketDraft
    from kiosk.store.tickets import SqliteTicketStore

    service = kiosk.desk.services.get("paspor_baru")
    draft = TicketDraft("0c7f5a9e-1b2d-4c3e-8f4a-5b6c7d8e9f00", service, Lane.REGULAR,
                        Source.WALK_IN, clock.now(), True)  # fmt: skip
    store = SqliteTicketStore(kiosk.db, kiosk.desk.services, local_floor=800)
    store.hold(kiosk.central.void_record(draft), delay_s=600)
    assert kiosk.central.allocate(draft, None).number == "A-001"  # then the kiosk stops
    assert kiosk.worker.run_once() == 0  # held: not due for ten minutes
    assert kiosk.outbox.recover() == 1  # the next start: its holder is gone
    assert kiosk.worker.run_once() == 1
    assert server.state.voided == ["A-001"]


# --- 6. one key per record ----------------------------------------------------------------------
def test_a_rating_batch_retried_with_one_more_row_keeps_its_key(kiosk, server, clock):
    from kiosk.store.ratings import SqliteRatingStore
    from kiosk.usecases.rating_flow import RatingFlow
    from layanan_rules.ratings import Score

    now = [1000.0]
    flow = RatingFlow(SqliteRatingStore(kiosk.db), clock, "kiosk-01", send_to_central=True,
                      monotonic=lambda: now[0])  # fmt: skip
    flow.pressed(Score.PUAS)
    server.inject("commit_drop")  # the server keeps the batch; its reply is lost
    with pytest.raises(LinkDown):
        kiosk.worker.run_once()
    now[0] += 60
    clock.moment += timedelta(minutes=1)
    flow.pressed(Score.SANGAT_PUAS)  # the next visitor, before the retry
    drain(kiosk, server)
    assert len(server.state.ratings) == 2
    assert all(len(keys) == 1 for keys in server.state.rating_keys.values()), (
        server.state.rating_keys
    )


# --- 9. a parked record keeps no NIK, and is purged in time -------------------------------------
def test_a_parked_record_keeps_the_last_four_digits_and_the_reason(kiosk, server, tmp_path):
    import json

    server.inject("reset")
    ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, parse_nik(NIKS[2]))
    # The central refuses this one (a service it does not know): parked for the technician.
    [row] = kiosk.db.query("SELECT body FROM outbox WHERE kind = 'ticket'")
    body = {**json.loads(row[0]), "service_code": "tidak_ada"}
    with kiosk.db.transaction() as conn:
        conn.execute("UPDATE outbox SET body = ? WHERE kind = 'ticket'", (json.dumps(body),))
    kiosk.db.checkpoint()
    assert NIKS[2].encode() in (tmp_path / "kiosk.sqlite3").read_bytes()  # owed: it is there
    counts = drain(kiosk, server)
    assert counts["parked"] == 1
    assert kiosk.outbox.parked() == [("ticket", ticket.id, "HTTP 404 unknown_service")]
    [row] = kiosk.db.query("SELECT body FROM outbox WHERE state = 'parked'")
    parked = json.loads(row[0])
    assert "nik" not in parked and parked["nik_last4"] == NIKS[2][-4:]
    for file in tmp_path.glob("kiosk.sqlite3*"):
        assert NIKS[2].encode() not in file.read_bytes(), file.name
