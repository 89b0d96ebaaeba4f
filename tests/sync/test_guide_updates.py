"""Guide bundles from the central server, by version, through the heartbeat's answer."""

from __future__ import annotations

from kiosk.sync.heartbeat import Heartbeat
from kiosk.usecases.guide_library import GuideLibrary
from kiosk.usecases.guide_updates import GuideUpdater
from tests.test_guides import SERVICES, TODAY, bundle


def test_a_new_version_is_fetched_installed_and_a_broken_one_refused(
    kiosk, server, clock, tmp_path
):
    library = GuideLibrary(tmp_path, SERVICES)
    installed = []
    updater = GuideUpdater(kiosk.central, library, lambda: TODAY, installed.append)
    on_reply = lambda reply: updater.offer(reply["guides_version"])  # noqa: E731
    beat = Heartbeat(kiosk.central, clock, kiosk.outbox, {}, on_reply=on_reply)

    server.state.guides[2] = bundle(2)
    server.state.guides_version = 2
    beat.beat()
    assert installed == [2] and library.installed_version == 2

    broken = bundle(3)
    broken["guides"]["informasi"]["text"]["en"]["steps"] = []
    server.state.guides[3] = broken
    server.state.guides_version = 3
    beat.beat()
    beat.beat()  # asked once: a refused version is not fetched again
    assert installed == [2] and library.installed_version == 2
    assert server.state.requests == 5  # 3 heartbeats, v2 and v3 fetched once each
    titles = [g.text("en").title for g in library.load(TODAY).guides]
    assert "Information v2" in titles


def test_a_fetch_that_fails_is_tried_again(kiosk, server, tmp_path):
    library = GuideLibrary(tmp_path, SERVICES)
    updater = GuideUpdater(kiosk.central, library, lambda: TODAY, lambda v: None)
    server.state.guides[2] = bundle(2)
    server.inject("500")
    assert not updater.offer(2)
    assert updater.offer(2) and library.installed_version == 2
