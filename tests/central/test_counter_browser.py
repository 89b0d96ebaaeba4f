"""The counter terminal, the display board and the status page in a real chromium: a call at
the counter reaches the board (with its announcement queued, segments in order) and the
visitor's phone within a second; recall, no-show, late recall, transfer, done; two counters;
and a screenshot of every page at phone, PC and TV sizes (artifacts/central/)."""

from __future__ import annotations

import pytest

from kiosk_central.announce.speech import call_segments
from tests.central.web import CHROMIUM_ARGS, shoot, sign_in, started

SECOND = 1000  # ms: the issue's "within a second"


@pytest.fixture
def office(tmp_path):
    yield from started(tmp_path)


@pytest.fixture
def browser(browser_contexts):
    """The session's chromium that may play sound untapped (the board announces each call)."""
    return browser_contexts


def _page(browser, w=1366, h=768):
    return browser.new_page(w, h, args=CHROMIUM_ARGS)


ANSWERED = "window.counterLog.filter(e => e.type === 'panel').length"


def answered(page, action) -> None:
    """Do ``action`` (a key, a click) and wait for the counter's own answer and the panel after
    it, on the same page."""
    page.wait_for_load_state("load")  # the page's script listens for keys once loaded
    before = page.evaluate(ANSWERED)
    action()
    page.wait_for_function(f"() => {ANSWERED} > {before}")


def press(page, key: str) -> None:
    """A shortcut key, as staff press it: the action's post and the panel it answers with."""
    answered(page, lambda: page.keyboard.press(key))


def _queued(display) -> list[dict]:
    return display.evaluate("window.boardLog.filter(e => e.type === 'queued')")


def test_call_reaches_board_status_and_announcer(office, browser):
    first = office.issue("paspor_baru")
    second = office.issue("paspor_baru")
    display = _page(browser, 1920, 1080)
    display.goto(office.base + "/display/")
    status = _page(browser, 390, 844)
    status.goto(f"{office.base}/s/{first['id']}")
    assert "A-001" in status.inner_text("#number")
    counter = _page(browser)
    sign_in(counter, office.base, "loket1", 1)
    display.wait_for_function("() => window.boardLog !== undefined")

    press(counter, "p")  # Panggil berikutnya
    counter.wait_for_selector("#held-number")
    assert counter.inner_text("#held-number") == "A-001"
    display.wait_for_function(
        "() => document.getElementById('now-number').textContent === 'A-001'", timeout=SECOND
    )
    status.wait_for_selector("text=Giliran Anda: loket 1", timeout=SECOND)
    display.wait_for_function(
        "() => window.boardLog.some(e => e.type === 'queued')", timeout=SECOND
    )
    queued = _queued(display)
    assert [q["segments"] for q in queued] == [call_segments("A-001", 1)]
    # the second visitor's page: one ahead of them fewer
    waiting = _page(browser, 390, 844)
    waiting.goto(f"{office.base}/s/{second['id']}")
    assert waiting.inner_text("#ahead") == "0"
    shoot(waiting, "status-waiting")
    shoot(status, "status-called")
    shoot(counter, "counter-serving")
    shoot(display, "display")

    # recall: said again, a new announcement with the same words
    press(counter, "u")
    display.wait_for_function("() => window.boardLog.filter(e => e.type === 'queued').length === 2")
    assert [q["segments"] for q in _queued(display)] == [call_segments("A-001", 1)] * 2

    # no-show needs calls_before_no_show (3) calls: not offered after two, and it says why
    assert counter.is_disabled("#btn-noshow")
    assert "3 kali" in counter.inner_text("#noshow-when")
    press(counter, "u")
    counter.wait_for_selector(".messages .success")
    press(counter, "t")
    counter.wait_for_selector("text=tidak hadir")
    status.wait_for_selector("text=dilewati", timeout=SECOND)
    shoot(status, "status-no-show")

    # the late visitor comes back within the tolerance: called back by number
    counter.fill("#late-number", "a001")
    answered(counter, lambda: counter.click("form.late button"))
    counter.wait_for_selector("#held-number")
    assert counter.inner_text("#held-number") == "A-001"
    status.wait_for_selector("text=Giliran Anda: loket 1", timeout=SECOND)

    # transfer to Penggantian Paspor: waiting again, its place kept, then done elsewhere
    counter.select_option("#to-service", "penggantian")
    press(counter, "a")
    counter.wait_for_selector(".messages .success")
    assert counter.query_selector("#held-number") is None
    status.wait_for_selector("text=Penggantian Paspor", timeout=SECOND)
    press(counter, "p")  # B is served here too: A-001 (issued first) before A-002
    counter.wait_for_selector("#held-number")
    assert counter.inner_text("#held-number") == "A-001"
    press(counter, "s")
    counter.wait_for_selector(".messages .success")
    status.wait_for_selector("text=Selesai", timeout=SECOND)
    shoot(status, "status-done")
    kinds = office.c.query(
        "SELECT e.kind, e.counter_id IS NOT NULL, e.staff_id IS NOT NULL FROM queue_ticketevent e"
        " JOIN queue_ticket t ON t.id = e.ticket_id WHERE t.number = 'A-001' ORDER BY e.id"
    )
    assert [k for k, *_ in kinds] == [
        "issued", "called", "recalled", "recalled", "no_show", "recalled",
        "transferred", "called", "done",
    ]  # fmt: skip
    assert all(counter_set and staff for _, counter_set, staff in kinds[1:])


