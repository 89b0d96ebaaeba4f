"""Daily quotas at the edge: kiosks asking for the last place at the same instant (one gets it),
a booking in its slot past the walk-in quota and the cut-off, and numbers a kiosk issued
offline past a quota or after hours: recorded, never voided, flagged for the supervisor."""

from __future__ import annotations

import threading
import uuid

from kiosk_testsupport.clocks import wib as at
from tests.central.api import post, ticket_body
from tests.central.hours_setup import Clock, add_bookings, set_hours, set_rules

KIOSKS = 8


def test_kiosks_asking_for_the_last_place_at_once(central):
    tokens = {f"k{i:02d}": central.register(f"k{i:02d}") for i in range(KIOSKS)}
    set_rules(central, "paspor_baru", walk_in=5)
    central.start()
    first = next(iter(tokens.items()))
    for _ in range(4):
        reply = post(central.url, "/tickets", first[1], ticket_body(first[0]), str(uuid.uuid4()))
        assert reply.status_code == 201
    start = threading.Barrier(KIOSKS)
    answers: dict[str, object] = {}

    def kiosk(name: str, token: str) -> None:
        body, key = ticket_body(name), str(uuid.uuid4())
        start.wait()
        answers[name] = post(central.url, "/tickets", token, body, key)

    threads = [threading.Thread(target=kiosk, args=item) for item in tokens.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.status_code for r in answers.values())
    assert statuses == [201] + [409] * (KIOSKS - 1), [r.text for r in answers.values()]
    refused = [r.json() for r in answers.values() if r.status_code == 409]
    assert {p["error"] for p in refused} == {"quota_reached"}
    won = next(r.json() for r in answers.values() if r.status_code == 201)
    assert won["number"] == "A-005"
    service = central.query("SELECT id FROM queue_service WHERE code = 'paspor_baru'")[0][0]
    assert central.query("SELECT COUNT(*) FROM queue_ticket WHERE service_id = ?", service) == [
        (5,)
    ]


def test_a_booking_in_its_slot_past_the_walk_in_quota_and_the_cut_off(
    central, tmp_path, monkeypatch
):
    clock = Clock(tmp_path / "now.txt", monkeypatch)
    token = central.register("kiosk-01")
    set_hours(central)
    set_rules(central, "penggantian", last_issue="14:30:00", walk_in=1)
    add_bookings(
        central,
        tmp_path,
        ("MP-IN-SLOT", "penggantian", at(2026, 11, 30, 15, 0), at(2026, 11, 30, 15, 30)),
        ("MP-MORNING", "penggantian", at(2026, 11, 30, 9, 0), at(2026, 11, 30, 9, 30)),
    )
    clock.set(at(2026, 11, 30, 10, 0))
    central.start()

    def ask(**extra):
        body = ticket_body("kiosk-01", "penggantian", **extra)
        return post(central.url, "/tickets", token, body, str(uuid.uuid4()))

    assert ask().status_code == 201
    assert ask().json()["error"] == "quota_reached"  # walk-ins are full for the day
    clock.set(at(2026, 11, 30, 15, 5))
    assert ask().json()["reason"] == "past_cutoff"
    booked = ask(lane="appointment", source="booking", booking_code="MP-IN-SLOT")
    assert booked.status_code == 201, booked.text
    # A booking whose slot has long passed is a walk-in after the cut-off: refused.
    late = ask(lane="appointment", source="booking", booking_code="MP-MORNING")
    assert late.status_code == 409 and late.json()["reason"] == "past_cutoff"


def _flags(central, number: str) -> tuple:
    rows = central.query(
        "SELECT over_quota, outside_hours, state FROM queue_ticket WHERE number = ?", number
    )
    return tuple((bool(a), bool(b), c) for a, b, c in rows)


def test_offline_numbers_past_a_quota_or_after_hours_stand_and_are_flagged(
    central, tmp_path, monkeypatch
):
    clock = Clock(tmp_path / "now.txt", monkeypatch)
    token = central.register("kiosk-01")  # offline block 801-900
    set_hours(central)
    set_rules(central, "paspor_baru", walk_in=1)
    clock.set(at(2026, 11, 30, 9, 0))
    central.start()
    online = post(central.url, "/tickets", token, ticket_body("kiosk-01"), str(uuid.uuid4()))
    assert online.status_code == 201

    def offline(number: str, issued, path="/tickets"):
        body = ticket_body("kiosk-01", number=number, issued_at=issued.isoformat())
        if path == "/tickets":
            return post(central.url, path, token, body, str(uuid.uuid4()))
        record = {"kind": "ticket", "key": str(uuid.uuid4()), "body": body}
        return post(central.url, path, token, {"records": [record]}, str(uuid.uuid4()))

    # A central number asked for in a batch is refused as POST /tickets refuses it.
    record = {"kind": "ticket", "key": str(uuid.uuid4()), "body": ticket_body("kiosk-01")}
    refused = post(central.url, "/batch", token, {"records": [record]}, str(uuid.uuid4()))
    [result] = refused.json()["results"]
    assert (result["status"], result["body"]["error"]) == (409, "quota_reached")
    # Within hours but past the quota, one by one and through a batch (the fast path).
    assert offline("A-801", at(2026, 11, 30, 9, 5)).status_code == 201
    batch = offline("A-802", at(2026, 11, 30, 9, 6), path="/batch")
    assert batch.status_code == 200 and batch.json()["results"][0]["status"] == 201
    # Issued on Sunday, when the office was closed, with a day's quota of its own left.
    assert offline("A-803", at(2026, 12, 6, 10, 0)).status_code == 201
    assert _flags(central, "A-801") == ((True, False, "waiting"),)
    assert _flags(central, "A-802") == ((True, False, "waiting"),)
    assert _flags(central, "A-803") == ((False, True, "waiting"),)
    assert _flags(central, online.json()["number"]) == ((False, False, "waiting"),)
    # A batch of several in one service: the first within the day's quota, the rest past it.
    records = [
        {
            "kind": "ticket",
            "key": str(uuid.uuid4()),
            "body": ticket_body(
                "kiosk-01", number=f"A-81{i}", issued_at=at(2026, 12, 1, 9, i).isoformat()
            ),
        }
        for i in range(3)
    ]
    reply = post(central.url, "/batch", token, {"records": records}, str(uuid.uuid4()))
    assert [r["status"] for r in reply.json()["results"]] == [201, 201, 201]
    assert [_flags(central, f"A-81{i}")[0][0] for i in range(3)] == [False, True, True]
