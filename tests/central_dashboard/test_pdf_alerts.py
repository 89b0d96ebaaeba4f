"""The SKM report from the view, rendered to PNG and read back; kiosk alerts to a real webhook
on 127.0.0.1 that fails first."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from tests.central_dashboard.conftest import ARTIFACTS, base, seed, signed_in
from tests.central_dashboard.test_reports import D1


def test_skm_report_pdf_from_the_view(history, engine):
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm missing: scripts/test installs poppler-utils")
    reply = signed_in(history, "kepala").get(f"{base(history)}/dashboard/skm.pdf?{D1}")
    assert reply.status_code == 200 and reply.headers["Content-Type"] == "application/pdf"
    assert "SKM_kantor_2026-11-23_2026-11-23.pdf" in reply.headers["Content-Disposition"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"dashboard-skm-{engine}.pdf"
    pdf.write_bytes(reply.content)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pdf.with_suffix(""))], check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    shots = sorted(ARTIFACTS.glob(f"dashboard-skm-{engine}-*.png"))  # every page, to look at
    assert pages <= 2 and len(shots) == pages and shots[0].stat().st_size > 20_000
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Periode 23 November 2026" in text
    assert "80,56" in text and "Baik" in text  # IKM and grade, Indonesian decimals
    # the services whose visitors were served (and so could answer), not the voided C-001's
    assert "Paspor Baru; Penggantian Paspor" in text and "Paspor Hilang" not in text
    assert "Nomor: KANTOR/SKM/20261123" in text and "Metode survei" in text
    # the complaints app gives the follow-up: none were sent in this period
    assert "Tindak lanjut Tidak ada pengaduan, saran atau pertanyaan yang tercatat" in text
    assert "NIP. ....." in text  # no signer in the settings yet: a labelled line
    assert "1 orang" in text and "3 orang" in text  # respondents, population (served)
    assert "di bawah sampel minimum" in text  # the flag, on the printed report too


class Webhook(BaseHTTPRequestHandler):
    fail_first = 1
    received: ClassVar[list[dict]] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(body)
        failing = type(self).fail_first > 0
        type(self).fail_first -= 1
        self.send_response(500 if failing else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    Webhook.received, Webhook.fail_first = [], 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


def test_one_alert_when_a_problem_starts_and_one_when_it_clears(central, webhook):
    central.cli("backup")  # the central's own backups are fine: only the kiosk's problem
    seed(central, "alerting", webhook)
    run = central.cli("alerts")
    assert run.stdout.strip() == "1 alerts sent"
    # The first POST got a 500; the retry (after a pause) was delivered.
    assert [m["event"] for m in Webhook.received] == ["started", "started"]
    started = Webhook.received[-1]
    assert started["kiosk"] == "kiosk-01" and started["problem"] == "paper_out"
    assert "Kertas printer habis" in started["text"] and started["cleared_at"] is None
    assert central.cli("alerts").stdout.strip() == "0 alerts sent"  # never twice
    assert len(Webhook.received) == 2
    seed(central, "paper_loaded")
    assert central.cli("alerts").stdout.strip() == "1 alerts sent"
    cleared = Webhook.received[-1]
    assert cleared["event"] == "cleared" and cleared["cleared_at"] is not None
    assert "sudah pulih" in cleared["text"]
    assert central.cli("alerts").stdout.strip() == "0 alerts sent"
    assert len(Webhook.received) == 3


def test_a_dead_webhook_is_retried_later_not_lost(central, webhook):
    Webhook.fail_first = 10**6
    central.cli("backup")
    seed(central, "alerting", webhook)
    run = central.cli("alerts")
    assert run.returncode == 0 and run.stdout.strip() == "0 alerts sent"
    assert len(Webhook.received) == 3  # three tries with pauses, then it waits for a later run
    assert "webhook: HTTPError" in run.stderr
    assert central.cli("alerts").stdout.strip() == "0 alerts sent"
    assert len(Webhook.received) == 3  # the next try is deferred, not hammered every minute
    rows = central.query("SELECT attempts, start_sent_at FROM dashboard_kioskalert")
    assert rows == [(1, None)]
