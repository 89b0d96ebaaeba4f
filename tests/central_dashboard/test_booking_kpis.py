"""The booking KPIs on the dashboard against a count made by hand: the same seven bookings as
tests/central_reports/test_bookings_kpis.py, the arrivals checked in through the kiosk API's
own check-in code, seen at 09:20 WIB on 2 December 2026 (late tolerance 15 minutes), on the
period page, its CSV and XLSX, and today's slots on the live page."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from tests.central.hours_setup import Clock
from tests.central_complaints.office import base, signed_in, staff
from tests.central_dashboard.conftest import ARTIFACTS

# (code, service index, day, slot, status, moves, check-in time or None): times WIB.
ROWS = [
    ("B-1", 0, 1, "08:00", "booked", 0, "07:50"),  # arrived early
    ("B-2", 0, 1, "08:00", "booked", 1, "08:10"),  # arrived, moved
    ("B-3", 1, 1, "08:00", "no_show", 0, None),  # marked by the retention pass
    ("B-4", 1, 1, "08:00", "cancelled", 1, None),  # cancelled: not booked
    ("B-5", 0, 1, "08:30", "booked", 0, "09:05"),  # arrived late (slot ends 09:00)
    ("B-6", 0, 2, "09:00", "booked", 0, None),  # pending: 09:30 + 15 min not yet passed
    ("B-7", 1, 2, "09:00", "booked", 2, None),  # pending, moved
]
_SEED = """
import django
django.setup()
import json, uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
from kiosk_central.api.records import check_in
from kiosk_central.queue.models import Booking, Kiosk, Office, Service
office = Office.objects.get()
office.late_tolerance_minutes = 15
office.save()
kiosk = Kiosk.objects.get(name="kiosk-01")
services = list(Service.objects.filter(office=office).order_by("order", "code")[:2])
wib = ZoneInfo("Asia/Jakarta")
t = lambda day, hm: datetime(2026, 12, day, *map(int, hm.split(":")), tzinfo=wib)
for code, s, day, slot, status, moves, arrived in {rows!r}:
    start = t(day, slot)
    Booking.objects.create(
        office=office, code=code, service=services[s], slot_start=start,
        slot_end=start + timedelta(minutes=30), day=start.date(), status=status, moves=moves,
        holder_masked="************1234", created_at=start - timedelta(days=3),
    )
    if arrived:
        check_in(kiosk, {{
            "id": str(uuid.uuid4()), "booking_code": code, "ticket_id": str(uuid.uuid4()),
            "verified": True, "at": t(day, arrived).isoformat(),
        }})
