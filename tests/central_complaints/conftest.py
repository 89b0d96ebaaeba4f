"""The real central (tests/central/conftest.py's fixtures, imported, not copied) with the
complaint officers, a supervisor, the head of office and a webhook that records what it gets."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.central.conftest import (  # noqa: F401
    Central,
    bare_central,
    central,
    engine,
    postgres,
)
from tests.central_complaints.office import staff


class Webhook:
    """A local HTTP endpoint that keeps every JSON body POSTed to it (parsed, and as sent);
    with ``failures``, a gateway that answers 503 to its first POSTs, then 204."""

    def __init__(self, failures: int = 0) -> None:
        self.bodies: list[dict] = []
        self.raw: list[bytes] = []
        self.statuses: list[int] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                sent = self.rfile.read(length)
                hook.raw.append(sent)
                hook.bodies.append(json.loads(sent))
                status = 503 if len(hook.statuses) < failures else 204
                hook.statuses.append(status)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.close()


@pytest.fixture
def office(central, webhook):  # noqa: F811
    """A started central with its staff and the webhook set."""
    staff(central, webhook.url)
    return central.start()