def test_two_counters_one_visitor_each(office, browser):
    office.issue("penggantian")
    office.issue("penggantian")
    one, two = _page(browser), _page(browser)
    sign_in(one, office.base, "loket1", 1)
    sign_in(two, office.base, "loket2", 2)
    display = _page(browser, 1920, 1080)
    display.goto(office.base + "/display/")
    display.wait_for_function("() => window.boardLog !== undefined")
    press(one, "p")
    press(two, "p")
    one.wait_for_selector("#held-number")
    two.wait_for_selector("#held-number")
    assert {one.inner_text("#held-number"), two.inner_text("#held-number")} == {"B-001", "B-002"}
    display.wait_for_function("() => window.boardLog.filter(e => e.type === 'queued').length === 2")
    serving = display.inner_text("#serving")
    assert "B-001" in serving and "B-002" in serving
    # a board for loket 2 only (a floor's board): loket 1's call is not on it, nor said
    floor = _page(browser, 1920, 1080)
    floor.goto(office.base + "/display/?loket=2")
    assert floor.inner_text("#serving").count("Loket") == 1
    assert "Loket 2" in floor.inner_text("#serving")
    assert floor.inner_text("#now-loket") == "2"


def test_screens_of_sign_in_and_choice(office, browser):
    page = _page(browser)
    page.goto(office.base + "/masuk/")
    shoot(page, "sign-in")
    page.fill("input[name=username]", "loket1")
    page.fill("input[name=password]", "salah")
    page.click("button.primary")
    page.wait_for_selector(".error")
    shoot(page, "sign-in-error")
    page.fill("input[name=username]", "loket1")
    page.fill("input[name=password]", "loket-rahasia-1")
    page.click("button.primary")
    page.wait_for_selector("form[action$=pilih]")
    shoot(page, "counter-choose")
    page.click("form[action$=pilih] button.primary")
    page.wait_for_selector("#btn-next")
    shoot(page, "counter-idle")


def test_board_says_reconnecting_when_the_server_goes_and_recovers(office, browser):
    office.issue("informasi")
    display = _page(browser, 1920, 1080)
    display.goto(office.base + "/display/")
    display.wait_for_function("() => window.boardLog !== undefined")
    assert display.is_hidden("#reconnect")
    office.c.kill()  # the server gone: a network blip, a restart
    display.wait_for_selector("#reconnect", state="visible", timeout=10_000)
    assert "Menghubungkan ulang" in display.inner_text("#reconnect")
    assert "stale" in display.get_attribute("body", "class")  # the numbers dimmed, not live
    shoot(display, "display-reconnecting")
    office.c.start()
    s = office.session("loket1", 3)
    office.act(s, "call_next")
    display.wait_for_function(
        "() => document.getElementById('now-number').textContent === 'E-001'", timeout=15_000
    )
    display.wait_for_selector("#reconnect", state="hidden")


POST_WITHOUT_TOKEN = """() => { const f = document.createElement('form'); f.method = 'post';
    f.action = '/loket/aksi/call_next'; document.body.append(f); f.submit(); }"""


def test_a_form_without_its_csrf_token_gets_a_page_that_says_so(office, browser):
    page = _page(browser)
    sign_in(page, office.base, "loket1", 1)
    with page.expect_navigation():
        page.evaluate(POST_WITHOUT_TOKEN)
    page.wait_for_selector("text=Tidak ada yang diubah")
    assert page.get_attribute("main a.button", "href") == "/loket/"
    shoot(page, "csrf-refused")
    # signed out (every cookie gone): the counter's form leads to signing in again, and back
    page.context.clear_cookies()
    page.goto(office.base + "/masuk/")
    with page.expect_navigation():
        page.evaluate(POST_WITHOUT_TOKEN)
    page.wait_for_url("**/masuk/?next=/loket/lanjut")
    assert "Sesi Anda sudah berakhir" in page.inner_text("main")


def test_the_content_security_policy_refuses_an_inline_script(office, browser):
    """Issue 25: what an attacker would slip into a page (an inline script, a script from
    another origin) does not run; the pages' own scripts do (every browser test checks that
    nothing of theirs is refused)."""
    page = _page(browser)
    page.goto(office.base + "/masuk/")
    policy = page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.evaluate(
        """() => {
            window.ran = [];
            const inline = document.createElement('script');
            inline.textContent = 'window.ran.push("inline")';
            document.head.appendChild(inline);
            const foreign = document.createElement('script');
            foreign.src = 'https://example.invalid/x.js';
            document.head.appendChild(foreign);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran") == []
    refused = browser.refused[:]
    browser.refused.clear()  # expected here, not a fault of the page
    assert any("inline" in r for r in refused) and any("example.invalid" in r for r in refused)
