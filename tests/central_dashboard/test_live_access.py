"""Today, live, and who may see it, through the real server."""

from __future__ import annotations

import re

import pytest
import requests

from tests.central_dashboard.conftest import base, central, seed, signed_in  # noqa: F401
from tests.central_dashboard.seed import PASSWORD


def test_sign_in_is_required(history):
    reply = requests.get(f"{base(history)}/dashboard/", allow_redirects=False, timeout=30)
    assert reply.status_code == 302
    # The central's one sign-in page, not one of the dashboard's own.
    assert reply.headers["Location"].startswith("/masuk/?next=/dashboard/")
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


def _sign_in_form(s: requests.Session, url: str, username: str, password: str):
    page = s.get(url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return s.post(
        page.url,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": page.url},
        timeout=30,
    )


def test_wrong_password_is_a_message(history):
    s = requests.Session()
    reply = _sign_in_form(s, f"{base(history)}/dashboard/", "kepala", "salah")
    assert reply.status_code == 200 and "/masuk/" in reply.url
    assert 'role="alert"' in reply.text and "Keluar" not in reply.text


def test_the_dashboard_signs_in_through_the_lockout(history):
    """Security: the way into the dashboard is the central's sign-in with its lockout; there is
    no second sign-in form without one (the dashboard had its own before)."""
    for gone in ("/dashboard/login/", "/dashboard/logout/"):
        assert requests.get(base(history) + gone, timeout=30).status_code == 404, gone
    s = requests.Session()
    start = f"{base(history)}/dashboard/period/"
    for _ in range(5):
        reply = _sign_in_form(s, start, "kepala", "salah")
        assert "/masuk/?next=/dashboard/period/" in reply.url
    page = _sign_in_form(s, start, "kepala", PASSWORD)  # the right password, too late
    assert "dikunci 15 menit" in page.text and "Keluar" not in page.text
    assert s.get(start, allow_redirects=False, timeout=30).status_code == 302
    # Another account is not locked by kepala's failures, and lands back on the dashboard.
    other = _sign_in_form(requests.Session(), start, "admin1", PASSWORD)
    assert other.url == start and "Laporan periode" in other.text


def test_nav_shows_the_dashboard_to_supervisors_and_admins_only(history):
    link = '<a href="/dashboard/">Dasbor</a>'
    for user, shown in (("kepala", True), ("admin1", True), ("sari", False)):
        home = signed_in(history, user).get(f"{base(history)}/", timeout=30)
        assert home.status_code == 200 and (link in home.text) is shown, user
    assert link not in requests.get(f"{base(history)}/masuk/", timeout=30).text


def test_dashboard_pages_are_in_the_central_shell(history):
    s = signed_in(history, "kepala")
    live = s.get(f"{base(history)}/dashboard/", timeout=30).text
    # each block of central/base.html: title, head, content, scripts, and the shell's nav
    assert re.search(r"<title>Hari ini · [^<]+ · Layanan Kiosk</title>", live)
    head, body = live.split("</head>")
    assert "central/central.css" in head and "dashboard/dashboard.css" in head
    assert 'class="topbar"' in body and "Antrean hari ini" in body
    assert re.search(r'<script src="/static/dashboard/live\.[^"]*js" defer>', body)
    assert '<form action="/keluar/" method="post">' in body  # the central's sign-out
    period = s.get(f"{base(history)}/dashboard/period/", timeout=30).text
    assert re.search(r"<title>Laporan [^<]+ · Layanan Kiosk</title>", period)
    assert 'class="topbar"' in period


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


@pytest.fixture
def two_offices(central):  # noqa: F811
    seed(central, "two_offices")
    return central.start()


def test_a_supervisor_sees_their_own_office_only(two_offices):
    """Security: kepala supervises the first office; the second's figures are a 404 for
    them, whatever page or download asks; a superuser sees both; a supervisor assigned to no
    office (once there are two) is told so."""
    own = "/dashboard/period/?preset=custom&first=2026-11-23&last=2026-11-24"
    other = own + "&office=kanim-b"
    paths = ("/dashboard/", "/dashboard/live.json", "/dashboard/period/", own)
    kepala = signed_in(two_offices, "kepala")
    for path in paths:
        assert kepala.get(base(two_offices) + path, timeout=30).status_code == 200, path
    for path in (
        "/dashboard/?office=kanim-b",
        "/dashboard/live.json?office=kanim-b",
        other,
        other.replace("/dashboard/period/", "/dashboard/export/report.xlsx"),
        other.replace("/dashboard/period/", "/dashboard/skm.pdf"),
    ):
        assert kepala.get(base(two_offices) + path, timeout=30).status_code == 404, path
    root = signed_in(two_offices, "root").get(base(two_offices) + other, timeout=30)
    assert root.status_code == 200 and "Paspor B" in root.text
    nobody = signed_in(two_offices, "admin1").get(base(two_offices) + own, timeout=30)
    assert nobody.status_code == 403 and "Belum ada kantor" in nobody.text
