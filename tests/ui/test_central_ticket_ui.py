"""In central mode the ticket screen says what the central answered: people ahead and the
estimated wait (issue 14), in both languages."""

from __future__ import annotations

import pytest

from kiosk.sync.central import Central
from kiosk.sync.client import CentralClient, Timeouts
from kiosk_testsupport.central_server import CentralServer

pytestmark = pytest.mark.ui
TOKEN = "ui-test-token"


@pytest.fixture
def central(ui, tmp_path):
    server = CentralServer(token=TOKEN).start()
    client = CentralClient(server.url, TOKEN, timeouts=Timeouts(1.0, 2.0))
    central = Central(client, "kiosk-ui", budget_s=2.0)
    with ui.serving(tmp_path / "state", central=central):
        yield server
    server.stop()
    client.close()


def test_the_ticket_screen_shows_the_centrals_place_and_wait(ui, central):
    for _ in range(2):  # two visitors before this one, at another kiosk
        central.state.tickets[f"other-{_}"] = {
            "service_code": "informasi", "number": f"E-00{_ + 1}", "_order": _,
        }  # fmt: skip
    central.state.counters[(ui.app.kiosk.clock.now().date().isoformat(), "E")] = 2
    ui.tap(ui.screen.ids.walk_in)
    ui.wait_for(lambda: ui.settled_on("service"))
    ui.tap(ui.card("Informasi & Pengaduan"))
    ui.answer_priority(False)
    ui.wait_for(lambda: ui.settled_on("ticket"))
    screen = ui.screen
    assert screen.ids.number.text == "E-003"  # the central's number
    assert screen.ticket.people_ahead == 2 and screen.ticket.estimated_wait_minutes == 20
    assert screen.ids.next_steps.text.endswith("2 orang di depan Anda, perkiraan tunggu ±20 menit.")
    ui.pump(3)
    ui.screenshot("ticket-central-ahead-id")
    ui.app.lang = "en"
    ui.pump(3)
    assert screen.ids.next_steps.text.endswith(
        "2 people ahead of you, estimated wait about 20 minutes."
    )
    ui.screenshot("ticket-central-ahead-en")
