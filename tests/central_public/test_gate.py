"""The public forms' door (kiosk_central/public/gate.py) over real HTTP, in front of a probe
form served by a central's own Django: a person in a real chromium passes the proof of work
(and, with JavaScript off, the slower path); a script that does not solve it is refused, and a
solved challenge or a form token works once. Client addresses behind the trusted proxy."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import altcha
import pytest
import requests

from tests.central.conftest import free_port, wait_port
from tests.central_public.office import proxied_session

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "artifacts" / "public"
# The policy issue 25 will send: nothing inline, nothing from another origin.
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"


@pytest.fixture
def probe(central):
    # as the office's nginx sends them: from 127.0.0.1, the visitor in X-Forwarded-For
    central.config.write_text(central.config.read_text() + 'trusted_proxies = ["127.0.0.1"]\n')
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.central_public.gate_probe", str(central.config), str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(central.root / "probe.log", "ab"),  # noqa: SIM115
    )
    wait_port(port, proc)
    yield f"http://127.0.0.1:{port}"
    proc.kill()
    proc.wait()


def _form(s: requests.Session, base: str, **headers) -> dict:
    page = s.get(base + "/probe/", headers=headers, timeout=10)
    pace = re.search(r'name="pace" value="([^"]+)"', page.text).group(1)
    return {"csrfmiddlewaretoken": s.cookies["csrftoken"], "pace": pace, "name": "x"}


def _post(s, base, data, **headers) -> requests.Response:
    return s.post(base + "/probe/", data=data, headers=headers, timeout=10)


def _solved(s: requests.Session, base: str) -> str:
    challenge = altcha.Challenge.from_dict(s.get(base + "/publik/tantangan", timeout=10).json())
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


def _with_csp(route):
    reply = route.fetch(max_redirects=0)  # the browser follows them, as it would
    route.fulfill(response=reply, headers={**reply.headers, "content-security-policy": CSP})


def _wait_solved(page, timeout: float = 60) -> None:
    """Until the widget put its solution in the form (polled from here: the page's CSP
    forbids the eval that Playwright's wait_for_function runs in it)."""
    deadline = time.monotonic() + timeout
    field = page.locator("input[name=altcha]")
    while time.monotonic() < deadline:
        if field.count() and len(field.input_value()) > 100:
            return
        time.sleep(0.1)
    raise AssertionError("the widget did not solve its challenge")


def test_person_in_a_browser_passes_the_proof_of_work(probe, browser_contexts):
    page = browser_contexts.new_page(360, 640)
    refused_by_csp = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused_by_csp.append(m))
    page.route("**/*", _with_csp)
    page.goto(probe + "/probe/")
    page.fill("#name", "Siti")
    _wait_solved(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "gate-solved-360.png"))
    assert page.inner_text(".gate") == "Terperiksa"  # the Indonesian words, solved
    with page.expect_navigation():
        page.click("#send")
    assert page.locator("#accepted").count() == 1, page.inner_text("main")
    assert not refused_by_csp, [m.text for m in refused_by_csp]


def test_script_that_does_not_solve_it_is_refused(probe):
    s = proxied_session()
    data = _form(s, probe)
    for sent in (
        {**data, "pace": ""},  # neither a solution nor a token
        {**data, "pace": "", "altcha": "bm90IGEgcGF5bG9hZA=="},  # garbage
        {**data, "pace": data["pace"] + "x"},  # a forged token
        {**data, "pace": "", "altcha": "A" * 100_000},  # huge
    ):
        reply = _post(s, probe, sent)
        assert reply.status_code == 403
        assert "bukan robot" in reply.text
    challenge = s.get(probe + "/publik/tantangan", timeout=10).json()
    forged = altcha.Payload(
        altcha.Challenge.from_dict(challenge), altcha.Solution(12345, "00" * 32)
    )
    assert _post(s, probe, {**data, "altcha": forged.to_base64()}).status_code == 403


def test_a_solution_works_once(probe):
    s = proxied_session()
    data = {**_form(s, probe), "pace": "", "altcha": _solved(s, probe)}
    assert _post(s, probe, data).status_code == 200
    again = _post(s, probe, data)
    assert again.status_code == 403
    assert "sudah dikirim" in again.text


def test_without_javascript_a_slower_and_tighter_path(probe, browser_contexts):
    page = browser_contexts.new_context(
        viewport={"width": 360, "height": 640}, java_script_enabled=False
    ).new_page()
    page.goto(probe + "/probe/")
    assert "JavaScript" in page.inner_text("noscript")
    page.fill("#name", "Budi")
    with page.expect_navigation():
        page.click("#send")  # at once: too soon for the slow path
    assert "2 detik" in page.inner_text("#refused")
    page.screenshot(path=str(ARTIFACTS / "gate-nojs-too-soon-360.png"))
    time.sleep(2.1)
    with page.expect_navigation():
        page.click("#send")  # the same form (its token), sent again later
    assert page.inner_text("#accepted") == "accepted"
    # Per address: two plain forms an hour (the probe's limits), the third is refused.
    s = proxied_session()
    data = _form(s, probe)
    time.sleep(2.1)
    assert _post(s, probe, data).status_code == 200
    data = _form(s, probe)
    time.sleep(2.1)
    refused = _post(s, probe, data)
    assert refused.status_code == 403 and "Terlalu banyak" in refused.text
    # All addresses together: three an hour (the probe's), whoever sends them.
    for address, status in (("198.51.100.7", 200), ("198.51.100.8", 403)):
        data = _form(s, probe)
        time.sleep(2.1)
        reply = _post(s, probe, data, **{"X-Forwarded-For": address})
        assert reply.status_code == status
    assert "Terlalu banyak" in reply.text


def test_a_replayed_plain_form_is_refused(probe):
    s = proxied_session()
    data = _form(s, probe)
    time.sleep(2.1)
    assert _post(s, probe, data, **{"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    again = _post(s, probe, data, **{"X-Forwarded-For": "198.51.100.2"})
    assert again.status_code == 403 and "sudah dikirim" in again.text


def test_client_address_behind_the_trusted_proxy(probe):
    def seen(forwarded: str | None) -> str:
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        return requests.get(probe + "/probe/address", headers=headers, timeout=10).text

    assert seen(None) == "127.0.0.1"
    # The proxy (127.0.0.1, trusted) appends the visitor's address: the last hop counts,
    # never one the client wrote in front of it.
    assert seen("203.0.113.9") == "203.0.113.9"
    assert seen("1.2.3.4, 203.0.113.9") == "203.0.113.9"
    assert seen("garbage, 203.0.113.9") == "203.0.113.9"
    # Only the hop the proxy appended counts (here the proxy saw 127.0.0.1 connect); an IPv6
    # client is counted per /64.
    assert seen("203.0.113.9, 127.0.0.1") == "127.0.0.1"
    assert seen("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"


def test_an_untrusted_sender_cannot_name_its_address(central, probe):
    text = central.config.read_text().replace('trusted_proxies = ["127.0.0.1"]\n', "")
    central.config.write_text(text + 'trusted_proxies = ["10.9.9.9"]\n')
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.central_public.gate_probe", str(central.config), str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, proc)
        headers = {"X-Forwarded-For": "203.0.113.9"}
        url = f"http://127.0.0.1:{port}/probe/address"
        assert requests.get(url, headers=headers, timeout=10).text == "127.0.0.1"
    finally:
        proc.kill()
        proc.wait()
