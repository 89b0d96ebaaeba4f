"""Bad input gets a clear problem and stores nothing: malformed JSON, a body off the schema,
an unknown service, another kiosk's token, a revoked token, an Idempotency-Key reused with
another body, a bookings CSV with broken rows."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.central.api import post, ticket_body


@pytest.fixture
def two(central):
    tokens = {n: central.register(n) for n in ("kiosk-01", "kiosk-02")}
    central.start()
    return central, tokens


def stored(central) -> int:
    return central.query("SELECT COUNT(*) FROM queue_ticket")[0][0]


def problem(reply, status: int, code: str) -> dict:
    assert reply.status_code == status, reply.text
    assert reply.headers["Content-Type"] == "application/problem+json"
    body = reply.json()
    assert body["error"] == code and body["status"] == status and body["type"].endswith(code)
    return body


def test_malformed_json(two):
    central, tokens = two
    reply = post(central.url, "/tickets", tokens["kiosk-01"], key=str(uuid.uuid4()), raw=b"{no")
    problem(reply, 400, "bad_json")
    assert stored(central) == 0


def test_wrong_schema(two):
    central, tokens = two
    body = ticket_body("kiosk-01", lane="express")
    body = problem(
        post(central.url, "/tickets", tokens["kiosk-01"], body, str(uuid.uuid4())), 422, "invalid"
    )
    assert "lane" in body["detail"]
    assert stored(central) == 0


def test_unknown_service(two):
    central, tokens = two
    body = ticket_body("kiosk-01", service="tidak_ada")
    problem(
        post(central.url, "/tickets", tokens["kiosk-01"], body, str(uuid.uuid4())),
        404,
        "unknown_service",
    )
    assert stored(central) == 0


def test_a_token_of_another_kiosk(two):
    central, tokens = two
    body = ticket_body("kiosk-01")
    problem(
        post(central.url, "/tickets", tokens["kiosk-02"], body, str(uuid.uuid4())),
        403,
        "wrong_kiosk",
    )
    assert stored(central) == 0


def test_no_token_and_a_revoked_token(two):
    central, tokens = two
    reply = requests.get(central.url + "/services", timeout=10)
    problem(reply, 401, "unauthorized")
    assert reply.headers["WWW-Authenticate"] == 'Bearer realm="kiosk-central"'
    central.cli("revoke-kiosk", "kiosk-01")
    reply = post(
        central.url, "/tickets", tokens["kiosk-01"], ticket_body("kiosk-01"), str(uuid.uuid4())
    )
    problem(reply, 401, "unauthorized")
    assert 'error="invalid_token"' in reply.headers["WWW-Authenticate"]
    assert stored(central) == 0


def test_an_idempotency_key_reused_with_another_body(two):
    central, tokens = two
    key = str(uuid.uuid4())
    first = post(central.url, "/tickets", tokens["kiosk-01"], ticket_body("kiosk-01"), key)
    assert first.status_code == 201
    again = post(central.url, "/tickets", tokens["kiosk-01"], ticket_body("kiosk-01"), key)
    problem(again, 409, "key_reused")
    assert stored(central) == 1


def test_a_voided_ticket_tells_the_truth(two):
    central, tokens = two
    token, key, body = tokens["kiosk-01"], str(uuid.uuid4()), ticket_body("kiosk-01")
    number = post(central.url, "/tickets", token, body, key).json()["number"]
    assert post(central.url, f"/tickets/{body['id']}/void", token, None, str(uuid.uuid4())).ok
    position = requests.get(
        f"{central.url}/tickets/{body['id']}/position",
        timeout=10,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert problem(position, 410, "ticket_voided")["state"] == "voided"
    replay = problem(post(central.url, "/tickets", token, body, key), 410, "ticket_voided")
    assert replay["number"] == number and replay["state"] == "voided"


def test_a_bookings_csv_with_broken_rows_imports_nothing(central, tmp_path):
    csv = tmp_path / "today.csv"
    csv.write_text(
        "code,service,slot_start,slot_end,holder_masked\n"
        "MP-1,paspor_baru,2026-11-30T09:00,2026-11-30T09:30,BUDI S***\n"
        "MP 2,paspor_baru,2026-11-30T09:00,2026-11-30T09:30,SITI A***\n"
        "MP-3,tidak_ada,2026-11-30T09:00,2026-11-30T09:30,ANI R***\n"
        "MP-4,penggantian,kemarin,2026-11-30T09:30,ANI R***\n"
        "MP-5,penggantian,2026-11-30T09:00,2026-11-30T09:30,1701054101900001\n"
    )
    before = central.query("SELECT COUNT(*) FROM queue_booking")[0][0]
    result = central.cli("import-bookings", str(csv), check=False)
    assert result.returncode == 1
    for line in (3, 4, 5, 6):
        assert f"line {line}:" in result.stderr
    assert "line 2:" not in result.stderr and "nothing imported" in result.stderr
    assert "Traceback" not in result.stderr and "1701054101900001" not in result.stderr
    assert central.query("SELECT COUNT(*) FROM queue_booking")[0][0] == before
    csv.write_text(
        "code,service,slot_start,slot_end,holder_masked\n"
        "MP-1,paspor_baru,2026-11-30T09:00,2026-11-30T09:30,BUDI S***\n"
    )
    assert central.cli("import-bookings", str(csv)).stdout.strip() == "1 bookings imported"


def test_a_broken_config_is_one_line(tmp_path):
    import subprocess
    import sys

    config = tmp_path / "c.toml"
    config.write_text('[central]\ndatabase_url = "mysql://x/y"\n')
    result = subprocess.run(
        [sys.executable, "-m", "kiosk_central.cli", "--config", str(config), "migrate"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "central.database_url" in result.stderr


# --- issue 25: hostile bodies and values, each a 4xx problem, nothing stored, nothing echoed ---
def heartbeat(kiosk_id: str, **device) -> dict:
    return {
        "kiosk_id": kiosk_id,
        "version": "1.0.0",
        "uptime_s": 12.5,
        "clock": {"now": datetime.now(ZoneInfo("Asia/Jakarta")).isoformat(), "synced": True},
        "printer": {"fault": None, **device},
        "scanner": {"fault": None},
        "backlog": {"pending": 0, "parked": 0},
    }


def test_a_body_nested_100000_deep_is_a_400(two):
    central, tokens = two
    deep = b"[" * 100_000 + b"]" * 100_000
    for path in ("/tickets", "/batch", "/heartbeat"):
        reply = post(central.url, path, tokens["kiosk-01"], key=str(uuid.uuid4()), raw=deep)
        assert "deeper than 32" in problem(reply, 400, "bad_json")["detail"], path
    assert stored(central) == 0


def test_nan_and_infinity_are_not_json(two):
    central, tokens = two
    for constant in ("NaN", "Infinity", "-Infinity"):
        raw = json.dumps(heartbeat("kiosk-01")).replace("12.5", constant).encode()
        reply = post(central.url, "/heartbeat", tokens["kiosk-01"], raw=raw)
        assert constant in problem(reply, 400, "bad_json")["detail"]
    # Nothing of the refused heartbeat was stored (that the kiosk was heard from is: any
    # authenticated request shows it alive, issue 27).
    assert central.query("SELECT version FROM queue_kiosk WHERE name = 'kiosk-01'")[0][0] == ""


@pytest.mark.parametrize(
    "fault", ["paper\x00out", "kertas\nhabis", "x" * 10_000], ids=["nul", "newline", "10000"]
)
def test_a_control_character_or_a_huge_fault_is_refused(two, fault):
    central, tokens = two
    reply = post(central.url, "/heartbeat", tokens["kiosk-01"], heartbeat("kiosk-01", fault=fault))
    assert "printer/fault" in problem(reply, 422, "invalid")["detail"]
    # Nothing of the refused heartbeat was stored (that the kiosk was heard from is: any
    # authenticated request shows it alive, issue 27).
    assert central.query("SELECT version FROM queue_kiosk WHERE name = 'kiosk-01'")[0][0] == ""


@pytest.mark.parametrize(
    "nik", ["3171010101900001\n", "31710101019000011", "３１７１０１０１０１９００００１"]
)
def test_a_nik_off_the_pattern_is_refused_and_never_echoed(two, nik):
    central, tokens = two
    body = ticket_body("kiosk-01", source="nik", nik=nik)
    reply = post(central.url, "/tickets", tokens["kiosk-01"], body, str(uuid.uuid4()))
    detail = problem(reply, 422, "invalid")["detail"]
    assert detail == "TicketRequest at nik: does not match ^[0-9]{16}$"
    assert (
        nik.strip() not in reply.text
        and nik.strip() not in (central.root / "serve.log").read_text()
    )
    assert stored(central) == 0


def test_unicode_digits_are_a_404_not_a_500(two):
    central, tokens = two
    auth = {"Authorization": f"Bearer {tokens['kiosk-01']}"}
    for version in ("²", "٣", "1" * 40):
        reply = requests.get(f"{central.url}/guides/{version}", headers=auth, timeout=30)
        problem(reply, 404, "not_found")
    site = central.url.removesuffix("/api/v1")
    assert requests.get(site + "/display/?loket=²,٣,1", timeout=30).status_code == 200


HEADER = "code,service,slot_start,slot_end,holder_masked\n"
GOOD = "MP-1,paspor_baru,2026-11-30T09:00,2026-11-30T09:30,BUDI S***\n"
BROKEN_CSV = {
    "nul": (GOOD + "MP-2,paspor_baru,,,SITI\x00A***\n", "line 3: holder_masked:"),
    "field_200kb": (GOOD + 'MP-2,paspor_baru,,,"' + "A" * 200_000 + '"\n', "line 3:"),
    "field_100kb": (GOOD + 'MP-2,paspor_baru,,,"' + "A" * 100_000 + '"\n', "line 3:"),
    "year_9999": (GOOD + "MP-2,paspor_baru,9999-12-31T23:30,,ANI R***\n", "line 3: slot_start"),
    "nik_as_code": (GOOD + "3171010101900001,paspor_baru,,,ANI R***\n", "line 3: code:"),
    "not_utf8": (GOOD.encode() + b"MP-2,paspor_baru,,,\xff\xfe***\n", "not UTF-8"),
}


def bookings(central) -> int:
    return central.query("SELECT COUNT(*) FROM queue_booking")[0][0]


@pytest.mark.parametrize("case", BROKEN_CSV)
def test_a_hostile_bookings_csv_is_one_line_per_problem_and_imports_nothing(
    central, tmp_path, case
):
    body, said = BROKEN_CSV[case]
    csv = tmp_path / "today.csv"
    csv.write_bytes(HEADER.encode() + (body if isinstance(body, bytes) else body.encode()))
    before = bookings(central)
    result = central.cli("import-bookings", str(csv), check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert said in result.stderr and "nothing imported" in result.stderr
    assert len(result.stderr.splitlines()) == 2  # the broken row, and the verdict
    assert "3171010101900001" not in result.stderr
    assert bookings(central) == before


def peak_rss_mib(central, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    cli = [sys.executable, "-m", "kiosk_central.cli", "--config", str(central.config)]
    result = subprocess.run(
        ["/usr/bin/time", "-f", "peak %M", *cli, *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result, int(re.search(r"peak (\d+)", result.stderr)[1]) / 1024


def test_a_100_mb_bookings_csv_is_refused_unread(central, tmp_path):
    csv = tmp_path / "huge.csv"
    with open(csv, "w") as f:
        f.write(HEADER)
        for _ in range(100):
            f.write(GOOD * (1024 * 1024 // len(GOOD)))
    result, peak = peak_rss_mib(central, "import-bookings", str(csv))
    print(f"import-bookings of {csv.stat().st_size >> 20} MiB: peak RSS {peak:.0f} MiB")
    assert result.returncode == 1 and "bigger than 5 MB" in result.stderr
    assert peak < 150  # the interpreter and Django; the file is never read into memory
