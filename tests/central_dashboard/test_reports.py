"""The dashboard's figures from seeded event histories, every one computed by hand here, read
back through the real server's CSV and XLSX exports (csv module, openpyxl) on SQLite and on
PostgreSQL. The history is in seed.py: D1 (2026-11-23) and D2 (loket 2 closed)."""

from __future__ import annotations

import csv
import io

from tests.central_dashboard.conftest import base, seed, signed_in
from tests.central_dashboard.seed import EXIT, SURVEY

D1 = "first=2026-11-23&last=2026-11-23&preset=custom"
D2 = "first=2026-11-24&last=2026-11-24&preset=custom"
BOTH = "first=2026-11-23&last=2026-11-24&preset=custom"
EMPTY = "first=2026-11-25&last=2026-11-25&preset=custom"
KPI = [
    "tickets",
    "called",
    "not_called",
    "wait_median",
    "wait_p90",
    "service_median",
    "within_target",
    "no_show_rate",
    "nik",
    "booking",
    "walk_in",
    "regular",
    "priority",
    "booking_lane",
]


def rows(session, central, table: str, period: str) -> dict[str, dict]:
    reply = session.get(f"{base(central)}/dashboard/export/{table}.csv?{period}", timeout=60)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("text/csv")
    text = reply.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Indonesian text right
    out = {}
    for row in list(csv.reader(io.StringIO(text[1:])))[1:]:
        values = [None if v == "" else float(v) for v in row[1:]]
        out[row[0]] = dict(zip(KPI, values, strict=True))
    return out


def close(row: dict, **expected) -> None:
    for key, value in expected.items():
        assert row[key] == value, key  # the figure as shown, rounded half up, to the digit


def test_kpis_per_service_counter_and_staff_by_hand(history):
    s = signed_in(history, "kepala")
    by_service = rows(s, history, "kpi_by_service", D1)
    # Paspor Baru: waits 10, 35, 10 (A-004 still waiting); services 15 and 10; A-003 no-show.
    close(
        by_service["Paspor Baru"],
        tickets=4,
        called=3,
        not_called=1,
        wait_median=10,
        wait_p90=35,
        service_median=12.5,
        within_target=0.667,  # 2/3: 66.7% on the page
        no_show_rate=0.333,
        walk_in=4,
        regular=4,
    )
    close(
        by_service["Penggantian Paspor"],
        tickets=1,
        called=1,
        wait_median=5,
        wait_p90=5,
        service_median=8,
        within_target=1,
        no_show_rate=0,
        nik=1,
        priority=1,
    )
    # The voided C-001 is in no figure; total waits 5, 10, 10, 35 -> p90 rank ceil(3.6) = 4.
    assert "Paspor Hilang / Rusak" not in by_service
    close(
        by_service["Total"],
        tickets=5,
        called=4,
        wait_median=10,
        wait_p90=35,
        service_median=10,
        within_target=0.75,
        no_show_rate=0.25,
    )

    by_counter = rows(s, history, "kpi_by_counter", D1)
    close(
        by_counter["Loket 1"],
        tickets=2,
        wait_median=22.5,
        wait_p90=35,
        service_median=12.5,
        within_target=0.5,
        no_show_rate=0,
    )
    close(
        by_counter["Loket 2"],
        tickets=2,
        wait_median=7.5,
        wait_p90=10,
        service_median=8,
        within_target=1,
        no_show_rate=0.5,
    )
    by_staff = rows(s, history, "kpi_by_staff", D1)
    assert set(by_staff) == {"Sari", "Budi", "Total"}
    close(by_staff["Sari"], wait_median=22.5)

    by_hour = rows(s, history, "kpi_by_hour", D1)
    assert by_hour["8"]["tickets"] == 5  # all issued in the 08.00 hour, local time
    # the page shows the same figures, with the decimal comma (English: the point)
    page = s.get(f"{base(history)}/dashboard/period/?{D1}", timeout=60).text
    assert ">66,7%<" in page and ">22,5<" in page and ">12,5<" in page
    english = s.get(f"{base(history)}/dashboard/period/?{D1}&lang=en", timeout=60).text
    assert ">66.7%<" in english and ">22.5<" in english


def test_a_day_with_a_counter_closed(history):
    s = signed_in(history, "kepala")
    day2 = rows(s, history, "kpi_by_counter", D2)
    assert set(day2) == {"Loket 1", "Total"}  # loket 2 served nobody: no row, not zeros
    close(day2["Loket 1"], tickets=1, wait_median=20, service_median=10, within_target=1)
    both = rows(s, history, "kpi_by_counter", BOTH)
    # Loket 1 over both days: waits 10, 35, 20; services 15, 10, 10.
    close(
        both["Loket 1"],
        tickets=3,
        wait_median=20,
        wait_p90=35,
        service_median=10,
        within_target=0.667,  # 2/3: 66.7% on the page
    )
    close(both["Loket 2"], tickets=2, wait_median=7.5)


