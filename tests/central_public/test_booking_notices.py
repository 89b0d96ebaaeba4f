"""Notifications through the office's webhook (a real HTTP server here): a confirmation, a
move and a reminder the day before, each sent once by the minute timer's run (``kiosk-central
alerts``), retried while the gateway is down, never with the NIK."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

from tests.central.conftest import free_port
from tests.central_public.office import Visitor, booked_code, nik, prepare, slot_keys


class Gateway:
    def __init__(self) -> None:
        self.got: list[dict] = []
        self.up = True
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if gateway.up:
                    gateway.got.append(json.loads(body))
                self.send_response(200 if gateway.up else 503)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.port}/hook"

    def close(self) -> None:
        self.server.shutdown()


def _booking_office(central, gateway: Gateway) -> tuple[str, list[str]]:
    """The central started as an office that books online and tells ``gateway``: its base URL
    and the slots of paspor_baru."""
    base = prepare(central)
    central.query("UPDATE booking_bookingsettings SET webhook_url = ? RETURNING id", gateway.url)
    return base, slot_keys(base, "paspor_baru")


def test_confirmation_and_move_sent_once_and_retried_while_the_gateway_is_down(central):
    gateway = Gateway()
    try:
        base, slots = _booking_office(central, gateway)
        v = Visitor(base)
        data = {**v.prepared("paspor_baru", slots[0], nik(900)), "contact": "0812 3456 7890"}
        code = booked_code(v.post("paspor_baru", data))
        quiet = Visitor(base, "203.0.113.77")  # no contact: nothing to send
        booked_code(quiet.book("paspor_baru", slots[1], nik(901)))
        assert "1 booking notices sent" in central.cli("alerts").stdout
        assert "booking notices" not in central.cli("alerts").stdout  # never twice
        [sent] = gateway.got
        assert sent["event"] == "booking_confirmed" and sent["booking"] == code
        assert sent["to"] == "+6281234567890" and code in sent["text"]
        assert "terkonfirmasi" in sent["text"] and "WIB" in sent["text"]
        assert nik(900) not in json.dumps(sent) and nik(900)[-4:] not in json.dumps(sent)

        gateway.up = False
        central.query(
            "INSERT INTO booking_notice (booking_id, kind, key, created_at, attempts, last_error)"
            " SELECT id, 'moved', 'x', created_at, 0, '' FROM queue_booking WHERE code = ?"
            " RETURNING id",
            code,
        )
        assert "booking notices" not in central.cli("alerts").stdout
        [(attempts, error)] = central.query(
            "SELECT attempts, last_error FROM booking_notice WHERE kind = 'moved'"
        )
        assert attempts == 1 and "503" in error
        gateway.up = True
        central.query("UPDATE booking_notice SET next_try_at = NULL RETURNING id")
        assert "1 booking notices sent" in central.cli("alerts").stdout
        assert [g["event"] for g in gateway.got] == ["booking_confirmed", "booking_moved"]
    finally:
        gateway.close()


def test_a_reminder_the_day_before_only_for_a_booking_made_before_that_day(central):
    """Two bookings for tomorrow: the one made days ago is reminded once; the one made today
    is not (its confirmation has just gone out)."""
    gateway = Gateway()
    try:
        base, slots = _booking_office(central, gateway)
        early, late = Visitor(base), Visitor(base, "203.0.113.78")
        made = []
        for visitor, slot, number in ((early, slots[0], 910), (late, slots[1], 911)):
            form = {
                **visitor.prepared("paspor_baru", slot, nik(number)),
                "contact": "0812 3456 7890",
            }
            made.append(booked_code(visitor.post("paspor_baru", form)))
        assert all(made), made
        tomorrow = datetime.now(ZoneInfo("Asia/Jakarta")).date() + timedelta(days=1)
        central.query("UPDATE queue_booking SET day = ? RETURNING id", tomorrow.isoformat())
        days_ago = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S")
        central.query(
            "UPDATE queue_booking SET created_at = ? WHERE code = ? RETURNING id",
            days_ago,
            made[0],
        )
        assert "3 booking notices sent" in central.cli("alerts").stdout
        assert "booking notices" not in central.cli("alerts").stdout  # never twice
        sent = [(g["event"], g["booking"]) for g in gateway.got]
        assert sorted(sent) == sorted(
            [
                ("booking_confirmed", made[0]),
                ("booking_confirmed", made[1]),
                ("booking_reminder", made[0]),
            ]
        )
        reminder = next(g for g in gateway.got if g["event"] == "booking_reminder")
        assert made[0] in reminder["text"] and nik(910)[-4:] not in json.dumps(reminder)
    finally:
        gateway.close()
