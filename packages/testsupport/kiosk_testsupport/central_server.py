"""A central queue server that implements the contract, for tests and ``scripts/demo --central``.

It keeps its own store (in memory, under one lock), enforces the Idempotency-Key the way the
contract says, checks every request body against the OpenAPI document, and can be told to
misbehave: latency, hanging, 500, 503 with Retry-After, connection reset, "commits then drops
the reply", garbage JSON, a reply in the wrong shape, an expired token; and as a hostile peer
would: a redirect elsewhere, a reply dripped a byte at a time, a huge reply, a number it gave
already, a number inside the kiosk's offline block, a valid reply held back.

    python -m kiosk_testsupport.central_server --port 8765 --token-file token.txt
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import ssl
import struct
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kiosk_testsupport.clocks import WIB
from layanan_rules.contract import ContractViolation, check, document

FAULTS = (
    "reset", "hang", "500", "503", "commit_drop", "garbage", "wrong_schema", "expired_token",
    "redirect", "drip", "huge", "repeat_number", "number_in_block", "slow_valid",
    "no_batch", "voided", "record_503",
)  # fmt: skip
PREFIXES = {"paspor_baru": "A", "penggantian": "B", "hilang_rusak": "C", "izin_tinggal": "D",
            "informasi": "E"}  # fmt: skip


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # as the contract writes it
    handler: str  # the Handler method that answers
    schema: str | None = None  # the request body's, checked before the handler runs
    key: str | None = None  # Idempotency-Key: "replay" (the first reply again) or "required"

    @property
    def pattern(self) -> re.Pattern:
        return _pattern(self.path)


# The contract's paths, each with what answers it; tests check the two lists agree.
API = (
    Route("GET", "/services", "_services"),
    Route("POST", "/tickets", "_ticket", "TicketRequest", key="replay"),
    Route("GET", "/tickets/{ticket_id}/position", "_position"),
    Route("GET", "/bookings/{code}", "_booking"),
    Route("POST", "/checkins", "_checkin", "CheckIn", key="replay"),
    Route("POST", "/ratings", "_ratings", "RatingBatch", key="replay"),
    Route("POST", "/profiles", "_profile", "RespondentProfile", key="replay"),
    Route("POST", "/heartbeat", "_heartbeat", "Heartbeat"),
    Route("GET", "/guides/{version}", "_guide"),
    Route("POST", "/tickets/{ticket_id}/void", "_void", key="required"),
    Route("POST", "/batch", "_batch", "Batch", key="required"),
)


@cache
def _pattern(template: str) -> re.Pattern:
    """``/tickets/{ticket_id}/void`` as a regular expression with a group per parameter."""
    return re.compile(re.sub(r"\\\{([^}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)))


def _routes() -> list[tuple[re.Pattern, tuple[str, ...]]]:
    doc = document()
    base = doc["servers"][0]["url"]
    routes = []
    for template, item in doc["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(base + template))
        routes.append((re.compile(pattern), tuple(m.upper() for m in item)))
    return routes


class CentralState:
    def __init__(self) -> None:
        self.lock = threading.RLock()  # /batch replays records under it, voids included
        self.tickets: dict[str, dict] = {}  # by ticket id: exactly once means one entry each
        self.voided: list[str] = []  # central numbers replaced by a kiosk's offline number
        self.checkins: dict[str, dict] = {}
        self.ratings: dict[str, dict] = {}
        self.profiles: dict[str, dict] = {}
        # API paths this central does not have yet (an older central answers them 404)
        self.missing: set[str] = set()
        # (path, Idempotency-Key) -> (request body, first reply)
        self.replies: dict[tuple[str, str], tuple[str, tuple[int, dict]]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        self.heartbeats: list[dict] = []
        self.bookings: dict[str, dict] = {}
        self.guides: dict[int, dict] = {}
        self.guides_version = 0
        self.now_serving: str | None = None  # what the counters last called
        self.requests = 0
        self.rating_keys: dict[str, set[str]] = {}  # rating id -> every key it came under
        # GET /services per service code, laid over the default "open" answer (opening state,
        # closed_reason, next_open, lanes with their remaining quota); a lane said closed here
        # also refuses a new central number in it (409, as the central service does).
        self.services: dict[str, dict] = {}
        self.batch_sizes: list[int] = []  # records in each POST /batch answered
        self.status_url_template: object = None  # the heartbeat's, as a central configures it
        self.complaint_url: object = None  # the heartbeat's complaint page, likewise
        self.huge_sent = 0  # bytes of the last "huge" reply that left before the kiosk hung up
        self.huge_done = threading.Event()


class CentralServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, port: int = 0, token: str = "test-token", tls: tuple[str, str] | None = None
    ):
        super().__init__(("127.0.0.1", port), Handler)
        self.state = CentralState()
        self.tokens = {token}
        self.faults: deque[str] = deque()
        self.latency_s = 0.0
        self.hang_s = 30.0
        self.release = threading.Event()  # set to end every "hang" early
        self.redirect_to = "http://127.0.0.1:9"  # "redirect": where Location points
        self.drip_s = 0.25  # "drip": between bytes of the reply
        self.huge_bytes = 64 << 20  # "huge": reply size, valid JSON padded with spaces
        self.slow_s = 30.0  # "slow_valid": commits, then holds the reply this long ...
        self.proceed = threading.Event()  # ... or until this is set
        self.scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.socket = context.wrap_socket(self.socket, server_side=True)
            self.scheme = "https"
        self._thread: threading.Thread | None = None

    def handle_error(self, request, client_address) -> None:
        # A kiosk that hangs up mid-reply is what the deadline and size tests make it do: not
        # a server fault worth a traceback in the test log.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}/api/v1"

    def start(self) -> CentralServer:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True, name="central")
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()

    def inject(self, *faults: str) -> None:
        for fault in faults:
            assert fault in FAULTS, fault
        self.faults.extend(faults)

    def next_fault(self) -> str | None:
        try:
            return self.faults.popleft()
        except IndexError:
            return None


class Handler(BaseHTTPRequestHandler):
    server: CentralServer
    protocol_version = "HTTP/1.1"
    fault: str | None = None
    # Headers and body go out as two writes; with Nagle on, each reply waits out the
    # client's delayed ACK (40 ms), which no real server would add.
    disable_nagle_algorithm = True

    def log_message(self, *_args) -> None:  # tests read state, not access logs
        pass

    # --- plumbing ----------------------------------------------------------------------------
    def _reset(self) -> None:
        # SO_LINGER 0: close sends RST, what a dropped mobile link or a dying proxy does.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def _drip(self, status: int, reply: dict) -> None:
        raw = json.dumps(reply).encode()
        head = f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {len(raw)}\r\nConnection: close\r\n\r\n"
        self.close_connection = True
        self.wfile.write(b"HTTP/1.1 ")  # the status line starts at once, then a byte at a time
        for byte in head.encode()[9:] + raw:
            if self.server.release.wait(self.server.drip_s):
                return
            try:
                self.wfile.write(bytes([byte]))
            except OSError:
                return

    def _huge(self, status: int, reply: dict) -> None:
        # Valid JSON however long (trailing spaces), with no length given: only a cap stops it.
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(json.dumps(reply).encode())
        state = self.server.state
        state.huge_sent = 0
        chunk = b" " * (1 << 20)
        try:
            while state.huge_sent < self.server.huge_bytes:
                self.wfile.write(chunk)
                state.huge_sent += len(chunk)
        except OSError:
            pass
        finally:
            state.huge_done.set()

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else None

    def __getattr__(self, name: str):
        # Every method reaches one dispatcher, so an undocumented one (PUT, TRACE, ...) gets
        # a 405 naming what the path allows, as the contract's tooling expects.
        if name.startswith("do_"):
            return lambda: self._handle(name[3:])
        raise AttributeError(name)

    def _allowed(self) -> tuple[str, ...] | None:
        path = self.path.split("?", 1)[0]
        for pattern, methods in ROUTES:
            if pattern.fullmatch(path):
                return methods
        return None

    def _handle(self, method: str) -> None:
        server = self.server
        with server.state.lock:
            server.state.requests += 1
        try:
            body = self._body()
        except ValueError:
            self._send(400, {"error": "bad_json"})
            return
        if self.path == "/_control" and method == "POST":
            server.inject(*body.get("faults", []))
            server.latency_s = float(body.get("latency_s", server.latency_s))
            self._send(200, {"faults": list(server.faults)})
            return
        if server.latency_s:
            time.sleep(server.latency_s)
        fault = server.next_fault()
        if self._fault_before_routing(fault):
            return
        allowed = self._allowed()
        if allowed is None:
            self._send(404, {"error": "not_found"})
            return
        if method not in allowed:
            self._send(405, {"error": "method_not_allowed"}, {"Allow": ", ".join(allowed)})
            return
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in server.tokens:
            self._send(401, {"error": "unauthorized"})
            return
        self.fault = fault
        status, reply = self._route(method, body)
        self._answer(fault, status, reply)

    def _fault_before_routing(self, fault: str | None) -> bool:
        """The faults that answer instead of the API; True when one did."""
        server = self.server
        if fault == "reset":
            self._reset()
        elif fault == "hang":
            server.release.wait(server.hang_s)
            self._reset()
        elif fault in ("500", "503"):
            retry = {"Retry-After": "1"} if fault == "503" else None
            self._send(int(fault), {"error": "unavailable"}, retry)
        elif fault == "expired_token":
            self._send(401, {"error": "token_expired"})
        elif fault == "redirect":
            location = server.redirect_to + self.path.removeprefix("/api/v1")
            self._send(307, {"error": "moved"}, {"Location": location})
        else:
            return False
        return True

    def _answer(self, fault: str | None, status: int, reply: dict) -> None:
        """The API's answer, as the fault (if any) mangles it after the work is done."""
        if fault == "drip":
            self._drip(status, reply)
        elif fault == "huge":
            self._huge(status, reply)
        elif fault == "slow_valid":
            self.server.proceed.wait(self.server.slow_s)
            self._send(status, reply)
        elif fault == "commit_drop":
            self._reset()
        elif fault == "garbage":
            self._send(200, b"<html>502 Bad Gateway</html>")
        elif fault == "wrong_schema":
            self._send(200, {"ok": True})
        else:
            self._send(status, reply)

    # --- the API -----------------------------------------------------------------------------
    def _route(self, method: str, body: Any) -> tuple[int, dict]:
        path = self.path.split("?", 1)[0]
        if not path.startswith(BASE):
            return 404, {"error": "not_found"}
        if path[len(BASE) :] in self.server.state.missing:
            return 404, {"error": "not_found"}
        for route in API:
            match = route.pattern.fullmatch(path[len(BASE) :])
            if route.method == method and match:
                break
        else:
            return 404, {"error": "not_found"}
        key = self.headers.get("Idempotency-Key")
        if route.key and (not key or not UUID.fullmatch(key)):
            return 400, {"error": "idempotency_key_required", "detail": "a UUID"}
        if route.schema:
            try:
                check(route.schema, body)
            except ContractViolation as exc:
                return 422, {"error": "invalid", "detail": str(exc)}
        handler = getattr(self, route.handler)
        state = self.server.state
        if route.key == "replay":
            return self._replayed(state, route.path, key, body, handler)
        return handler(state, body, **match.groupdict())

    def _replayed(self, state: CentralState, path: str, key: str, body: Any, handler):
        """The first reply again for a key seen with the same body; 409 for another body."""
        fingerprint = json.dumps(body, sort_keys=True)
        with state.lock:
            for rating in body.get("ratings", []) if path == "/ratings" else []:
                state.rating_keys.setdefault(rating["id"], set()).add(key)
            if (path, key) in state.replies:
                seen, reply = state.replies[(path, key)]
                return reply if seen == fingerprint else (409, {"error": "key_reused"})
            reply = handler(state, body)
            if reply[0] < 300:
                state.replies[(path, key)] = (fingerprint, reply)
            return reply

    def _batch(self, state: CentralState, body: dict) -> tuple[int, dict]:
        """Each record answered as its single-record operation would, keyed the same way.

        Faults: "no_batch" answers as a central older than /batch does (404); "voided" answers
        the first ticket record 410 (the central voided it); "record_503" answers the first
        record 503, the others as usual."""
        if self.fault == "no_batch":
            return 404, {"error": "not_found"}
        if self.fault == "record_503":
            self.fault = None
            first, *rest = body["records"]
            reply = self._batch(state, {"records": rest})
            unavailable = {"error": "busy", "title": "Unavailable", "detail": "try again"}
            results = [{"key": first["key"], "status": 503, "body": unavailable}]
            state.batch_sizes[-1] += 1
            return 200, {"results": results + reply[1]["results"], "server_time": _now()}
        state.batch_sizes.append(len(body["records"]))
        paths = {"ticket": "/tickets", "checkin": "/checkins", "void": "/void"}
        results = []
        for record in body["records"]:
            kind = record["kind"]
            if kind == "void":
                reply = self._replayed(
                    state, paths[kind], record["key"], record,
                    lambda st, rec: self._void(st, None, rec["ticket_id"]),
                )  # fmt: skip
            else:
                handler = self._ticket if kind == "ticket" else self._checkin
                reply = self._replayed(state, paths[kind], record["key"], record["body"], handler)
            results.append({"key": record["key"], "status": reply[0], "body": reply[1]})
        return 200, {"results": results, "server_time": _now()}

    @staticmethod
    def _void(state: CentralState, body: Any, ticket_id: str) -> tuple[int, dict]:
        if not UUID.fullmatch(ticket_id):
            return 400, {"error": "invalid", "detail": "ticket_id: a UUID"}
        with state.lock:
            ticket = state.tickets.pop(ticket_id, None)
            if ticket is not None:
                state.voided.append(ticket["number"])
        return 200, {"id": ticket_id, "server_time": _now()}

    @staticmethod
    def _heartbeat(state: CentralState, body: dict) -> tuple[int, dict]:
        with state.lock:
            state.heartbeats.append(body)
            return 200, {
                "server_time": _now(),
                "guides_version": state.guides_version,
                "config_version": 1,
                "now_serving": state.now_serving,
                "status_url_template": state.status_url_template,
                "complaint_url": state.complaint_url,
            }

    @staticmethod
    def _services(state: CentralState, body: Any) -> tuple[int, dict]:
        with state.lock:
            services = [
                {"code": c, "prefix": p, "name_id": c, "name_en": c, "open": True}
                | state.services.get(c, {})
                for c, p in PREFIXES.items()
            ]
        return 200, {"services": services}

    @staticmethod
    def _closed(state: CentralState, body: dict) -> tuple[int, dict] | None:
        """The 409 the central gives a new number in a lane its /services says is closed."""
        given = state.services.get(body["service_code"], {})
        lane = (given.get("lanes") or {}).get(body.get("lane", "regular"))
        if lane is None and body.get("lane", "regular") == "regular" and "open" in given:
            lane = {"open": given["open"], "reason": given.get("closed_reason")}
        if lane is None or lane.get("open", True):
            return None
        reason = lane.get("reason") or "office_closed"
        kind = "quota_reached" if reason == "quota_reached" else "service_closed"
        return 409, {
            "type": f"urn:layanan-kiosk:problem:{kind}", "title": "Closed", "status": 409,
            "error": kind, "reason": reason, "next_open": given.get("next_open"),
            "message_id": "Kuota hari ini habis" if kind == "quota_reached" else "Layanan tutup",
            "message_en": "Today's quota is used up" if kind == "quota_reached" else "Closed",
        }  # fmt: skip

    @staticmethod
    def _booking(state: CentralState, body: Any, code: str) -> tuple[int, dict]:
        with state.lock:
            booking = state.bookings.get(code)
        return (200, booking) if booking else (404, {"error": "not_found"})

    def _position(self, state: CentralState, body: Any, ticket_id: str) -> tuple[int, dict]:
        with state.lock:
            ticket = state.tickets.get(ticket_id)
            if not ticket:
                return 404, {"error": "not_found"}
            ahead = self._ahead(state, ticket)
        return 200, {"number": ticket["number"], "people_ahead": ahead, "now_serving": None,
                     "estimated_wait_minutes": ahead * 10}  # fmt: skip

    @staticmethod
    def _guide(state: CentralState, body: Any, version: str) -> tuple[int, dict]:
        if not version.isdigit():
            return 404, {"error": "not_found"}
        with state.lock:
            bundle = state.guides.get(int(version))
        return (200, bundle) if bundle else (404, {"error": "not_found"})

    @staticmethod
    def _ahead(state: CentralState, ticket: dict) -> int:
        return sum(
            1 for t in state.tickets.values()
            if t["service_code"] == ticket["service_code"] and t["_order"] < ticket["_order"]
        )  # fmt: skip

    def _ticket(self, state: CentralState, body: dict) -> tuple[int, dict]:
        if self.fault == "voided":  # as the central answers a ticket it voided: the truth
            self.fault = None
            return 410, {
                "type": "urn:layanan-kiosk:problem:ticket_voided", "title": "Gone",
                "status": 410, "error": "ticket_voided", "detail": "ticket A-007 was voided",
                "id": body["id"], "number": "A-007", "state": "voided",
            }  # fmt: skip
        prefix = PREFIXES.get(body["service_code"])
        if prefix is None:
            return 404, {"error": "unknown_service"}
        ticket_id = body["id"]
        existing = state.tickets.get(ticket_id)
        if existing is not None and body.get("supersedes") != ticket_id:
            return 409, {"error": "ticket_exists"}
        if "number" in body:
            # Issued offline from the kiosk's block: record it as is; an online attempt that
            # was committed though its reply was lost is voided.
            if existing is not None:
                state.voided.append(existing["number"])
            number = body["number"]
        elif (refused := self._closed(state, body)) is not None:
            return refused
        elif self.fault == "number_in_block":
            number = f"{prefix}-801"
        else:
            day = body["issued_at"][:10]
            n = state.counters.get((day, prefix), 0)
            if self.fault != "repeat_number" or n == 0:
                n += 1
            state.counters[(day, prefix)] = n
            number = f"{prefix}-{n:03d}"
        record = {
            **body,
            "number": number,
            "_order": len(state.tickets) if existing is None else existing["_order"],
        }
        state.tickets[ticket_id] = record
        ahead = self._ahead(state, record)
        return 201, {"id": ticket_id, "number": number, "people_ahead": ahead,
                     "estimated_wait_minutes": ahead * 10, "server_time": _now()}  # fmt: skip

    @staticmethod
    def _checkin(state: CentralState, body: dict) -> tuple[int, dict]:
        state.checkins[body["id"]] = body
        booking = state.bookings.get(body["booking_code"])
        if booking is not None:
            booking["status"] = "checked_in"
        return 201, {"id": body["id"], "server_time": _now()}

    @staticmethod
    def _profile(state: CentralState, body: dict) -> tuple[int, dict]:
        state.profiles.setdefault(body["id"], body)
        return 201, {"id": body["id"], "server_time": _now()}

    @staticmethod
    def _ratings(state: CentralState, body: dict) -> tuple[int, dict]:
        for rating in body["ratings"]:
            state.ratings.setdefault(rating["id"], rating)
        return 200, {"accepted": [r["id"] for r in body["ratings"]], "server_time": _now()}


ROUTES = _routes()
BASE = document()["servers"][0]["url"]
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _now() -> str:
    return datetime.now(WIB).isoformat()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token-file", required=True)
    args = parser.parse_args()
    token = Path(args.token_file).read_text().strip()
    server = CentralServer(args.port, token)
    now = datetime.now(WIB).replace(second=0, microsecond=0)
    server.state.bookings["MP-2026-00042"] = {
        "code": "MP-2026-00042", "service_code": "penggantian", "status": "booked",
        "slot_start": now.isoformat(), "slot_end": (now + timedelta(minutes=30)).isoformat(),
        "holder_masked": "BUDI S***",
    }  # fmt: skip
    print(f"central test server on {server.url} (POST /_control to inject faults)", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
