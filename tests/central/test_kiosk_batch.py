"""The kiosk's outbox against the real central's POST /batch: a backlog in one request, each
record under its own key, problem details kept as the reason, a voided ticket told truthfully."""

from __future__ import annotations

import json
import uuid

from kiosk.domain.central_bodies import ticket_body
from kiosk.domain.outbox import OutboxEntry
from layanan_rules.services import Lane
from tests.central.kiosk_side import drain, make_kiosk


def _spy(kiosk) -> list[str]:
    """The paths the kiosk's client asks, in order (the real client does the asking)."""
    paths: list[str] = []
    call = kiosk.client.call

    def recording(method, path, *args, **kwargs):
        paths.append(path)
        return call(method, path, *args, **kwargs)

    kiosk.client.call = recording
    return paths


def _offline_backlog(kiosk, n: int) -> list:
    # The central is not running yet: every ticket is numbered from the kiosk's block.
    return [kiosk.desk.issue("paspor_baru", Lane.REGULAR, None) for _ in range(n)]


def test_a_backlog_reaches_the_real_central_in_one_batch(central, tmp_path):
    token = central.register("kiosk-01")
    kiosk = make_kiosk(tmp_path / "k.sqlite3", central.url, token, "kiosk-01", 800)
    tickets = _offline_backlog(kiosk, 60)
    keys = dict(kiosk.db.query("SELECT record_id, key FROM outbox"))
    central.start()
    paths = _spy(kiosk)
    assert kiosk.worker.run_once() == 60
    assert paths == ["/batch"]
    rows = central.query("SELECT uid, number FROM queue_ticket")
    numbers = {str(uid).replace("-", ""): n for uid, n in rows}
    assert {t.id.replace("-", ""): t.number for t in tickets} == numbers
    stored = {str(k).replace("-", "") for (k,) in central.query(
        "SELECT key FROM queue_idempotentreply WHERE scope = 'ticket'"
    )}  # fmt: skip
    assert {k.replace("-", "") for k in keys.values()} == stored  # each record's own key


def test_a_refused_record_keeps_the_centrals_problem_as_its_reason(central, tmp_path):
    token = central.register("kiosk-01")
    kiosk = make_kiosk(tmp_path / "k.sqlite3", central.url, token, "kiosk-01", 800)
    tickets = _offline_backlog(kiosk, 8)
    [(body,)] = kiosk.db.query("SELECT body FROM outbox WHERE record_id = ?", (tickets[2].id,))
    with kiosk.db.transaction() as conn:
        conn.execute(
            "UPDATE outbox SET body = ? WHERE record_id = ?",
            (json.dumps({**json.loads(body), "service_code": "tidak_ada"}), tickets[2].id),
        )
    central.start()
    counts = drain(kiosk)
    assert counts["parked"] == 1 and counts["done"] == 7
    [(kind, record_id, reason)] = kiosk.outbox.parked()
    assert (kind, record_id) == ("ticket", tickets[2].id)
    # The problem's title, its code and its detail: what the technician needs, in one line.
    assert reason.startswith("HTTP 4") and "(unknown_service)" in reason and "tidak_ada" in reason


def test_a_replayed_ticket_the_central_voided_is_recorded_voided(central, tmp_path):
    token = central.register("kiosk-01")
    central.start()
    kiosk = make_kiosk(tmp_path / "k.sqlite3", central.url, token, "kiosk-01", 800)
    ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, None)  # numbered by the central
    [(body,)] = central.query("SELECT number FROM queue_ticket")
    assert body == ticket.number
    # The central voids it (a void as the outbox sends one) ...
    kiosk.client.call("POST", f"/tickets/{ticket.id}/void", "Ack", key=str(uuid.uuid4()))
    # ... and the same ticket request is replayed under its key (a reply the kiosk lost).
    replay = ticket_body(ticket, "kiosk-01", None)
    kiosk.outbox.add([OutboxEntry("ticket", ticket.id, replay, key=ticket.id)])
    counts = drain(kiosk)
    assert counts["voided"] == 1 and counts["parked"] == 0
    assert kiosk.outbox.is_voided(ticket.id)
    [(_, _, reason)] = kiosk.outbox.parked()
    assert reason.startswith("voided at the central:") and ticket.number in reason


def test_the_printed_qr_opens_the_real_centrals_status_page(central, tmp_path):
    """The heartbeat's status_url_template (from the central's public_url) is the QR; the
    page it names is the visitor's ticket on the real central."""
    import requests
    from PIL import Image
    from pyzbar.pyzbar import decode as read_qr

    from kiosk.domain.ticket_layout import TicketHeader
    from kiosk.hardware.printer import PaperFormat, SimulatedPrinter, TicketRenderer
    from kiosk.sync.heartbeat import Heartbeat
    from tests.central.kiosk_side import RealClock

    public = f"http://127.0.0.1:{central.port}"
    central.config.write_text(central.config.read_text() + f'public_url = "{public}"\n')
    token = central.register("kiosk-01")
    central.start()
    kiosk = make_kiosk(tmp_path / "k.sqlite3", central.url, token, "kiosk-01", 800)
    printer = SimulatedPrinter(
        TicketRenderer(TicketHeader("Kantor Imigrasi"), PaperFormat.from_profile("TM-T20II", 80)),
        tmp_path / "tickets",
    )
    heartbeat = Heartbeat(kiosk.central, RealClock(), kiosk.outbox, {})
    heartbeat.lend_status_url(printer)
    heartbeat.beat()
    assert heartbeat.status_url_template == public + "/s/{id}"
    ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, None)
    printer.print_ticket(ticket)
    [qr] = read_qr(Image.open(printer.last_output.with_suffix(".png")))
    url = qr.data.decode()
    assert url == f"{public}/s/{ticket.id}"
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and ticket.number in page.text