def test_an_empty_period(history):
    s = signed_in(history, "kepala")
    empty = rows(s, history, "kpi_by_service", EMPTY)
    assert list(empty) == ["Total"]
    close(empty["Total"], tickets=0, called=0)
    assert empty["Total"]["wait_median"] is None and empty["Total"]["within_target"] is None
    page = s.get(f"{base(history)}/dashboard/period/?{EMPTY}", timeout=60).text
    assert "Tidak ada data pada periode ini" in page
    assert "IKM belum lengkap" in page
    assert 'id="minimum-sample">tidak dapat dinilai' in page
    assert "p90 (peringkat terdekat)" in page  # the definition, with the figures
    assert 'id="signer-missing"' in page  # the SKM report's signer is not set yet


def test_ikm_of_one_respondent_across_kiosks_in_xlsx(history):
    from openpyxl import load_workbook

    s = signed_in(history, "kepala")
    reply = s.get(f"{base(history)}/dashboard/export/report.xlsx?{D1}", timeout=60)
    assert reply.status_code == 200
    book = load_workbook(io.BytesIO(reply.content))
    assert {"kpi_by_service", "hourly", "ikm_elements", "ikm_by_kiosk"} <= set(book.sheetnames)
    sheet = book["ikm_elements"]
    elements = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0]}
    # One respondent: each element's NRR is its one answer, weighted by exactly 1/9.
    for i, value in enumerate(SURVEY):
        _code, _name, answers, nrr, weighted = elements[f"U{i + 1}"]
        assert (answers, nrr) == (1, value)
        assert weighted == {4: 0.444, 3: 0.333, 2: 0.222}[value]  # value / 9, 3 decimals
    total = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == "IKM (x 25)")
    assert total[3] == round(29 / 9 * 25, 2) == 80.56  # the final figure rounded: grade B
    kiosks = {r[0]: r for r in book["ikm_by_kiosk"].iter_rows(min_row=3, values_only=True)}
    assert kiosks["kiosk-01"][1:3] == (1, 80.56)
    assert kiosks["kiosk-02"][3] == 2 and kiosks["kiosk-02"][4] == 87.5 == sum(EXIT) / 2 * 25
    page = s.get(f"{base(history)}/dashboard/period/?{D1}", timeout=60).text
    assert 'id="ikm-value">80,56<' in page  # Indonesian decimal comma and "B · Baik" in page
    # 3 visitors served, minimum sample 3, one respondent: flagged, not hidden.
    assert 'id="sample-flag"' in page and "di bawah sampel minimum 3" in page
    # Each element with its own four answers.
    assert "Sangat mahal" in page and "Gratis" in page and "Tidak mudah" in page


def test_a_bad_custom_period_is_a_message_not_a_traceback(history):
    s = signed_in(history, "kepala")
    page = s.get(f"{base(history)}/dashboard/period/?preset=custom&first=x&last=2", timeout=60)
    assert page.status_code == 200 and "Tanggal tidak valid" in page.text
    csv_reply = s.get(
        f"{base(history)}/dashboard/export/hourly.csv?first=2026-12-01&"
        "last=2026-11-01&preset=custom",
        timeout=60,
    )
    assert csv_reply.status_code == 400 and "sebelum" in csv_reply.text
    assert s.get(f"{base(history)}/dashboard/export/nope.csv", timeout=60).status_code == 404


def test_a_transferred_ticket_counts_under_the_service_that_served_it(central):
    seed(central, "transferred")
    central.start()
    s = signed_in(central, "kepala")
    by_service = rows(s, central, "kpi_by_service", D1)
    # A-001 was numbered for Paspor Baru and served for Penggantian Paspor: two tickets
    # there (waits 10 and 5, services 10 and 8), none left under Paspor Baru.
    assert set(by_service) == {"Penggantian Paspor", "Total"}
    close(
        by_service["Penggantian Paspor"],
        tickets=2,
        called=2,
        wait_median=7.5,
        service_median=9,
    )
    by_counter = rows(s, central, "kpi_by_counter", D1)
    # the service table and the counter table count the same tickets
    assert by_counter["Loket 2"]["tickets"] == by_service["Penggantian Paspor"]["tickets"] == 2
    assert by_counter["Total"]["tickets"] == by_service["Total"]["tickets"] == 2
