"""End to end: the kiosk's own sync stack issues a ticket at the real central, the heartbeat
tells it where the status page is, the counter calls the ticket, and the visitor's phone (a
real chromium) shows the turn."""

from __future__ import annotations

import pytest

from kiosk.domain.tickets import Lane
from tests.central.conftest import Central
from tests.central.kiosk_side import RealClock, make_kiosk
from tests.central.web import CHROMIUM_ARGS, Office


@pytest.fixture
def office(tmp_path):
    c = Central(tmp_path / "central")
    c.setup()
    with c.config.open("a") as f:
        f.write(f'public_url = "http://127.0.0.1:{c.port}"\n')
    yield Office(c, staff=1, segments=False)
    c.kill()


def test_kiosk_issues_counter_calls_phone_shows_the_turn(office, tmp_path, browser_contexts):
    import logging

    from kiosk.domain.faults import FaultLatch
    from kiosk.sync.heartbeat import Heartbeat

    kiosk = make_kiosk(tmp_path / "k.sqlite3", office.c.url, office.token, "kiosk-01", 800)
    first = kiosk.desk.issue("paspor_baru", Lane.REGULAR)
    second = kiosk.desk.issue("paspor_baru", Lane.REGULAR)
    assert (first.number, second.number) == ("A-001", "A-002")  # numbered by the central
    replies = []
    Heartbeat(
        kiosk.central,
        RealClock(),
        kiosk.outbox,
        {"printer": FaultLatch("printer", logging.getLogger("test"))},
        on_reply=replies.append,
    ).beat()
    template = replies[0]["status_url_template"]
    assert template == f"{office.base}/s/{{id}}"
    # the central's own answer for the second ticket: one ahead, an estimate in minutes
    import requests

    position = requests.get(
        f"{office.c.url}/tickets/{second.id}/position",
        headers={"Authorization": f"Bearer {office.token}"},
        timeout=10,
    ).json()
    # no counter is serving yet: the wait is unknown, never "0 minutes"
    assert position["people_ahead"] == 1 and position["estimated_wait_minutes"] is None

    phone = browser_contexts.new_page(390, 844, args=CHROMIUM_ARGS)
    phone.goto(template.replace("{id}", second.id))
    assert phone.inner_text("#number") == "A-002"
    assert phone.inner_text("#ahead") == "1"
    s = office.session("loket1", 1)
    assert "A-001" in office.act(s, "call_next")
    phone.wait_for_function("() => document.getElementById('ahead').textContent === '0'")
    office.act(s, "done", ticket=office.held(s))
    assert "A-002" in office.act(s, "call_next")
    phone.wait_for_selector("text=Giliran Anda: loket 1", timeout=2000)
