"""Every adapter honours its port whole: each method the Protocol names, with parameters a
caller may pass as the Protocol says, and each attribute it names. ``runtime_checkable`` alone
only looks at names, so the signatures are compared too."""

from __future__ import annotations

import inspect
import typing
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from gpiozero.pins.mock import MockFactory

from kiosk.config import DEFAULT_SERVICES, Config, KioskConfig
from kiosk.domain import ports
from kiosk.domain.ticket_layout import TicketHeader
from kiosk.hardware.buttons import RatingButtons
from kiosk.hardware.clock import SystemClock
from kiosk.hardware.printer import (
    EscposTicketPrinter,
    PaperFormat,
    SimulatedPrinter,
    TicketRenderer,
)
from kiosk.hardware.scanner import SerialScanner, SimulatedScanner
from kiosk.probes import ConfiguredProbes
from kiosk.store.database import Database
from kiosk.store.ratings import SqliteRatingStore
from kiosk.store.tickets import SqliteTicketStore
from kiosk.sync.central import Central
from kiosk.sync.client import CentralClient
from layanan_rules.ratings import Score
from layanan_rules.services import ServiceCatalogue


def _members(proto: type) -> tuple[dict[str, inspect.Signature], set[str]]:
    """The methods (with signatures) and the attributes a Protocol and its bases declare."""
    methods: dict[str, inspect.Signature] = {}
    attributes: set[str] = set()
    for base in reversed(proto.__mro__):
        if base is object or base is typing.Protocol or typing.Generic in (base,):
            continue
        if not getattr(base, "_is_protocol", False):
            continue
        attributes |= set(inspect.get_annotations(base))
        for name, value in base.__dict__.items():
            if inspect.isfunction(value) and not name.startswith("_"):
                methods[name] = inspect.signature(value)
    return methods, attributes


def problems(impl: object, proto: type) -> list[str]:
    """What ``impl`` (an instance) lacks or gets wrong against ``proto``; empty if it conforms."""
    found = []
    methods, attributes = _members(proto)
    for name in sorted(attributes):
        if not hasattr(impl, name):
            found.append(f"attribute {name} missing")
    for name, wanted in methods.items():
        method = getattr(impl, name, None)
        if not callable(method):
            found.append(f"method {name} missing")
            continue
        have = inspect.signature(method).parameters
        takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in have.values())
        for param in list(wanted.parameters.values())[1:]:  # past self
            got = have.get(param.name)
            if got is None:
                if not takes_kwargs:
                    found.append(f"{name}: no parameter {param.name}")
                continue
            if param.kind is not got.kind and got.kind is not got.POSITIONAL_OR_KEYWORD:
                found.append(f"{name}: {param.name} is {got.kind.name}, not {param.kind.name}")
            if param.default is not param.empty and got.default is got.empty:
                found.append(f"{name}: {param.name} needs a default")
        wanted_names = set(list(wanted.parameters)[1:])
        for extra in have.values():
            required = extra.default is extra.empty and extra.kind in (
                extra.POSITIONAL_ONLY,
                extra.POSITIONAL_OR_KEYWORD,
                extra.KEYWORD_ONLY,
            )
            if required and extra.name not in wanted_names:
                found.append(f"{name}: requires {extra.name}, which callers do not pass")
    return found


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "kiosk.sqlite3") as db:
        yield db


def _renderer() -> TicketRenderer:
    header = TicketHeader(office_name="Kantor", ministry="", footer="", status_url_template="")
    return TicketRenderer(header, PaperFormat.from_profile("TM-T20II", 80), None)


def _implementations(tmp_path, db):
    services = ServiceCatalogue(DEFAULT_SERVICES)
    client = CentralClient("https://central.example.test", "token")
    sim_scanner = SimulatedScanner(tmp_path / "scanner.fifo", print)
    buttons = RatingButtons({Score.PUAS: 5}, {}, on_press=print, factory=MockFactory())
    yield [
        (ports.TicketPrinter, SimulatedPrinter(_renderer(), tmp_path / "tickets")),
        (ports.TicketPrinter, EscposTicketPrinter(_renderer(), lambda: None)),
        (ports.Scanner, SerialScanner("/dev/null", print)),
        (ports.Scanner, sim_scanner),
        (ports.Buttons, buttons),
        (ports.TicketStore, SqliteTicketStore(db, services)),
        (ports.RatingStore, SqliteRatingStore(db)),
        (ports.Central, Central(client, "kiosk-1", 1.0)),
        (ports.CentralCalls, client),
        (ports.Clock, SystemClock(ZoneInfo("Asia/Jakarta"))),
        (ports.Probes, ConfiguredProbes(Config(kiosk=KioskConfig(state_dir=str(tmp_path))))),
    ]
    sim_scanner.stop()  # never started: stop still closes its pty
    buttons.close()
    client.close()


def test_every_adapter_honours_its_port(tmp_path, db):
    gen = _implementations(tmp_path, db)
    pairs = next(gen)
    try:
        found = {
            f"{type(impl).__name__} as {proto.__name__}": problems(impl, proto)
            for proto, impl in pairs
        }
    finally:
        next(gen, None)
    assert {k: v for k, v in found.items() if v} == {}
    # runtime_checkable agrees where the Protocol is marked so
    for proto, impl in pairs:
        if getattr(proto, "_is_runtime_protocol", False):
            assert isinstance(impl, proto), (proto.__name__, impl)


class _HalfAPrinter:
    """Callers use more than ``print_ticket``: this one would fail them."""

    renderer = health = None

    def print_ticket(self, ticket, copies) -> None: ...

    def print_bytes(self, data, preview) -> None: ...

    def status(self, *, fast) -> None: ...


def test_the_check_names_what_an_implementation_gets_wrong():
    found = problems(_HalfAPrinter(), ports.TicketPrinter)
    assert "attribute last_output missing" in found
    assert "method print_page missing" in found
    assert "method poll missing" in found
    assert "print_ticket: requires copies, which callers do not pass" in found
    assert "print_bytes: requires preview, which callers do not pass" in found
    assert "status: requires fast, which callers do not pass" in found
    assert not isinstance(_HalfAPrinter(), ports.TicketPrinter)


def test_a_default_the_port_promises_is_a_default_in_the_adapter():
    class Store:
        def between(self, first: date, last: date): ...

        def press_counts(self, first: date, last: date): ...

        def record(self, press, rating, outbox, *, keep_raw=True): ...

        def record_profile(self, profile, outbox): ...

    assert problems(Store(), ports.RatingStore) == [
        "record: rating needs a default",
        "record: outbox needs a default",
    ]
