"""The kiosk's own sync stack (outbox, worker, client, ticket desk), unchanged, pointed at the
real central with a token the central issued."""

from __future__ import annotations

import contextlib
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from kiosk.config import DEFAULT_SERVICES
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.store.tickets import SqliteTicketStore
from kiosk.sync.central import Central
from kiosk.sync.client import CentralClient, Timeouts
from kiosk.sync.worker import LinkDown, SyncWorker
from kiosk.usecases.ticket_desk import TicketDesk
from layanan_rules.services import ServiceCatalogue


class RealClock:
    def now(self):
        return datetime.now(ZoneInfo("Asia/Jakarta"))

    def is_synced(self):
        return True


class NullPrinter:
    def print_ticket(self, ticket):
        pass


def make_kiosk(db_path, url: str, token: str, kiosk_id: str, block: int, budget_s: float = 2.0):
    db = Database(db_path)
    client = CentralClient(url, token, timeouts=Timeouts(connect_s=1.0, deadline_s=budget_s))
    central = Central(client, kiosk_id, budget_s)
    services = ServiceCatalogue(DEFAULT_SERVICES)
    store = SqliteTicketStore(db, services, local_floor=block)
    desk = TicketDesk(services, store, NullPrinter(), RealClock(), central)
    outbox = Outbox(db)
    worker = SyncWorker(central, outbox, db, batch=50, idle_s=0.05, rand=lambda: 0.0)
    return SimpleNamespace(
        db=db, client=client, central=central, desk=desk, outbox=outbox, worker=worker, id=kiosk_id
    )


def drain(kiosk, rounds: int = 400) -> dict:
    for _ in range(rounds):
        with contextlib.suppress(LinkDown):
            kiosk.worker.run_once()
        counts = kiosk.outbox.counts()
        if counts["pending"] == counts["inflight"] == 0:
            return counts
    raise AssertionError(f"backlog not drained: {kiosk.outbox.counts()}")
