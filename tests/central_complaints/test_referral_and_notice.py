"""Item 6a of the complaints: the sender is pointed to SP4N-LAPOR! (and, for a report naming
the office's head, to the inspectorate) on the receipt and the tracking page; and is told
through the webhook that an answer came: once, retried while the gateway fails, never twice."""

from __future__ import annotations

import pytest

from kiosk_testsupport.clocks import wib as at
from tests.central.hours_setup import Clock, set_hours
from tests.central_complaints.conftest import Webhook
from tests.central_complaints.office import (
    act,
    complaint_id,
    open_form,
    receipt,
    signed_in,
    staff,
    track,
)

INSPECTORATE = "Inspektorat Jenderal Kementerian Imigrasi dan Pemasyarakatan"


@pytest.mark.parametrize("engine", ["sqlite"])
def test_a_report_naming_the_head_points_to_lapor_and_the_inspectorate(office):
    sent = open_form(office).send(
        category="fees", concerns_head="on", text="Kepala kantor meminta uang pelicin."
    )
    code, secret = receipt(sent)
    for page in (sent.text, track(office, code, secret).text):
        assert 'id="lapor"' in page and "https://www.lapor.go.id/" in page
        assert INSPECTORATE in page and "menyangkut pimpinan kantor" in page


@pytest.mark.parametrize("engine", ["sqlite"])
def test_any_other_message_points_to_lapor_when_the_office_cannot_resolve_it(office):
    sent = open_form(office).send(category="waiting")
    code, secret = receipt(sent)
    for page in (sent.text, track(office, code, secret).text):
        assert 'id="lapor-hint"' in page and "https://www.lapor.go.id/" in page
        assert 'id="lapor"' not in page and INSPECTORATE not in page


@pytest.fixture
def flaky():
    hook = Webhook(failures=2)
    yield hook
    hook.close()


@pytest.mark.parametrize("engine", ["sqlite"])
def test_the_answer_notice_is_retried_and_never_sent_twice(central, flaky, tmp_path, monkeypatch):
    hook = flaky
    clock = Clock(tmp_path / "now.txt", monkeypatch)
    clock.set(at(2026, 12, 4, 10, 0))
    set_hours(central)
    staff(central, hook.url)
    central.start()
    text = "Loket 3 tutup sejak pagi."
    code, _ = receipt(open_form(central).send(text=text, anonymous="no", contact="081234567890"))
    pk = complaint_id(central, code)
    officer = signed_in(central, "petugas")
    # Two replies before the first notice went out: one notice ("an answer came").
    act(central, officer, pk, action="reply", text="Sedang kami periksa.", then="")
    act(central, officer, pk, action="reply", text="Loket 3 sudah buka.", then="answered")

    logs = []
    for minute in (1, 2, 4, 5, 9, 10, 30):
        clock.set(at(2026, 12, 4, 10, minute))
        logs.append(central.cli("alerts").stderr)
    # 10.01 fails (next try after 2 minutes), 10.02 waits, 10.04 fails (after 4), 10.05
    # waits, 10.09 delivers; nothing after.
    assert hook.statuses == [503, 503, 204]
    assert len(set(hook.raw)) == 1 and b"081234567890" in hook.raw[0]
    assert code.encode() in hook.raw[0] and b"lapor" not in hook.raw[0]
    assert central.query("SELECT COUNT(*) FROM complaints_event WHERE type = 'notified'") == [(1,)]
    # The technician's line names the complaint and the error, never the contact or the text.
    logged = "".join(logs) + (central.root / "serve.log").read_text()
    assert f"complaint {code} answered: webhook: HTTPError" in logged
    assert "081234567890" not in logged and text not in logged

    # A later answer is news again: one more notice.
    act(central, officer, pk, action="move", to="in_progress")
    act(central, officer, pk, action="reply", text="Ditambah satu petugas.", then="closed")
    clock.set(at(2026, 12, 4, 11, 0))
    central.cli("alerts")
    assert hook.statuses == [503, 503, 204, 204]
