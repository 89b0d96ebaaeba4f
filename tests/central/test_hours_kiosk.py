"""The kiosk's sync stack against a central that now has quotas: it reads the new /services
answer with its own contract check, gets central numbers while places are left, and when the
central refuses the walk-in past the quota (409) the visitor is told and the kiosk issues no
number of its own for it (issue 20, the kiosk's half; a number the kiosk issued offline is still
recorded and flagged: tests/test_hours_central.py and test_hours_quota.py)."""

from __future__ import annotations

import pytest

from kiosk.domain.closures import ServiceClosed
from layanan_rules.services import Lane
from tests.central.hours_setup import set_rules
from tests.central.kiosk_side import drain, make_kiosk


def test_the_unchanged_kiosk_past_a_quota(central, tmp_path):
    token = central.register("kiosk-01")
    set_rules(central, "paspor_baru", walk_in=2)
    central.start()
    kiosk = make_kiosk(tmp_path / "k.sqlite3", central.url, token, "kiosk-01", 800)
    listed = kiosk.client.call("GET", "/services", "ServiceList")  # validated as the kiosk does
    paspor = next(s for s in listed["services"] if s["code"] == "paspor_baru")
    assert paspor["open"] and paspor["lanes"]["regular"]["remaining"] == 2
    tickets = [kiosk.desk.issue("paspor_baru", Lane.REGULAR) for _ in range(2)]
    assert [t.number for t in tickets] == ["A-001", "A-002"]
    with pytest.raises(ServiceClosed):
        kiosk.desk.issue("paspor_baru", Lane.REGULAR)
    assert kiosk.desk.issue("paspor_baru", Lane.PRIORITY).number == "A-003"  # its own lane
    counts = drain(kiosk)
    assert counts["parked"] == 0
    rows = central.query(
        "SELECT number, over_quota, state, superseded FROM queue_ticket ORDER BY number"
    )
    assert [(n, bool(q), s, bool(x)) for n, q, s, x in rows] == [
        ("A-001", False, "waiting", False),
        ("A-002", False, "waiting", False),
        ("A-003", False, "waiting", False),
    ]
    listed = kiosk.client.call("GET", "/services", "ServiceList")
    paspor = next(s for s in listed["services"] if s["code"] == "paspor_baru")
    assert (paspor["open"], paspor["closed_reason"]) == (False, "quota_reached")
    kiosk.client.close()
    kiosk.db.close()
