"""Today, live, and who may see it, through the real server."""

from __future__ import annotations

import requests

from tests.central_dashboard.conftest import base, signed_in


def test_sign_in_is_required(history):
    reply = requests.get(f"{base(history)}/dashboard/", allow_redirects=False, timeout=30)
    assert reply.status_code == 302
    assert reply.headers["Location"].startswith("/dashboard/login/?next=/dashboard/")
    json_reply = requests.get(f"{base(history)}/dashboard/live.json", allow_redirects=False)
    assert json_reply.status_code == 302


def test_counter_staff_get_a_clear_403(history):
    s = signed_in(history, "sari")
    for path in (
        "/dashboard/",
        "/dashboard/period/",
        "/dashboard/skm.pdf",
        "/dashboard/export/hourly.csv",
    ):
        reply = s.get(base(history) + path, timeout=30)
        assert reply.status_code == 403, path
        assert "Halaman ini untuk pengawas dan admin" in reply.text
        assert "Petugas loket memakai layar loket" in reply.text


def test_supervisor_and_admin_see_it(history):
    for user in ("kepala", "admin1"):
        reply = signed_in(history, user).get(f"{base(history)}/dashboard/", timeout=30)
        assert reply.status_code == 200 and "Antrean hari ini" in reply.text


def test_wrong_password_is_a_message(history):
    login = f"{base(history)}/dashboard/login/"
    s = requests.Session()
    token = s.get(login).cookies["csrftoken"]
    reply = s.post(
        login,
        data={"username": "kepala", "password": "salah", "csrfmiddlewaretoken": token},
        headers={"Referer": login},
    )
    assert reply.status_code == 200 and "Nama pengguna atau kata sandi salah" in reply.text


def test_today_live_figures(today):
    d = signed_in(today, "kepala").get(f"{base(today)}/dashboard/live.json", timeout=30).json()
    # Today (seed.today): A-001 done, A-002 no-show, A-003 and B-001 waiting, A-004 at loket 1.
    assert (d["issued"], d["waiting"], d["served"], d["no_shows"]) == (5, 2, 1, 1)
    assert 41.5 <= d["longest_wait_min"] <= 44  # A-003, issued 42 minutes ago
    services = {s["prefix"]: s for s in d["services"]}
    assert services["A"]["waiting"] == 1 and services["B"]["waiting"] == 1
    assert 11.5 <= services["B"]["longest_wait_min"] <= 14
    assert services["C"]["waiting"] == 0 and services["C"]["longest_wait_min"] is None
    counters = {c["number"]: c for c in d["counters"]}
    assert counters[1]["open"] and counters[1]["serving"] == "A-004"
    assert not counters[2]["open"] and counters[2]["serving"] is None
    problems = {(p["kiosk"], p["code"]) for p in d["kiosk_problems"]}
    assert problems == {("kiosk-01", "paper_out"), ("kiosk-02", "offline")}
    paper = next(p for p in d["kiosk_problems"] if p["code"] == "paper_out")
    assert paper["label"] == "Kertas printer habis" and "gulungan kertas" in paper["advice"]
    page = signed_in(today, "kepala").get(f"{base(today)}/dashboard/", timeout=30).text
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in page
    assert "kiosk-02: Kios tidak terhubung" in page
