"""Respondent profiles over the real API (an additive operation of the contract), kept apart
from tickets and times, and counted in the SKM report by hand."""

from __future__ import annotations

import subprocess
import uuid

from tests.central.api import post
from tests.central_dashboard.conftest import ARTIFACTS, base, seed, signed_in
from tests.central_dashboard.test_reports import D1


def _profile(**answers) -> dict:
    return {"id": str(uuid.uuid4()), "kiosk_id": "kiosk-09", "month": "2026-11", **answers}


def test_profiles_are_kept_apart_and_counted_in_the_skm_report(central):
    seed(central, "history")
    token = central.register("kiosk-09")
    central.start()
    url = central.url
    first = _profile(sex="P", age="25-39", education="S1", occupation=None)
    key = str(uuid.uuid4())
    reply = post(url, "/profiles", token, first, key)
    assert reply.status_code == 201, reply.text
    assert post(url, "/profiles", token, first, key).json() == reply.json()  # a retry
    assert post(url, "/profiles", token, _profile(sex="L"), str(uuid.uuid4())).status_code == 201
    # refused, with the reason: nothing answered, an unknown answer, a ticket, a time of day
    for bad, said in (
        (_profile(), "no question answered"),
        (_profile(age="99"), "age"),
        # an extra property is refused without its name (issue 25: a refusal echoes nothing)
        (_profile(sex="P", ticket_number="A-001"), "a property the schema does not have"),
        (_profile(sex="P", at="2026-11-23T08:00:00+07:00"), "a property the schema does not have"),
        (_profile(sex="P", month="2026-13"), "month"),
    ):
        refused = post(url, "/profiles", token, bad, str(uuid.uuid4()))
        assert refused.status_code == 422 and said in refused.text, refused.text
    assert central.query("SELECT count(*) FROM queue_respondentprofile") == [(2,)]
    columns = (
        {row[1] for row in central.query("PRAGMA table_info(queue_respondentprofile)")}
        if not central.database_url
        else set()
    )
    assert not columns & {"at", "ticket", "ticket_id", "ticket_number", "received_at"}

    pdf_reply = signed_in(central, "kepala").get(f"{base(central)}/dashboard/skm.pdf?{D1}")
    assert pdf_reply.status_code == 200
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "dashboard-skm-profile.pdf"
    pdf.write_bytes(pdf_reply.content)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pdf.with_suffix(""))], check=True)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    # by hand: sex P 1, L 1 (50,0% each); age 25-39 1 of 1; education S1 1 of 1; occupation
    # nobody answered: left out
    assert "Profil responden" in text
    assert "Jenis kelamin Laki-laki 1 50,0%" in text and "Perempuan 1 50,0%" in text
    assert "Usia Di bawah 25 tahun 0 0,0%" in text and "25–39 tahun 1 100,0%" in text
    assert "Pendidikan" in text and "D4/S1 1 100,0%" in text
    assert "Pekerjaan" not in text
    assert "Dihitung per bulan (November 2026)" in text
