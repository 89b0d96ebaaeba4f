"""The player in a real chromium: calls play in order, one at a time, and autoplay is handled."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk_central.announce.speech import call_segments

ARTIFACTS = Path(os.environ.get("KIOSK_ARTIFACTS", Path(__file__).parents[2] / "artifacts"))
AUTOPLAY = "--autoplay-policy=no-user-gesture-required"
CALLS = [("A-007", 2, "c1"), ("B-012", 12, "c2"), ("C-123", 21, "c3")]


def _open(page, site, query="") -> None:
    page.goto(f"{site}static/announce/harness.html?base=/segments/{query}")
    page.wait_for_function("() => window.announcer !== undefined")


def _enqueue(page, calls) -> None:
    """All calls queued in one turn of the page's event loop: as quick as calls can come."""
    page.evaluate(
        "calls => calls.forEach(([segments, id]) => window.announcer.announce(segments, {id}))",
        [[call_segments(ticket, counter), call_id] for ticket, counter, call_id in calls],
    )


def _log(page, types) -> list[dict]:
    return [e for e in page.evaluate("window.announceLog") if e["type"] in types]


def _wait_ends(page, count: int, timeout_ms: int = 60000) -> None:
    page.wait_for_function(
        f"() => window.announceLog.filter(e => e.type === 'end').length >= {count}",
        timeout=timeout_ms,
    )


def _burst(calls) -> list[tuple[str, str]]:
    """What a burst of calls sounds like: one chime, then each call's words in turn."""
    said = [(cid, name) for t, c, cid in calls for name in call_segments(t, c)]
    return [said[0]] + [(cid, name) for cid, name in said[1:] if name != "chime"]


def _assert_in_order_without_overlap(events, calls) -> None:
    # segment-start / segment-end alternate strictly: nothing starts before the last ended
    kinds = [e["type"] for e in events]
    assert kinds == ["segment-start", "segment-end"] * (len(kinds) // 2)
    played = [(e["id"], e["name"]) for e in events if e["type"] == "segment-start"]
    assert played == _burst(calls)
    times = [e["t"] for e in events]
    assert times == sorted(times)
    for start, end in zip(events[::2], events[1::2], strict=True):
        # really played on the audio clock, not skipped: most of the file's length elapsed
        assert end["t"] - start["t"] >= 0.8 * start["duration"] * 1000, start["name"]


def test_three_quick_calls_play_in_order_one_at_a_time(launch, site):
    page = launch([AUTOPLAY])
    _open(page, site)
    _enqueue(page, CALLS)
    _wait_ends(page, 3)
    events = _log(page, {"segment-start", "segment-end"})
    _assert_in_order_without_overlap(events, CALLS)
    starts = {e["id"]: e["t"] for e in _log(page, {"start"})}
    ends = {e["id"]: e["t"] for e in _log(page, {"end"})}
    assert starts["c2"] - ends["c1"] >= 250 and starts["c3"] - ends["c2"] >= 250  # the pause
    assert not _log(page, {"blocked", "segment-missing"})


def test_a_recall_of_a_call_still_waiting_is_not_queued_twice(launch, site):
    page = launch([AUTOPLAY])
    _open(page, site)
    # B-012 is recalled while A-007 is being said: B-012 is still waiting, so it is said once;
    # A-007 recalled while it is being said is a real second call, and is said again
    calls = [("A-007", 2, "c1"), ("B-012", 12, "c2"), ("B-012", 12, "r2"), ("A-007", 2, "r1")]
    page.wait_for_function("() => window.announcer.ctx.state === 'running'")  # c1 starts at once
    _enqueue(page, calls)
    _wait_ends(page, 3)
    page.wait_for_timeout(1500)  # a fourth would have started by now
    assert [e["id"] for e in _log(page, {"end"})] == ["c1", "c2", "r1"]
    assert [(e["id"], e["as"]) for e in _log(page, {"waiting"})] == [("r2", "c2")]


def test_a_recall_is_said_again_a_replayed_event_is_not(launch, site):
    page = launch([AUTOPLAY])
    _open(page, site)
    calls = [("A-007", 2, "c1"), ("A-007", 2, "c1"), ("A-007", 2, "recall-1")]
    _enqueue(page, calls)
    _wait_ends(page, 2)
    page.wait_for_timeout(1500)  # a third would have started by now
    assert [e["id"] for e in _log(page, {"end"})] == ["c1", "recall-1"]
    assert [e["id"] for e in _log(page, {"duplicate"})] == ["c1"]
    said = [calls[0], calls[2]]
    _assert_in_order_without_overlap(_log(page, {"segment-start", "segment-end"}), said)


def test_an_office_recording_is_played_instead_of_the_voice(launch, site, segments):
    page = launch([AUTOPLAY])
    page.route(
        "**/segments/segments.json",
        lambda route: route.fulfill(
            json={"segments": {"chime": "office/chime.wav"}},
        ),
    )
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    recording = segments / "office" / "chime.wav"
    recording.parent.mkdir(exist_ok=True)
    recording.write_bytes((segments / "huruf_a.wav").read_bytes())
    try:
        _open(page, site)
        page.evaluate("window.announcer.announce(['chime'], {id: 'x'})")
        _wait_ends(page, 1)
    finally:
        recording.unlink()
    assert any(url.endswith("/segments/office/chime.wav") for url in requested)
    (event,) = _log(page, {"segment-start"})
    assert abs(event["duration"] - 0.33) < 0.1  # the length of the recording, not the chime


def test_a_missing_segment_is_skipped_and_the_rest_is_said(launch, site):
    page = launch([AUTOPLAY])
    _open(page, site)
    page.evaluate("window.announcer.announce(['chime', 'no_such_word', 'dua'], {id: 'm'})")
    _wait_ends(page, 1)
    assert [e["name"] for e in _log(page, {"segment-start"})] == ["chime", "dua"]
    assert [e["name"] for e in _log(page, {"segment-missing"})] == ["no_such_word"]


def test_blocked_autoplay_asks_for_a_tap_then_plays_what_waited(launch, site):
    page = launch()  # chromium's default policy: no sound before the user touches the page
    _open(page, site)
    _enqueue(page, CALLS[:2])
    button = page.locator("button.announce-enable")
    button.wait_for(state="visible", timeout=5000)
    assert "Tap to enable sound" in button.inner_text()
    page.wait_for_timeout(500)
    assert not _log(page, {"segment-start"})  # nothing played while blocked
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "announce-tap-to-enable.png"))
    button.click()
    _wait_ends(page, 2)
    assert page.locator("button.announce-enable").count() == 0
    assert [e["type"] for e in _log(page, {"blocked", "enabled"})] == ["blocked", "enabled"]
    _assert_in_order_without_overlap(_log(page, {"segment-start", "segment-end"}), CALLS[:2])


