"""The office's hours, holidays and quotas in the admin over real HTTP: a wrong time, an
overlapping break or an unknown weekday is named in one line and nothing is saved; the holiday
file (the format the kiosk will read) is imported whole or not at all; the supervisor lists the
offline tickets honoured past a quota or outside the hours."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from kiosk.paths import ASSETS
from tests.central.test_admin import _form
from tests.central.test_admin import admin as admin_site  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
OFFICE = {
    "code": "kantor",
    "name": "Kantor Imigrasi",
    "time_zone": "Asia/Jakarta",
    "priority_ratio": "2",
    "calls_before_no_show": "3",
    "late_tolerance_minutes": "15",
    "nik_retention_days": "1",
}


def _post(s, site, url, data, files=None):
    _, csrf = _form(s, site + url)
    return s.post(
        site + url,
        data={**data, "csrfmiddlewaretoken": csrf},
        files=files,
        headers={"Referer": site},
        timeout=10,
    )


def _errors(page: str) -> list[str]:
    return [html.unescape(e) for e in re.findall(r'<li(?: class="error")?>([^<]*)</li>', page)]


def test_wrong_hours_are_named_in_one_line_and_not_saved(request):
    central, s, site = request.getfixturevalue("admin_site")
    before = central.query("SELECT hours FROM queue_office")
    for hours, message in [
        (
            {"monday": ["08:00-12:00", "11:00-14:00"]},
            "hours.monday: 08.00-12.00 and 11.00-14.00 overlap",
        ),
        ({"senin": ["08:00-12:00"]}, "hours.senin: unknown weekday; expected one of monday"),
        ({"monday": ["8:00-12:00"]}, "hours.monday[0] = '8:00-12:00': expected a period"),
        ({"monday": ["08:00-25:00"]}, "expected a period as HH:MM-HH:MM"),
        (["08:00-16:00"], "hours = ['08:00-16:00']: expected {\"monday\""),
    ]:
        page = _post(s, site, "queue/office/1/change/", {**OFFICE, "hours": json.dumps(hours)})
        assert page.status_code == 200  # the form again, not a redirect
        assert any(message in e for e in _errors(page.text)), (message, _errors(page.text))
    assert central.query("SELECT hours FROM queue_office") == before
    good = {"monday": ["08:00-12:00", "13:00-16:00"], "friday": ["08:00-11:30", "13:30-16:30"]}
    page = _post(s, site, "queue/office/1/change/", {**OFFICE, "hours": json.dumps(good)})
    assert page.url.endswith("/queue/office/"), _errors(page.text)
    [(stored,)] = central.query("SELECT hours FROM queue_office")
    assert json.loads(stored) == good


def test_the_holiday_file_imports_whole_or_not_at_all(request):
    central, s, site = request.getfixturevalue("admin_site")
    url = "queue/holiday/import/"
    example = (ASSETS / "holidays.example.toml").read_bytes()
    page = _post(s, site, url, {"office": "1"}, {"file": ("holidays.toml", example)})
    assert page.status_code == 200
    assert not central.query("SELECT id FROM queue_holiday")
    good = (
        b'[[holidays]]\ndate = 2026-12-25\nname = "Hari Raya Natal"\n\n'
        b'[[holidays]]\ndate = 2026-12-24\nname = "Cuti bersama"\n'
    )
    _post(s, site, url, {"office": "1"}, {"file": ("holidays.toml", good)})
    rows = central.query("SELECT date, name FROM queue_holiday ORDER BY date")
    assert [(str(d), n) for d, n in rows] == [
        ("2026-12-24", "Cuti bersama"),
        ("2026-12-25", "Hari Raya Natal"),
    ]
    broken = (
        b'[[holidays]]\ndate = 2027-01-01\nname = "Tahun Baru"\n\n'
        b'[[holidays]]\ndate = "2027-03-20"\nname = "x"\n'
    )
    page = _post(s, site, url, {"office": "1"}, {"file": ("libur.toml", broken)})
    wrong = "libur.toml: holidays[1].date = '2027-03-20': expected a date, e.g. 2026-12-25"
    assert [e.lower().startswith(wrong) for e in _errors(page.text)] == [True]
    assert len(central.query("SELECT id FROM queue_holiday")) == 2  # nothing from the broken file
    listed = s.get(site + "queue/holiday/", timeout=10)
    assert "Hari Raya Natal" in listed.text


def test_the_supervisor_lists_offline_tickets_past_a_quota(request):
    _, s, site = request.getfixturevalue("admin_site")
    page = s.get(site + "queue/ticket/?over_quota__exact=1", timeout=10)
    assert page.status_code == 200 and "over_quota__exact=1" in page.text
    page = s.get(site + "queue/ticket/?outside_hours__exact=1", timeout=10)
    assert page.status_code == 200
    services = s.get(site + "queue/service/", timeout=10)
    assert services.status_code == 200 and "quota_walk_in" in services.text
