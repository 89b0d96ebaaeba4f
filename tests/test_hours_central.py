"""Issue 20 with the central, over real HTTP on 127.0.0.1 (the contract's test server): its
/services answer is authoritative while fresh, kept for a restart offline; offline the kiosk
counts its own tickets by its own config; a central refusal issues no local number."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kiosk.bootstrap import SERVICES_FILE, build_kiosk
from kiosk.config import DEFAULT_SERVICES, parse_config
from kiosk.domain.closures import ServiceClosed
from kiosk.store.outbox import Outbox
from kiosk.sync.central import Central
from kiosk.sync.client import CentralClient, Timeouts
from kiosk_testsupport.central_server import CentralServer
from kiosk_testsupport.clocks import WIB, SetClock
from layanan_rules.opening import Refusal

TOKEN = "hours-token"
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
SUNDAY_9 = datetime(2026, 11, 29, 9, 0, tzinfo=WIB)
QUOTA_REACHED = {
    "open": False,
    "closed_reason": "quota_reached",
    "lanes": {
        "regular": {"open": False, "reason": "quota_reached", "remaining": 0},
        "priority": {"open": True, "reason": None, "remaining": 5},
        "appointment": {"open": True, "reason": None, "remaining": None},
    },
}


def config(state_dir, walk_in: int = 100):
    services = [
        {k: v for k, v in vars(s).items()} | ({"quota": {"walk_in": walk_in}} if i == 0 else {})
        for i, s in enumerate(DEFAULT_SERVICES)
    ]
    return parse_config(
        {
            "kiosk": {"state_dir": str(state_dir)},
            "ratings": {"type": "none"},
            "hours": {"monday": ["08:00-12:00", "13:00-16:00"]},
            "services": services,
        }
    )


@pytest.fixture
def server():
    running = CentralServer(token=TOKEN).start()
    yield running
    running.stop()


@pytest.fixture
def office(tmp_path, server):
    made = []

    def make(now: datetime, url: str | None = None, walk_in: int = 100):
        client = CentralClient(url or server.url, TOKEN, timeouts=Timeouts(1.0, 2.0))
        central = Central(client, "kiosk-hours", budget_s=1.0)
        clock = SetClock(now)
        kiosk = build_kiosk(
            config(tmp_path, walk_in), lambda fn: fn(), {"central": central, "clock": clock}
        )
        made.append((kiosk, client))
        return kiosk, clock

    yield make
    for kiosk, client in made:
        kiosk.close()
        client.close()


def fetch(kiosk) -> None:
    """One run of the kiosk's own services poll (its thread, not the UI's)."""
    (poll,) = [p for p in kiosk.polls if p.name == "services"]
    poll.fn()


def test_the_central_disagrees_and_wins_both_ways(office, server):
    # The kiosk's config has 100 places left; the central counts the whole office: none.
    kiosk, _clock = office(MONDAY_9)
    assert kiosk.opening.service("paspor_baru").remaining == 100
    server.state.services["paspor_baru"] = QUOTA_REACHED
    fetch(kiosk)
    assert kiosk.opening.service("paspor_baru").refusal is Refusal.QUOTA_REACHED
    assert kiosk.opening.service("paspor_baru", lane="priority").remaining == 5
    # The kiosk's config says Sunday is closed; the central (say, a Saturday service) is open.
    kiosk2, _ = office(SUNDAY_9)
    fetch(kiosk2)
    assert kiosk2.opening.office().state == "closed_day"
    assert kiosk2.opening.service("informasi").issuing
    assert kiosk2.desk.issue("informasi").number == "E-001"  # the central's number


def test_a_central_refusal_issues_no_local_number(office, server):
    kiosk, _ = office(MONDAY_9)
    server.state.services["paspor_baru"] = QUOTA_REACHED  # not fetched yet: the card is open
    with pytest.raises(ServiceClosed):
        kiosk.desk.issue("paspor_baru")
    assert kiosk.desk._store.tickets_on("2026-11-30") == []
    assert server.state.tickets == {}
    # Refused, not lost: no void guard is left to send a void for a number nobody was given.
    assert Outbox(kiosk.db).counts()["held"] == 0


def test_offline_the_kiosk_counts_its_own_tickets_by_its_own_config(office, server):
    kiosk, clock = office(MONDAY_9, walk_in=1)
    fetch(kiosk)  # the central says open
    server.inject("reset", "reset")  # then the link drops: every ask is reset
    clock.at = MONDAY_9 + timedelta(minutes=10)  # past three heartbeats: the answer is stale
    assert kiosk.opening.service("paspor_baru").remaining == 1
    assert kiosk.desk.issue("paspor_baru").number == "A-801"  # from the offline block
    with pytest.raises(ServiceClosed) as refused:
        kiosk.desk.issue("paspor_baru")
    assert refused.value.availability.refusal is Refusal.QUOTA_REACHED


def test_a_restart_offline_still_knows_the_quota_the_central_reported(office, server, tmp_path):
    kiosk, _ = office(MONDAY_9)
    server.state.services["paspor_baru"] = QUOTA_REACHED
    fetch(kiosk)
    assert (tmp_path / SERVICES_FILE).exists()
    kiosk.close()
    # Restarted an hour later with the central gone: the reached quota stays reached today...
    later = MONDAY_9 + timedelta(hours=1)
    again, clock = office(later, url="http://127.0.0.1:9/api/v1")
    fetch(again)  # fails: the last answer stays
    assert again.opening.service("paspor_baru").refusal is Refusal.QUOTA_REACHED
    with pytest.raises(ServiceClosed):
        again.desk.issue("paspor_baru")
    # ... and not tomorrow, when the kiosk's own config counts again.
    clock.at = MONDAY_9 + timedelta(days=1)
    assert again.opening.service("paspor_baru").refusal is Refusal.OFFICE_CLOSED  # Tuesday


def test_numbers_issued_offline_past_the_quota_are_honoured_not_voided(office, server):
    """The visitor holds the paper: the central records the number its quota had no room for."""
    from kiosk.store.outbox import Outbox
    from kiosk.sync.worker import SyncWorker

    kiosk, _ = office(MONDAY_9)
    server.inject("reset")  # offline for this one ticket
    ticket = kiosk.desk.issue("paspor_baru")
    assert ticket.number == "A-801"
    server.state.services["paspor_baru"] = QUOTA_REACHED  # meanwhile the office filled up
    fetch(kiosk)
    central = kiosk.flow.bookings.central
    worker = SyncWorker(central, Outbox(kiosk.db), kiosk.db, batch=20, idle_s=0.05)
    while worker.run_once():
        pass
    assert server.state.tickets[ticket.id]["number"] == "A-801"
    assert server.state.voided == []
    assert [t.number for t in kiosk.desk._store.tickets_on("2026-11-30")] == ["A-801"]
