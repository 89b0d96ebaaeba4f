"""Shared test setup.

Kivy reads its environment when first imported, so it is prepared here, at collection, before
any test module can import it; ``KIVY_HOME`` points into a temp folder so no test writes ~/.kivy.
"""

from __future__ import annotations

import os
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.config import DEFAULT_SERVICES, DisplayConfig
from kiosk.domain.tickets import PrintFailed
from kiosk.store.database import Database
from kiosk.store.tickets import SqliteTicketStore
from kiosk.ui_env import prepare_kivy
from kiosk.usecases.background import Background
from kiosk.usecases.checkin_flow import CheckInFlow, TicketCallbacks
from kiosk.usecases.ticket_desk import TicketDesk
from kiosk_testsupport.clocks import WIB
from layanan_rules.services import ServiceCatalogue
from tests.chromium import browser_contexts, chromium  # noqa: F401 (fixtures: every browser test's)

ARTIFACTS = Path(os.environ.get("KIOSK_ARTIFACTS", Path(__file__).parent.parent / "artifacts"))

prepare_kivy(
    DisplayConfig(width=800, height=480),
    Path(tempfile.mkdtemp(prefix="kiosk-kivy-home-")),
)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.mkdtemp(prefix="escpos-cache-"))


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime, synced: bool = True) -> None:
        self.moment = moment
        self.synced = synced

    def now(self) -> datetime:
        return self.moment

    def is_synced(self) -> bool:
        return self.synced


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 28, 9, 15, tzinfo=WIB))


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# --- the check-in flow's parts, shared by the flow and booking tests ---------------------
class ScriptedPrinter:
    def __init__(self, faults=()):
        self.faults = list(faults)
        self.printed: list[str] = []

    def print_ticket(self, ticket):
        if self.faults:
            raise PrintFailed(self.faults.pop(0))
        self.printed.append(ticket.number)


class Recorder:
    def __init__(self):
        self.events: list[tuple] = []
        self.done = threading.Event()

    def callbacks(self) -> TicketCallbacks:
        return TicketCallbacks(
            issued=lambda t: self.events.append(("issued", t.number)),
            printed=lambda t: (self.events.append(("printed", t.number)), self.done.set()),
            print_failed=lambda t, f: (
                self.events.append(("failed", t.number, f)),
                self.done.set(),
            ),
            issue_failed=lambda e: (
                self.events.append(("issue_failed", type(e).__name__)),
                self.done.set(),
            ),
        )


@pytest.fixture
def parts(tmp_path, clock):
    db = Database(tmp_path / "k.db")
    services = ServiceCatalogue(DEFAULT_SERVICES)
    printer = ScriptedPrinter()
    desk = TicketDesk(services, SqliteTicketStore(db, services), printer, clock)
    background = Background(post=lambda fn: fn())
    yield SimpleNamespace(desk=desk, printer=printer, db=db, flow=CheckInFlow(desk, background))
    background.shutdown()
    db.close()
