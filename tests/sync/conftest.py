"""A real central server on 127.0.0.1 and the kiosk's sync parts around a real SQLite file."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from kiosk.config import DEFAULT_SERVICES
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.store.tickets import SqliteTicketStore
from kiosk.sync.central import Central
from kiosk.sync.client import CentralClient, Timeouts
from kiosk.sync.worker import SyncWorker
from kiosk.usecases.ticket_desk import TicketDesk
from kiosk_testsupport.central_server import CentralServer
from layanan_rules.services import ServiceCatalogue

TOKEN = "kiosk-01-secret-token-4f9a"


@pytest.fixture
def server():
    s = CentralServer(token=TOKEN).start()
    s.hang_s = 3.0
    yield s
    s.stop()


@pytest.fixture
def token_file(tmp_path):
    path = tmp_path / "central-token"
    path.write_text(TOKEN + "\n")
    os.chmod(path, 0o600)
    return path


class NullPrinter:
    def print_ticket(self, ticket):
        pass


def make_sync(db, server, clock, budget_s=1.0):
    client = CentralClient(server.url, TOKEN, timeouts=Timeouts(connect_s=1.0, deadline_s=5.0))
    central = Central(client, "kiosk-01", budget_s)
    services = ServiceCatalogue(DEFAULT_SERVICES)
    store = SqliteTicketStore(db, services, local_floor=800)
    desk = TicketDesk(services, store, NullPrinter(), clock, central)
    outbox = Outbox(db)
    # rand=0: backoff without waiting, so tests drain at once; the policy has its own tests.
    worker = SyncWorker(central, outbox, db, batch=20, idle_s=0.05, rand=lambda: 0.0)
    return SimpleNamespace(client=client, central=central, desk=desk, outbox=outbox, worker=worker)


@pytest.fixture
def kiosk(tmp_path, server, clock):
    db = Database(tmp_path / "kiosk.sqlite3")
    parts = make_sync(db, server, clock)
    parts.db = db
    yield parts
    parts.client.close()
    db.close()
