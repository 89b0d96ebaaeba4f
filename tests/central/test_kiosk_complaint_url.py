"""Issue 30: the real central's heartbeat names its complaint page for the kiosk's office, the
kiosk takes it (the same checks as from any central), and the page it names is the complaint
form of that office, over real HTTP."""

from __future__ import annotations

import pytest

from tests.central.kiosk_side import RealClock, make_kiosk


def _beat(central, tmp_path):
    from kiosk.sync.heartbeat import Heartbeat
    from kiosk.usecases.complaint_link import ComplaintLink

    token = central.register("kiosk-01")
    central.start()
    kiosk = make_kiosk(tmp_path / "k.sqlite3", central.url, token, "kiosk-01", 800)
    replies: list[dict] = []
    link = ComplaintLink()
    heartbeat = Heartbeat(kiosk.central, RealClock(), kiosk.outbox, {}, on_reply=replies.append)
    heartbeat.complaint_url_heard = link.heard
    heartbeat.beat()
    assert kiosk.central.link.state.fault is None
    return replies[0], link


def test_the_heartbeat_names_the_offices_complaint_page(central, tmp_path):
    import requests

    public = f"http://127.0.0.1:{central.port}"
    central.config.write_text(central.config.read_text() + f'public_url = "{public}"\n')
    reply, link = _beat(central, tmp_path)
    [(code,)] = central.query(
        "SELECT o.code FROM queue_office o JOIN queue_kiosk k ON k.office_id = o.id"
        " WHERE k.name = ?",
        "kiosk-01",
    )
    assert reply["complaint_url"] == f"{public}/pengaduan/?kantor={code}"
    assert link.url == reply["complaint_url"]  # plain http, but to this machine: taken
    page = requests.get(link.url, timeout=10)
    assert page.status_code == 200 and f'name="kantor" value="{code}"' in page.text


@pytest.mark.parametrize("engine", ["sqlite"])
def test_without_a_public_address_the_heartbeat_names_none(central, tmp_path):
    reply, link = _beat(central, tmp_path)
    assert reply["complaint_url"] is None and link.url == ""
