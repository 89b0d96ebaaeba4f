"""Issue 30: the complaint address the central names in its heartbeat, over real HTTP (the
contract's test server): kept in the kiosk's store across a restart without network, overridden
by the office's own complaints.url, taken away when the central names none, and never taken
blindly (one log line, the last good address kept). Printed in the ticket's footer where the
office turns it on."""

from __future__ import annotations

import logging

import pytest

from kiosk.bootstrap import build_kiosk
from kiosk.config import parse_config
from tests.escpos_decode import decode

CENTRAL_SAYS = "https://antrean.example.test/pengaduan/?kantor=bks"


@pytest.fixture
def kiosks(tmp_path, server, token_file):
    made = []

    def make(**complaints):
        config = parse_config(
            {
                "kiosk": {"state_dir": str(tmp_path / "state")},
                "ratings": {"type": "none"},
                "scanner": {"type": "none"},
                "central": {"url": server.url, "token_file": str(token_file)},
                "complaints": complaints,
            }
        )
        kiosk = build_kiosk(config, lambda fn: fn())
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.close()


def test_the_centrals_address_is_kept_across_a_restart_without_network(kiosks, server):
    kiosk = kiosks()
    heard = []
    kiosk.complaints.listener = heard.append
    assert kiosk.complaints.url == ""  # nothing named yet: no QR, nothing printed
    server.state.complaint_url = CENTRAL_SAYS
    kiosk.sync.heartbeat.beat()
    assert kiosk.complaints.url == CENTRAL_SAYS and heard == [CENTRAL_SAYS]
    kiosk.sync.heartbeat.beat()
    assert heard == [CENTRAL_SAYS]  # told once, not every beat
    kiosk.close()
    server.stop()  # the network is gone; the kiosk restarts
    again = kiosks()
    again.sync.heartbeat.beat()  # fails: offline
    assert again.sync.central.link.state.fault == "offline"
    assert again.complaints.url == CENTRAL_SAYS


def test_the_offices_own_address_wins_and_the_central_can_take_its_away(kiosks, server):
    own = "https://kanim-bks.example.go.id/pengaduan"
    server.state.complaint_url = CENTRAL_SAYS
    kiosk = kiosks(url=own)
    kiosk.sync.heartbeat.beat()
    assert kiosk.complaints.url == own
    other = kiosks()  # the same store, no address of its own
    assert other.complaints.url == CENTRAL_SAYS
    server.state.complaint_url = None  # the central's public pages were switched off
    other.sync.heartbeat.beat()
    assert other.complaints.url == ""
    assert kiosks().complaints.url == ""  # and that too is kept


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("javascript:alert(1)", "not an https:// URL"),
        ("http://antrean.example.test/pengaduan/", "not an https:// URL"),
        ("https://antrean.example.test/" + "x" * 300, "longer than 200 characters"),
        ("https://antrean.example.test/pengaduan/\n", "has spaces or control characters"),
        ("https://antrean.example.test/peng aduan/", "has spaces or control characters"),
        ("https:///pengaduan/", "not an https:// URL"),
        ("https://[::1/pengaduan/", "not a URL"),
    ],
)
def test_an_address_the_kiosk_must_not_show_is_ignored_with_one_line(
    kiosks, server, caplog, bad, why
):
    kiosk = kiosks()
    server.state.complaint_url = CENTRAL_SAYS
    kiosk.sync.heartbeat.beat()
    server.state.complaint_url = bad
    with caplog.at_level(logging.INFO, logger="kiosk.usecases.complaint_link"):
        for _ in range(3):
            kiosk.sync.heartbeat.beat()
    assert kiosk.sync.central.link.state.fault is None  # the rest of the reply was taken
    assert kiosk.complaints.url == CENTRAL_SAYS  # the last good one stays
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and lines[0].startswith("heartbeat: complaint_url ignored: " + why)
    assert kiosks().complaints.url == CENTRAL_SAYS


def _printed(kiosk) -> str:
    ticket = kiosk.desk.issue("paspor_baru")
    kiosk.printer.print_ticket(ticket)
    return decode(kiosk.printer.last_output.read_bytes()).text


def test_the_ticket_footer_prints_the_address_where_the_office_turns_it_on(kiosks, server):
    server.state.complaint_url = CENTRAL_SAYS
    off = kiosks()
    off.sync.heartbeat.beat()
    assert "online" not in _printed(off)
    off.close()
    on = kiosks(on_ticket=True)
    text = _printed(on)  # 58 mm: 32 columns, the address wraps
    after = text.split("Pengaduan online / Complaints:\n", 1)[1]
    assert after.replace("\n", "").startswith("antrean.example.test/pengaduan/?kantor=bks")
