"""The central's opening rules through its real HTTP API, clock-driven: 07.59 and 08.00, a
break, the cut-off minute, a Friday, a holiday, midnight. GET /services says what POST /tickets
then does, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import requests

from kiosk_testsupport.clocks import wib as at
from tests.central.api import post, ticket_body
from tests.central.hours_setup import Clock, add_holiday, set_hours, set_rules

KIOSK = "kiosk-01"


def _services(central, token) -> dict:
    reply = requests.get(
        central.url + "/services", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert reply.status_code == 200
    from layanan_rules.contract import check

    check("ServiceList", reply.json())  # the kiosk's own validator accepts the new fields
    return {s["code"]: s for s in reply.json()["services"]}


def _ticket(central, token, service="paspor_baru", **extra):
    return post(
        central.url, "/tickets", token, ticket_body(KIOSK, service, **extra), str(uuid.uuid4())
    )


def test_the_office_day_by_the_clock(central, tmp_path, monkeypatch):
    clock = Clock(tmp_path / "now.txt", monkeypatch)
    token = central.register(KIOSK)
    set_hours(central)
    set_rules(central, "paspor_baru", last_issue="14:30:00")
    add_holiday(central, "2026-12-25", "Hari Raya Natal")
    clock.set(at(2026, 11, 30, 7, 59, 59))  # a Monday
    central.start()

    def expect(moment, is_open, reason=None, next_open=None, service="paspor_baru"):
        clock.set(moment)
        state = _services(central, token)[service]
        assert (state["open"], state["closed_reason"]) == (is_open, reason), moment
        assert state["next_open"] == (next_open.isoformat() if next_open else None), moment
        reply = _ticket(central, token, service)
        if is_open:
            assert reply.status_code == 201, (moment, reply.text)
        else:
            assert reply.status_code == 409, (moment, reply.text)
            problem = reply.json()
            assert reply.headers["Content-Type"] == "application/problem+json"
            assert problem["type"] == "urn:layanan-kiosk:problem:service_closed"
            assert problem["reason"] == reason
            assert problem["message_id"] in ("Layanan sudah tutup", "Kantor sedang tutup")

    expect(at(2026, 11, 30, 7, 59, 59), False, "office_closed", at(2026, 11, 30, 8, 0))
    expect(at(2026, 11, 30, 8, 0), True)
    expect(at(2026, 11, 30, 11, 59, 59), True)
    expect(at(2026, 11, 30, 12, 0), False, "office_closed", at(2026, 11, 30, 13, 0))  # break
    expect(at(2026, 11, 30, 13, 0), True)
    expect(at(2026, 11, 30, 14, 29, 59), True)
    # The cut-off minute: paspor_baru stops, a service without a cut-off goes on.
    expect(at(2026, 11, 30, 14, 30), False, "past_cutoff", at(2026, 12, 1, 8, 0))
    expect(at(2026, 11, 30, 14, 30), True, service="penggantian")
    expect(at(2026, 11, 30, 16, 0), False, "office_closed", at(2026, 12, 1, 8, 0))
    # Midnight: Monday's last second is closed, Tuesday's first too, until 08.00.
    expect(at(2026, 11, 30, 23, 59, 59), False, "office_closed", at(2026, 12, 1, 8, 0))
    expect(at(2026, 12, 1, 0, 0), False, "office_closed", at(2026, 12, 1, 8, 0))
    # Friday: open at 11.29 as any day, in the prayer break at 11.45 (Monday's 11.45 is open).
    expect(at(2026, 12, 4, 11, 29), True)
    expect(at(2026, 12, 4, 11, 45), False, "office_closed", at(2026, 12, 4, 13, 30))
    expect(at(2026, 12, 4, 16, 15), False, "past_cutoff", at(2026, 12, 7, 8, 0))
    expect(at(2026, 12, 4, 16, 15), True, service="penggantian")
    # Saturday, and a holiday on a Friday: closed, opening the next working day.
    expect(at(2026, 12, 5, 9, 0), False, "office_closed", at(2026, 12, 7, 8, 0))
    expect(at(2026, 12, 25, 9, 0), False, "office_closed", at(2026, 12, 28, 8, 0))
    expect(at(2026, 12, 24, 9, 0), True)


def test_a_quota_counts_per_day_and_lane_and_starts_again_at_midnight(
    central, tmp_path, monkeypatch
):
    clock = Clock(tmp_path / "now.txt", monkeypatch)
    token = central.register(KIOSK)
    set_hours(central, {"monday": ["00:00-24:00"], "tuesday": ["00:00-24:00"]})
    set_rules(central, "paspor_baru", walk_in=2, priority=1)
    clock.set(at(2026, 11, 30, 23, 58))
    central.start()
    lanes = _services(central, token)["paspor_baru"]["lanes"]
    assert {k: v["remaining"] for k, v in lanes.items()} == {
        "regular": 2,
        "priority": 1,
        "appointment": None,
    }
    first = _ticket(central, token)
    assert [first.status_code] + [_ticket(central, token).status_code for _ in range(2)] == [
        201,
        201,
        409,
    ]
    full = _ticket(central, token)
    assert full.json()["type"] == "urn:layanan-kiosk:problem:quota_reached"
    assert full.json()["message_id"] == "Kuota hari ini habis"
    assert full.json()["next_open"] == at(2026, 12, 1, 0, 0).isoformat()
    state = _services(central, token)["paspor_baru"]
    assert (state["open"], state["closed_reason"]) == (False, "quota_reached")
    assert state["lanes"]["priority"] == {"open": True, "reason": None, "remaining": 1}
    # The priority lane has its own quota; a walk-in's full day does not touch it.
    assert _ticket(central, token, lane="priority").status_code == 201
    assert _ticket(central, token, lane="priority").status_code == 409
    # A voided ticket (never handed out) gives its place back.
    void = post(central.url, f"/tickets/{first.json()['id']}/void", token, None, str(uuid.uuid4()))
    assert void.status_code == 200
    assert _services(central, token)["paspor_baru"]["lanes"]["regular"]["remaining"] == 1
    assert _ticket(central, token).status_code == 201
    assert _ticket(central, token).status_code == 409
    clock.set(at(2026, 12, 1, 0, 0))
    state = _services(central, token)["paspor_baru"]
    assert state["open"] and state["lanes"]["regular"]["remaining"] == 2
    reply = _ticket(central, token)
    assert reply.status_code == 201 and reply.json()["number"] == "A-001"
