"""The citizen's pages in a real chromium at 360x640, under the CSP issue 25 will send: book,
see the confirmation (its QR read back as the kiosk's scanner would), find the booking from
another phone with the code and the last four digits, move it, cancel it; the same without
JavaScript. A screenshot of each step (artifacts/public/), and the NIK in no URL, no page
beyond its last four digits, no log line."""

from __future__ import annotations

import io
import re
import time

import pytest

from tests.central_public.office import holiday, nik, prepare
from tests.central_public.test_gate import ARTIFACTS, _wait_solved, _with_csp

NIK = nik(4321)


@pytest.fixture
def office(tmp_path):
    from tests.central.conftest import Central

    c = Central(tmp_path / "central")
    c.setup()
    yield c, prepare(c)
    c.kill()


class Phone:
    """One phone's browser: every URL it visited and every page it was shown are kept."""

    def __init__(self, browser_contexts, javascript: bool = True) -> None:
        context = browser_contexts.new_context(
            viewport={"width": 360, "height": 640}, java_script_enabled=javascript
        )
        self.page = context.new_page()
        self.urls: list[str] = []
        self.texts: list[str] = []
        self.csp: list[str] = []
        self.page.on("request", lambda r: self.urls.append(r.url))
        self.page.on("console", lambda m: "Content Security" in m.text and self.csp.append(m.text))
        self.page.route("**/*", _with_csp)
        self.js = javascript

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        suffix = "" if self.js else "-nojs"
        self.page.screenshot(
            path=str(ARTIFACTS / f"booking-{name}{suffix}-360.png"), full_page=True
        )
        self.texts.append(self.page.content())

    def click(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.click(selector)


def _qr_code(phone: Phone) -> str:
    from PIL import Image
    from pyzbar.pyzbar import decode

    png = phone.page.locator("img.qr").screenshot()
    return decode(Image.open(io.BytesIO(png)))[0].data.decode()


def _book(phone: Phone, base: str) -> str:
    p = phone.page
    p.goto(base + "/reservasi/")
    phone.shot("1-services")
    assert "Paspor Baru" in p.inner_text("main")
    phone.click(".service:has-text('Paspor Baru') a.button")
    phone.shot("2-times")
    assert f"tanggal={holiday().isoformat()}" not in p.content()
    p.check("input[name=slot]:not([disabled]) >> nth=1")
    phone.click("button.primary")
    p.fill("#id_number", NIK)
    p.fill("#id_name", "Siti Aminah")
    p.fill("#id_contact", "0812 3456 7890")
    if phone.js:
        _wait_solved(p)
    else:
        time.sleep(10.5)  # the no-JavaScript form is accepted 10 s after it was shown
    phone.shot("3-details")
    phone.click("button.primary")
    phone.shot("4-confirmed")
    code = p.inner_text("#code")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert _qr_code(phone) == code  # the plain code: what the kiosk's scanner accepts
    assert "•••• 4321" in p.inner_text("main")
    assert "KTP" in p.inner_text("main")
    return code


def _find(phone: Phone, base: str, code: str) -> None:
    p = phone.page
    p.goto(f"{base}/reservasi/b/{code}/")  # the code alone: sent to the look-up
    assert "/reservasi/cari/" in p.url
    p.fill("#id_last4", "0000")
    phone.click("button.primary")
    assert "Tidak ada reservasi" in p.inner_text("main")
    p.fill("#id_code", code)
    p.fill("#id_last4", NIK[-4:])
    phone.shot("5-find")
    phone.click("button.primary")
    assert p.inner_text("#code") == code


def _move_and_cancel(phone: Phone, base: str, code: str) -> None:
    p = phone.page
    before = p.inner_text("#when")
    phone.click("a:has-text('Pindah jadwal')")
    phone.shot("6-move")
    p.click(".day:not(.on):not(.full) >> nth=0")
    p.wait_for_load_state()
    p.check("input[name=slot]:not([disabled]) >> nth=0")
    phone.click("button.primary")
    assert "dipindah" in p.inner_text(".ok")
    assert p.inner_text("#when") != before
    phone.click("a:has-text('Batalkan')")
    phone.shot("7-cancel")
    phone.click("#confirm-cancel")
    phone.shot("8-cancelled")
    assert "dibatalkan" in p.inner_text("main").lower()


def _private_link(phone: Phone, browser_contexts, javascript: bool, code: str) -> str:
    """The private link, shown once on the confirmation (a reload shows it no more), opens the
    booking on a third phone that knows neither the code nor the digits."""
    p = phone.page
    assert "Simpan tautan ini: hanya ditampilkan sekali" in p.inner_text("main")
    link = p.inner_text("#private-link-url")
    assert p.locator("#private-link-url").bounding_box()["width"] <= 360  # wrapped, not wide
    p.reload()
    assert p.inner_text("#code") == code and p.locator("#private-link").count() == 0
    third = Phone(browser_contexts, javascript)
    third.page.goto(link)
    third.shot("9-private-link")
    assert third.page.inner_text("#code") == code and "Pindah jadwal" in third.page.content()
    assert not third.csp, third.csp
    return link


def _nothing_leaked(phone: Phone, central) -> None:
    assert not any(NIK in u for u in phone.urls)
    assert not any(NIK in t for t in phone.texts)
    log = (central.root / "serve.log").read_text()
    assert NIK not in log and NIK[-4:] not in log
    assert not phone.csp, phone.csp


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_book_find_move_cancel_at_phone_size(office, browser_contexts, javascript):
    central, base = office
    phone = Phone(browser_contexts, javascript)
    code = _book(phone, base)
    link = _private_link(phone, browser_contexts, javascript, code)
    other = Phone(browser_contexts, javascript)  # another phone: knows the code and 4 digits
    _find(other, base, code)
    _move_and_cancel(other, base, code)
    _nothing_leaked(phone, central)
    _nothing_leaked(other, central)
    assert link.split("/k/")[1] not in (central.root / "serve.log").read_text()
    place = central.query("SELECT SUM(taken) FROM booking_slottaken")[0][0]
    assert place == 0  # moved, then cancelled: every place given back
