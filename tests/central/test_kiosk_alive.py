"""A kiosk heard from by any request it makes is alive on the dashboard (issue 27, item 12):
one that has issued tickets is not listed "offline, never seen" for want of a heartbeat."""

from __future__ import annotations

import pytest

from tests.central.web import started


@pytest.fixture
def office(tmp_path):
    yield from started(tmp_path)


def _offline(office, s) -> set[str]:
    live = s.get(office.base + "/dashboard/live.json", timeout=30).json()
    return {p["kiosk"] for p in live["kiosk_problems"] if p["code"] == "offline"}


def test_a_kiosk_that_issues_tickets_is_not_offline(office):
    s = office.session("loket1", 1)
    assert _offline(office, s) == {"kiosk-01"}  # registered, never heard from
    for _ in range(3):
        office.issue("paspor_baru")
    assert _offline(office, s) == set()
    seen = office.c.query("SELECT last_seen FROM queue_kiosk WHERE name = 'kiosk-01'")
    assert seen[0][0] is not None