def test_calls_that_waited_too_long_for_the_tap_are_not_said(launch, site):
    page = launch()  # default policy: blocked until the tap
    _open(page, site, "&maxAgeMs=1500")
    _enqueue(page, CALLS[:1])
    page.locator("button.announce-enable").wait_for(state="visible", timeout=5000)
    page.wait_for_timeout(2000)  # the call is now older than 1.5 s
    _enqueue(page, CALLS[1:2])
    page.locator("button.announce-enable").click()
    _wait_ends(page, 1)
    assert [e["id"] for e in _log(page, {"stale"})] == ["c1"]
    assert [e["id"] for e in _log(page, {"end"})] == ["c2"]


def test_the_longest_call_plays_in_its_computed_length(launch, site, segments):
    """What ``announce/timing.py`` computes from the files is what chromium takes to say it:
    the longest call of an office of up to 8 counters, from its first sound to its last."""
    from kiosk_central.announce.timing import LIMIT_S, call_seconds, segment_lengths

    segments_of = call_segments("X-999", 8)
    computed = call_seconds(segments_of, segment_lengths(segments))
    page = launch([AUTOPLAY])
    _open(page, site)
    page.wait_for_function("() => window.announcer.ctx.state === 'running'")
    page.evaluate("s => window.announcer.announce(s, {id: 'long'})", segments_of)
    _wait_ends(page, 1)
    [first, *_] = _log(page, {"segment-start"})
    [last] = [e for e in _log(page, {"segment-end"})][-1:]
    played = (last["t"] - first["t"]) / 1000
    print(f"\nX-999 to loket 8: computed {computed:.2f} s, played {played:.2f} s in chromium")
    assert computed <= LIMIT_S
    assert played <= computed + 0.25  # the page's own step from one file to the next
