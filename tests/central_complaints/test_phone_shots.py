"""The pages changed for the NIK in the contact fields, the referral to SP4N-LAPOR! and the
photo erased with the contact, in a real chromium at phone size (360x640) under the pages'
own CSP; screenshots to artifacts/central/complaints-*.png, looked at."""

from __future__ import annotations

import os

import pytest
from PIL import Image

from kiosk_testsupport.clocks import wib as at
from tests.central.hours_setup import Clock, set_hours
from tests.central_complaints.office import PASSWORD, act, base, complaint_id, signed_in, staff
from tests.central_complaints.test_browser import PHONE, _shot
from tests.central_public.test_gate import _wait_solved


@pytest.mark.parametrize("engine", ["sqlite"])
def test_nik_refused_referral_and_photo_erased_at_phone_size(
    central, browser_contexts, tmp_path, monkeypatch
):
    clock = Clock(tmp_path / "now.txt", monkeypatch)
    clock.set(at(2026, 12, 4, 10, 0))
    set_hours(central)
    staff(central)
    central.start()
    photo = tmp_path / "bukti.jpg"
    Image.frombytes("RGB", (320, 240), os.urandom(320 * 240 * 3)).save(photo, "JPEG")

    phone = browser_contexts.new_page(*PHONE)
    # Not through test_gate's CSP route: a routed request loses its file upload in chromium.
    phone.goto(base(central) + "/pengaduan/")
    phone.check("input[name=kind][value=complaint]")
    phone.select_option("#id_category", "fees")
    phone.check("input[name=concerns_head]")
    phone.fill("#id_text", "Diminta uang oleh kepala kantor. NIK saya 3201 0123 4567 8901.")
    phone.set_input_files("#id_photo", str(photo))
    phone.fill("input[name=contact]", "3201012345678901")
    _wait_solved(phone)
    with phone.expect_navigation():
        phone.click("button.primary[type=submit]")
    assert "Jangan tulis NIK di sini" in phone.inner_text("main")
    assert "3201012345678901" not in phone.content()
    assert phone.locator("#nik-masked").is_visible()
    phone.locator("input[name=contact]").scroll_into_view_if_needed()
    _shot(phone, "nik-in-contact-phone")

    phone.fill("input[name=contact]", "081234567890")
    phone.set_input_files("#id_photo", str(photo))
    _wait_solved(phone)
    with phone.expect_navigation():
        phone.click("button.primary[type=submit]")
    code = phone.inner_text("#code")
    assert "SP4N-LAPOR!" in phone.inner_text("#lapor")
    _shot(phone, "sent-head-phone")

    officer = signed_in(central, "kepala")
    pk = complaint_id(central, code)
    act(central, officer, pk, action="reply", text="Sudah kami teruskan.", then="closed")
    clock.set(at(2027, 1, 4, 10, 0))
    central.cli("alerts")
    with phone.expect_navigation():
        phone.click("a.button.primary")  # "Lihat status": this browser proved it may follow
    assert "Foto yang Anda kirim telah dihapus" in phone.inner_text("#photo-erased")
    assert "Inspektorat" in phone.inner_text("#lapor")
    _shot(phone, "tracked-erased-phone")
    head = browser_contexts.new_page(*PHONE)
    head.goto(base(central) + "/masuk/")
    head.fill("input[name=username]", "kepala")
    head.fill("input[name=password]", PASSWORD)
    with head.expect_navigation():
        head.click("button.primary")
    head.goto(f"{base(central)}/kotak-pengaduan/{pk}/")
    assert "Foto dihapus bersama kontak" in head.inner_text("#photo-erased")
    _shot(head, "detail-erased-phone")
    assert central.query("SELECT COUNT(*) FROM complaints_photo") == [(0,)]
