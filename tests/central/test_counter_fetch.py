"""The counter acts without leaving its page (issue 27, items 6 and 7), in a real chromium: a
press is answered on the page, sooner than the board shows the call; a press while the server
is down says so and is sent again, done once; an answer lost on the way is not done twice; a
session that ended brings the clerk back to the counter after signing in, with a message."""

from __future__ import annotations

import statistics

import pytest

from tests.central.test_counter_browser import ANSWERED, answered, press
from tests.central.web import CHROMIUM_ARGS, PASSWORD, shoot, sign_in, started

CALLS = 5


@pytest.fixture
def office(tmp_path):
    yield from started(tmp_path)


def _page(browser_contexts, w=1366, h=768):
    return browser_contexts.new_page(w, h, args=CHROMIUM_ARGS)


def _called(office) -> int:
    return office.c.query("SELECT count(*) FROM queue_ticketevent WHERE kind = 'called'")[0][0]


# The board notes when each number appeared, on the same clock as the counter's log.
BOARD_WATCH = """() => { window.shownAt = {};
  const el = document.getElementById('now-number');
  new MutationObserver(() => { window.shownAt[el.textContent] = Date.now(); })
    .observe(el, {childList: true, characterData: true, subtree: true}); }"""


def test_a_call_is_confirmed_on_the_page_no_later_than_the_board(office, browser_contexts):
    for _ in range(CALLS):
        office.issue("paspor_baru")
    board = _page(browser_contexts, 1920, 1080)
    board.goto(office.base + "/display/")
    board.wait_for_function("() => window.boardLog !== undefined")
    board.evaluate(BOARD_WATCH)
    counter = _page(browser_contexts)
    sign_in(counter, office.base, "loket1", 1)
    loads = []
    counter.on("load", lambda _page: loads.append(1))
    to_counter, to_board = [], []
    for i in range(1, CALLS + 1):
        number = f"A-{i:03d}"
        press(counter, "p")
        assert counter.inner_text("#held-number") == number
        board.wait_for_function(f"() => window.shownAt['{number}'] !== undefined")
        log = counter.evaluate("window.counterLog.slice(-3)")
        assert [e["type"] for e in log] == ["pressed", "answered", "panel"]
        to_counter.append(log[1]["t"] - log[0]["t"])
        to_board.append(board.evaluate(f"window.shownAt['{number}']") - log[0]["t"])
        press(counter, "s")
    assert loads == []  # every press answered on the page itself
    print(
        f"\nclick to confirmation, median of {CALLS}: counter {statistics.median(to_counter)} ms,"
        f" board {statistics.median(to_board)} ms (counter {to_counter}, board {to_board})"
    )
    assert statistics.median(to_counter) <= statistics.median(to_board)
    shoot(counter, "counter-serving-fetch")


def test_a_press_while_the_server_is_down_says_so_and_is_done_once(office, browser_contexts):
    office.issue("paspor_baru")
    office.issue("paspor_baru")
    counter = _page(browser_contexts)
    sign_in(counter, office.base, "loket1", 1)
    url = counter.url
    office.c.kill()
    counter.keyboard.press("p")
    counter.wait_for_selector("#live-status:has-text('Tidak terhubung')", timeout=10_000)
    assert counter.url == url and counter.is_visible("#btn-next")  # no browser error page
    shoot(counter, "counter-not-connected")
    office.c.start()
    counter.wait_for_selector("#held-number", timeout=40_000)
    assert counter.inner_text("#held-number") == "A-001"
    assert counter.is_hidden("#live-status")
    assert _called(office) == 1


def test_an_answer_lost_on_the_way_is_not_done_twice(office, browser_contexts):
    office.issue("paspor_baru")
    office.issue("paspor_baru")
    counter = _page(browser_contexts)
    sign_in(counter, office.base, "loket1", 1)
    press(counter, "p")
    lost = []

    def lose_the_answer(route):
        reply = route.fetch()  # the server did it ...
        lost.append(reply.status)
        route.abort("connectionreset")  # ... and the page never heard

    counter.route("**/loket/aksi/call_again", lose_the_answer, times=1)
    press(counter, "u")  # Panggil lagi: sent again with the same key after the reset
    assert lost == [200]
    assert "A-001" in counter.inner_text("#flash")
    recalls = office.c.query("SELECT count(*) FROM queue_ticketevent WHERE kind = 'recalled'")
    assert recalls[0][0] == 1  # said once on the board, not twice
    assert counter.evaluate(ANSWERED) == 2  # one answer each for the two presses


def test_a_session_that_ended_comes_back_to_the_counter(office, browser_contexts):
    office.issue("paspor_baru")
    counter = _page(browser_contexts)
    sign_in(counter, office.base, "loket1", 1)
    counter.context.clear_cookies()  # every cookie gone: the session and the CSRF token
    counter.keyboard.press("p")
    counter.wait_for_url("**/masuk/**")
    assert "Sesi Anda sudah berakhir" in counter.inner_text("main")
    shoot(counter, "sign-in-session-ended")
    counter.fill("input[name=username]", "loket1")
    counter.fill("input[name=password]", PASSWORD)
    counter.click("button.primary")
    counter.wait_for_selector(".messages .info")
    assert "tidak dijalankan" in counter.inner_text(".messages")
    assert _called(office) == 0
    # the loket is chosen again (the old session went with its cookie), then it works
    counter.click("form[action$=pilih] button.primary")
    answered(counter, lambda: counter.keyboard.press("p"))
    assert counter.inner_text("#held-number") == "A-001"


def test_an_action_address_opened_after_signing_in_lands_on_the_counter(office):
    s = office.session("loket1", 1)
    reply = s.get(office.base + "/loket/aksi/call_next", timeout=10)
    assert reply.status_code == 200 and reply.url.endswith("/loket/")
    assert "tidak dijalankan" in reply.text
    assert _called(office) == 0


def test_the_same_press_twice_is_done_once(office):
    office.issue("informasi")
    s = office.session("loket1", 3)
    office.act(s, "call_next")
    ticket = office.held(s)
    said = [office.act(s, "call_again", ticket=ticket, key="press-0123456789") for _ in range(2)]
    assert said[0] == said[1] and said[0].startswith("success")
    recalls = office.c.query("SELECT count(*) FROM queue_ticketevent WHERE kind = 'recalled'")
    assert recalls[0][0] == 1
    # a key reused for another action is refused, not taken for the first one's answer
    refused = office.act(s, "done", ticket=ticket, key="press-0123456789")
    assert refused.startswith("error")
