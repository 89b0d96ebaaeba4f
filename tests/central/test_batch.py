"""POST /batch: many records in one request and one transaction, each answered as its
single-record operation would answer it."""

from __future__ import annotations

import uuid

from tests.central.api import post, ticket_body


def test_a_batch_answers_each_record_as_the_single_operations_would(central):
    token = central.register("kiosk-01")
    central.start()
    online_key, online = str(uuid.uuid4()), ticket_body("kiosk-01")
    assert post(central.url, "/tickets", token, online, online_key).json()["number"] == "A-001"
    # A reply lost: the kiosk numbered the same ticket offline and supersedes the attempt.
    offline = {**online, "number": "A-801", "supersedes": online_key}
    fresh = [ticket_body("kiosk-01", number=f"A-{802 + i}") for i in range(3)]
    replayed_key = str(uuid.uuid4())
    records = [
        {"kind": "ticket", "key": str(uuid.uuid4()), "body": offline},
        *({"kind": "ticket", "key": str(uuid.uuid4()), "body": b} for b in fresh),
        {
            "kind": "ticket",
            "key": replayed_key,
            "body": ticket_body("kiosk-01", number="B-801", service="penggantian"),
        },
        {
            "kind": "ticket",
            "key": str(uuid.uuid4()),
            "body": ticket_body("kiosk-01", service="tidak_ada"),
        },
        {
            "kind": "checkin",
            "key": str(uuid.uuid4()),
            "body": {
                "id": fresh[0]["id"],
                "kiosk_id": "kiosk-01",
                "booking_code": "MP-2026-00042",
                "ticket_id": fresh[0]["id"],
                "at": fresh[0]["issued_at"],
                "verified": True,
            },
        },
        {"kind": "void", "key": str(uuid.uuid4()), "ticket_id": fresh[2]["id"]},
    ]
    key = str(uuid.uuid4())
    reply = post(central.url, "/batch", token, {"records": records}, key)
    assert reply.status_code == 200, reply.text
    results = reply.json()["results"]
    assert [r["status"] for r in results] == [201, 201, 201, 201, 201, 404, 201, 200]
    assert [r["body"].get("number") for r in results[:5]] == [
        "A-801",
        "A-802",
        "A-803",
        "A-804",
        "B-801",
    ]
    assert results[5]["body"]["error"] == "unknown_service"
    # The superseded online number is voided, kept, never reused; the voided one too.
    rows = dict(central.query("SELECT number, state FROM queue_ticket"))
    assert rows == {
        "A-001": "voided",
        "A-801": "waiting",
        "A-802": "waiting",
        "A-803": "waiting",
        "A-804": "voided",
        "B-801": "waiting",
    }
    assert central.query("SELECT status FROM queue_booking") == [("checked_in",)]
    # The whole batch again: the same answers, nothing new.
    again = post(central.url, "/batch", token, {"records": records}, key).json()["results"]
    assert again == results
    # One record of it alone, by its own key: its first answer.
    single = post(central.url, "/tickets", token, records[4]["body"], replayed_key)
    assert single.status_code == 201 and single.json()["number"] == "B-801"
    assert central.query("SELECT COUNT(*) FROM queue_ticket")[0][0] == 6