print(json.dumps([[s.name_id, s.name_en] for s in services]))
"""
PERIOD = "?preset=custom&first=2026-12-01&last=2026-12-02"
# By hand (see the pure test for each figure): booked, cancelled, moved, arrived, early,
# late, no-show, share arrived (of arrived + no-show).
SLOTS = [
    ("2026-12-01", "08:00", 3, 1, 1, 2, 1, 0, 1, 0.667),  # 2 of 3, to a tenth of a percent
    ("2026-12-01", "08:30", 1, 0, 0, 1, 0, 1, 0, 1.0),
    ("2026-12-02", "09:00", 2, 0, 1, 0, 0, 0, 0, None),
    ("Total", "", 6, 1, 2, 3, 1, 1, 1, 0.75),
]


@pytest.fixture
def reported(central, tmp_path, monkeypatch):
    from kiosk_testsupport.clocks import wib

    Clock(tmp_path / "now.txt", monkeypatch).set(wib(2026, 12, 2, 9, 20))
    staff(central)
    central.register("kiosk-01")
    run = central.python(_SEED.format(rows=ROWS))
    assert run.returncode == 0, run.stderr[-2000:]
    names = json.loads(run.stdout.strip().splitlines()[-1])
    c = central.start()
    c.services = names
    return c


def _number(text: str):
    return float(text) if text else None


def _row(r: list[str]) -> tuple:
    return (r[0], r[1], *map(int, r[2:9]), _number(r[9]))


def test_page_csv_and_xlsx_match_the_hand_count(reported):
    spv = signed_in(reported, "spv")
    got = spv.get(f"{base(reported)}/dashboard/export/bookings_by_slot.csv{PERIOD}")
    assert got.status_code == 200, got.text[:500]
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Tanggal", "Slot", "Dipesan"]
    assert [_row(r) for r in rows[1:]] == SLOTS

    (first_id, first_en), (second_id, _second_en) = reported.services
    got = spv.get(f"{base(reported)}/dashboard/export/bookings_by_service.csv{PERIOD}")
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    by_service = {r[0]: _row(["", "", *r[2:]])[2:] for r in rows[1:]}
    # the first service: B-1 early, B-2 moved, B-5 late, B-6 pending; the second: B-3
    # no-show, B-4 cancelled, B-7 pending and moved
    assert by_service == {
        first_id: (4, 0, 1, 3, 1, 1, 0, 1.0),
        second_id: (2, 1, 1, 0, 0, 0, 1, 0.0),
        "Total": (6, 1, 2, 3, 1, 1, 1, 0.75),
    }

    book = spv.get(f"{base(reported)}/dashboard/export/report.xlsx{PERIOD}")
    sheet = openpyxl.load_workbook(io.BytesIO(book.content))["bookings_by_slot"]
    values = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3, max_row=6)]
    assert [v[2:9] for v in values] == [s[2:9] for s in SLOTS]
    assert values[-1][9] == pytest.approx(0.75)

    page = spv.get(f"{base(reported)}/dashboard/period/{PERIOD}").text
    assert "Reservasi online per hari dan slot" in page and "66,7%" in page
    assert first_en in page and second_id in page


def test_an_empty_period_says_so(reported):
    spv = signed_in(reported, "spv")
    page = spv.get(f"{base(reported)}/dashboard/period/?preset=custom&first=2026-11-01"
                   "&last=2026-11-30").text  # fmt: skip
    assert "Tidak ada reservasi online pada periode ini." in page
    assert "Reservasi online per hari dan slot" not in page


def test_the_live_panel_counts_today_so_far(reported):
    spv = signed_in(reported, "spv")
    page = spv.get(f"{base(reported)}/dashboard/").text
    assert 'id="tbl-bookings_today"' in page
    panel = page.split('id="tbl-bookings_today"')[1].split("</table>")[0]
    # today, 2 December, 09:20: one slot 09:00, two booked, one moved, none arrived, and no
    # no-show yet (09:30 + 15 minutes has not passed)
    cells = [c.split(">")[-1] for c in panel.split("</td>")[:-1]]
    assert cells[:10] == ["2026-12-02", "09:00", "2", "0", "1", "0", "0", "0", "0", "–"]


@pytest.mark.parametrize("engine", ["sqlite"])
def test_screenshots(reported, browser_contexts):
    from tests.central_complaints.office import sign_in_browser

    page = browser_contexts.new_page(1366, 768)
    sign_in_browser(page, reported, "spv")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{base(reported)}/dashboard/period/{PERIOD}")
    section = page.locator("section:has-text('Reservasi online per hari dan slot')").last
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(ARTIFACTS / "booking-kpis-period-pc.png"))
    page.goto(f"{base(reported)}/dashboard/")
    panel = page.locator("section:has(#tbl-bookings_today)")
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "booking-kpis-live-pc.png"), full_page=True)
    page.goto(f"{base(reported)}/dashboard/period/?preset=custom&first=2026-11-01&last=2026-11-30")
    empty = page.locator("section:has(#h-bookings)")
    empty.scroll_into_view_if_needed()
    empty.screenshot(path=str(ARTIFACTS / "booking-kpis-period-empty-pc.png"))


def test_the_counter_sees_the_booked_visitors_due_in_its_slot(reported):
    from types import SimpleNamespace

    from tests.central.web import Office as StaffOffice

    run = reported.python(
        "import django\ndjango.setup()\nfrom django.contrib.auth.models import User\n"
        "from tests.central.web import PASSWORD\n"
        "User.objects.create_superuser('loket1', password=PASSWORD)\n"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    here = SimpleNamespace(base=base(reported))
    # Loket 1 serves the first two services: B-6 and B-7 are due 09:00-09:30 and not here yet
    panel = StaffOffice.session(here, "loket1", 1).get(f"{base(reported)}/loket/panel").text
    assert 'id="booked-expected"' in panel and "<b>2</b>" in panel, panel[-1500:]
    # Loket 3 serves neither: nothing said
    panel = StaffOffice.session(here, "loket1", 3).get(f"{base(reported)}/loket/panel").text
    assert 'id="booked-expected"' not in panel
