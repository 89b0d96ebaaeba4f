"""Exports read back with real readers, the SKM PDF rendered and read, the charts drawn."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kiosk_central.reports.charts import hourly_chart, ikm_trend_chart, wait_distribution_chart
from kiosk_central.reports.export import to_csv, write_xlsx
from kiosk_central.reports.queue_kpis import hourly_table, kpi_table, wait_bands_table
from kiosk_central.reports.skm_pdf import ReportHeader, skm_pdf
from kiosk_central.reports.survey import monthly_ikm_table, survey_result
from layanan_rules.ratings import ELEMENTS
from tests.central_reports.conftest import ratings
from tests.central_reports.test_queue_kpis import HISTORY

ARTIFACTS = Path(os.environ.get("KIOSK_ARTIFACTS", Path(__file__).parents[2] / "artifacts"))
HEADER = ReportHeader(
    ministry="Kementerian Imigrasi dan Pemasyarakatan",
    office="Kantor Imigrasi Kelas III Non TPI Bengkulu Selatan",
    unit="Seksi Lalu Lintas Keimigrasian",
    city="Manna",
    signer_title="Kepala Kantor",
    signer_name="Nama Kepala Kantor",
    signer_nip="197001012000031001",
    services=("Paspor baru", "Penggantian paspor", "ITAS"),
)
SVG = "{http://www.w3.org/2000/svg}"


def _need(tool):
    if not shutil.which(tool):
        pytest.fail(f"{tool} missing: scripts/test installs it (apt)")


def _survey(kiosk, values, **kw):
    return [r for e in ELEMENTS for r in ratings(kiosk, e, values, **kw)]


def test_csv_reads_back_with_the_csv_module():
    table = kpi_table(HISTORY, "service", target_wait_min=30)
    text = to_csv(table, "en")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["Service", "Tickets", "Called", "Not called"]
    assert rows[1][:6] == ["A", "6", "5", "1", "23.0", "55.0"]
    assert rows[1][7] == "0.8"  # shares stay numbers, not "80.0%"
    assert rows[-1][0] == "Total" and len(rows) == 1 + len(table.rows)
    empty = list(csv.reader(io.StringIO(to_csv(kpi_table([], "service", 30)).lstrip("\ufeff"))))
    assert empty[1][4] == ""  # no median: an empty cell, not "None"


def test_xlsx_reads_back_with_openpyxl(tmp_path):
    tables = [kpi_table(HISTORY, by, 30) for by in ("service", "counter", "staff", "hour")]
    tables.append(hourly_table(HISTORY))
    path = write_xlsx(tables, tmp_path / "laporan.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [t.name for t in tables]
    sheet = book["kpi_by_service"]
    assert sheet["A1"].value == "Indikator antrean per layanan"
    assert [c.value for c in sheet[2]][:3] == ["Layanan", "Tiket", "Dipanggil"]
    assert [c.value for c in sheet[3]][:9] == ["A", 6, 5, 1, 23, 55, 7.5, 0.8, 0.2]
    assert sheet["H3"].number_format == "0.0%" and sheet["E3"].number_format == "0.0"
    assert [c.value for c in book["hourly"][3]] == ["08.00", 7, 5, 4, 18]


def _pdf_text(pdf: bytes, name: str) -> str:
    _need("pdftoppm")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-singlefile", str(path), str(ARTIFACTS / name)],
        check=True,
    )
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 20_000
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\b", pages), "the report fits one page"
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_skm_report_pdf_has_its_figures():
    records = _survey("k1", [4, 4, 3]) + _survey("k2", [2]) + ratings("k2", "overall", [1, 1])
    result = survey_result(records, population=500)
    text = _pdf_text(skm_pdf(result, HEADER, "November 2026", date(2026, 12, 1)), "skm-report")
    flat = " ".join(text.split())
    assert "HASIL SURVEI KEPUASAN MASYARAKAT (SKM)" in flat
    assert "Periode November 2026" in flat
    assert "Paspor baru; Penggantian paspor; ITAS" in flat
    assert "4 orang" in flat and "500 orang" in flat
    assert "4 dari minimal 217 responden: di bawah sampel minimum" in flat
    assert len(re.findall(r"\b3,25\b", text)) == 9  # NRR of each element (4 4 3 2)
    assert len(re.findall(r"\b0,361\b", text)) == 9  # 3.25 / 9
    assert re.search(r"Jumlah NRR tertimbang\s+3,250", text)
    assert re.search(r"IKM unit pelayanan .*\s81,25", text)
    assert "B (Baik)" in flat
    assert "2 jawaban, indeks 25,00" in flat  # the exit question, apart
    assert "Manna, 1 Desember 2026" in flat and "NIP. 197001012000031001" in flat


def test_the_skm_report_of_an_empty_period_says_so():
    text = _pdf_text(
        skm_pdf(survey_result([], 0), HEADER, "Desember 2026", date(2027, 1, 2)), "skm-report-empty"
    )
    flat = " ".join(text.split())
    assert "0 orang" in flat and "belum dapat dihitung" in flat
    assert "tidak ada jawaban" in flat


def _svg(svg: str, name: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.svg").write_text(svg)
    _need("rsvg-convert")
    subprocess.run(
        [
            "rsvg-convert",
            "-z",
            "1.5",
            "-o",
            str(ARTIFACTS / f"{name}.png"),
            str(ARTIFACTS / f"{name}.svg"),
        ],
        check=True,
    )
    return root


def _bars(root) -> dict[str, float]:
    return {
        r.find(f"{SVG}title").text: float(r.get("height"))
        for r in root.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    }


def test_hourly_chart_bars_are_the_tables_numbers():
    table = hourly_table(HISTORY)
    bars = _bars(_svg(hourly_chart(table), "chart-hourly"))
    assert bars["08.00 arrivals: 7"] / bars["08.00 calls: 5"] == pytest.approx(7 / 5)
    assert bars["09.00 arrivals: 1"] / bars["09.00 calls: 2"] == pytest.approx(1 / 2)


def test_wait_distribution_chart():
    root = _svg(wait_distribution_chart(wait_bands_table(HISTORY)), "chart-waits")
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "A (5)" in text and "B (2)" in text and "40%" in text


def test_ikm_trend_chart():
    records = _survey("k1", [4, 4, 4, 3], day=date(2026, 9, 5))  # 93.75
    records += _survey("k1", [4, 3, 3], day=date(2026, 10, 5))  # 83.33
    records += ratings("k1", "overall", [4], day=date(2026, 11, 5))  # no full IKM
    records += _survey("k1", [3, 3, 2, 3], day=date(2026, 12, 5))  # 68.75
    root = _svg(ikm_trend_chart(monthly_ikm_table(records)), "chart-ikm-trend")
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"93.75", "83.33", "68.75"} <= set(labels)
    assert any("2026-11" in (t or "") and "IKM" in (t or "") for t in labels)


def test_charts_of_an_empty_period_say_no_data():
    for chart, table in (
        (hourly_chart, hourly_table([])),
        (wait_distribution_chart, wait_bands_table([])),
        (ikm_trend_chart, monthly_ikm_table([])),
    ):
        assert "No data in this period" in chart(table)
