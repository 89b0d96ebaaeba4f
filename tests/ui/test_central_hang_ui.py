"""With the central API hanging, the screen keeps drawing: the visitor waits at most the
budget, then gets a number from the kiosk's own block; the record follows when it can."""

from __future__ import annotations

import time

import pytest

from kiosk.store.outbox import Outbox
from kiosk.sync.central import Central
from kiosk.sync.client import CentralClient, Timeouts
from kiosk.sync.worker import SyncWorker
from kiosk_testsupport.central_server import CentralServer

pytestmark = pytest.mark.ui
TOKEN = "ui-test-token"


@pytest.fixture
def hanging_central(ui, tmp_path):
    server = CentralServer(token=TOKEN).start()
    server.hang_s = 3.0
    client = CentralClient(server.url, TOKEN, timeouts=Timeouts(1.0, 2.0))
    central = Central(client, "kiosk-ui", budget_s=1.0)
    with ui.serving(tmp_path / "state", central=central):
        yield server, central
    server.stop()
    client.close()


def test_frames_keep_coming_while_the_central_hangs(ui, hanging_central):
    server, central = hanging_central
    server.inject("hang")
    ui.tap(ui.screen.ids.walk_in)
    ui.wait_for(lambda: ui.settled_on("service"))
    ui.tap(ui.card("Informasi & Pengaduan"))
    ui.answer_priority(False)
    started, longest, frames = time.monotonic(), 0.0, 0
    while ui.app.root.current != "ticket":
        assert time.monotonic() - started < 10, "no ticket"
        before = time.monotonic()
        ui.pump(1)
        longest = max(longest, time.monotonic() - before)
        frames += 1
    waited = time.monotonic() - started
    assert ui.screen.ids.number.text == "E-801"  # the kiosk's own block, not the central's
    # The budget was spent off the UI thread: many frames, none of them waiting on it.
    assert waited >= central.budget_s * 0.9
    assert frames > 10 and longest < central.budget_s, (frames, longest)
    ui.screenshot("ticket-offline-number-id")

    # Back online: the worker delivers the ticket under the number the visitor holds.
    server.release.set()
    worker = SyncWorker(central, Outbox(ui.app.kiosk.db), ui.app.kiosk.db, rand=lambda: 0.0)
    for _ in range(50):
        try:
            worker.run_once()
        except Exception:
            continue
        if any(t["number"] == "E-801" for t in server.state.tickets.values()):
            break
    assert [t["number"] for t in server.state.tickets.values()] == ["E-801"]
