"""A visitor in a real chromium at phone size sends a complaint (with JavaScript, through the
proof of work; and without it, through the slower path), a supervisor answers it in the inbox
on a PC, the visitor sees the answer on the tracking page. Screenshots at phone and PC size
go to artifacts/central/complaints-*.png."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from tests.central.api import post, ticket_body
from tests.central_complaints.office import PASSWORD, base, staff

# The public door's own helpers: the strict CSP of issue 25, and waiting for the widget.
from tests.central_public.test_gate import _wait_solved, _with_csp

ARTIFACTS = Path(__file__).parents[2] / "artifacts" / "central"
PHONE, PC = (360, 640), (1366, 768)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"complaints-{name}.png"), full_page=True)


def _fill(page, text: str) -> None:
    page.check("input[name=kind][value=complaint]")
    page.select_option("#id_category", "waiting")
    page.fill("#id_text", text)
    page.fill("input[name=contact]", "081298765432")


@pytest.mark.parametrize("engine", ["sqlite"])
def test_sent_from_a_phone_answered_on_a_pc_seen_on_the_phone(central, browser_contexts):
    token = central.register("kiosk-01")
    staff(central)
    central.start()
    ticket = post(central.url, "/tickets", token, ticket_body("kiosk-01"), str(uuid.uuid4()))
    uid = ticket.json()["id"]

    phone = browser_contexts.new_page(*PHONE)
    refused_by_csp = []
    phone.on("console", lambda m: "Content Security Policy" in m.text and refused_by_csp.append(m))
    phone.route("**/*", _with_csp)
    # From the ticket's status page: the visit is linked by the ticket's own id, no NIK.
    phone.goto(f"{base(central)}/pengaduan/?tiket={uid}")
    assert "Terkait tiket" in phone.inner_text("main")
    _fill(phone, "Menunggu dua jam padahal sudah datang pagi. NIK 3171015708450001.")
    assert "Sisa" in phone.inner_text("#text-count")  # the page's own script runs under the CSP
    _wait_solved(phone)
    _shot(phone, "form-phone")
    with phone.expect_navigation():
        phone.click("button.primary[type=submit]")
    code, secret = phone.inner_text("#code"), phone.inner_text("#secret")
    assert phone.locator("#nik-masked").is_visible()
    _shot(phone, "sent-phone")
    assert not refused_by_csp, [m.text for m in refused_by_csp]

    pc = browser_contexts.new_page(*PC)
    pc.goto(base(central) + "/masuk/")
    pc.fill("input[name=username]", "spv")
    pc.fill("input[name=password]", PASSWORD)
    with pc.expect_navigation():
        pc.click("button.primary")
    pc.goto(base(central) + "/kotak-pengaduan/")
    _shot(pc, "inbox-pc")
    with pc.expect_navigation():
        pc.click(f"text={code}")
    assert "081298765432" in pc.inner_text("main")
    assert "3171015708450001" not in pc.content()
    pc.fill(
        "form:has(input[value=reply]) textarea", "Mohon maaf. Loket tambahan dibuka pukul 08.00."
    )
    with pc.expect_navigation():
        pc.click("form:has(input[value=reply]) button.primary")
    assert "Sudah dijawab" in pc.inner_text("#state")
    _shot(pc, "detail-pc")

    # The visitor, later, on the phone: the tracking page with code and secret.
    later = browser_contexts.new_page(*PHONE)
    later.goto(base(central) + "/pengaduan/lacak/")
    later.fill("input[name=code]", code)
    later.fill("input[name=secret]", secret)
    with later.expect_navigation():
        later.click("button.primary")
    assert "Sudah dijawab" in later.inner_text("#state")
    assert "Loket tambahan dibuka pukul 08.00." in later.inner_text("#timeline")
    assert "081298765432" not in later.content()
    _shot(later, "tracked-phone")
    later.set_viewport_size({"width": PC[0], "height": PC[1]})
    _shot(later, "tracked-pc")


@pytest.mark.parametrize("engine", ["sqlite"])
def test_sent_from_a_phone_without_javascript(central, browser_contexts):
    staff(central)
    central.start()
    page = browser_contexts.new_context(
        viewport={"width": PHONE[0], "height": PHONE[1]}, java_script_enabled=False
    ).new_page()
    page.goto(base(central) + "/pengaduan/")
    _fill(page, "Papan informasi biaya tidak terbaca.")
    page.check("input[name=anonymous][value=yes]")
    with page.expect_navigation():
        page.click("button.primary[type=submit]")  # at once: too soon for the slow path
    assert "detik" in page.inner_text("#refused")
    assert page.input_value("#id_text") == "Papan informasi biaya tidak terbaca."  # kept
    _shot(page, "nojs-too-soon-phone")
    time.sleep(10.5)
    with page.expect_navigation():
        page.click("button.primary[type=submit]")
    code = page.inner_text("#code")
    assert code.startswith("P-") and len(page.inner_text("#secret")) == 10
    _shot(page, "nojs-sent-phone")
    page.set_viewport_size({"width": PC[0], "height": PC[1]})
    page.goto(base(central) + "/pengaduan/")
    _shot(page, "form-pc")
