"""The one place that knows every part: reads nothing itself, builds the kiosk from a Config."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.background import Background, Periodic, Post
from kiosk.checkin_flow import CheckInFlow
from kiosk.config import Config, ConfigError
from kiosk.domain.services import ServiceCatalogue
from kiosk.domain.ticket_layout import TicketHeader
from kiosk.domain.tickets import TicketDesk
from kiosk.hardware.clock import SystemClock
from kiosk.paths import asset
from kiosk.store.database import Database
from kiosk.store.tickets import SqliteTicketStore

log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    config: Config
    state_dir: Path
    db: Database
    services: ServiceCatalogue
    desk: TicketDesk
    printer: object
    background: Background
    flow: CheckInFlow
    clock: SystemClock
    logo_path: Path | None
    printer_poll: Periodic

    def close(self) -> None:
        self.printer_poll.stop()
        self.background.shutdown(wait=True)
        self.db.close()


def _prepare_escpos_cache(state_dir: Path) -> None:
    # python-escpos parses its capability file on every import (0.6 s) unless it may cache it.
    cache = state_dir / "cache" / "escpos"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))


def logo_path(config: Config) -> Path | None:
    if not config.office.logo:
        return None
    path = asset(config.office.logo)
    if not path.is_file():
        raise ConfigError(f"office.logo = {config.office.logo!r}: expected an existing PNG file")
    return path


def build_printer(config: Config, state_dir: Path, logo: Path | None):
    from kiosk.hardware.printer import (
        EscposTicketPrinter,
        PaperFormat,
        SimulatedPrinter,
        TicketRenderer,
        connector,
        prepare_logo,
    )

    pc = config.printer
    paper = PaperFormat.from_profile(pc.profile, pc.paper_mm)
    header = TicketHeader(
        office_name=config.office.name,
        ministry=config.office.ministry,
        footer=config.office.footer,
        status_url_template=config.ticket.status_url,
        timezone_label=config.office.timezone_label,
        has_logo=logo is not None,
    )
    prepared = prepare_logo(logo, paper.width_dots) if logo else None
    renderer = TicketRenderer(header, paper, prepared, qr_mode=pc.qr)
    if pc.type == "simulated":
        out = Path(pc.output_dir) if pc.output_dir else state_dir / "tickets"
        return SimulatedPrinter(renderer, out)
    return EscposTicketPrinter(
        renderer,
        connector(pc, pc.profile),
        timeout_s=pc.timeout_s,
        check_status=pc.status_check,
    )


def prepare_state_dir(config: Config) -> Path:
    state_dir = config.state_path()
    state_dir.mkdir(parents=True, exist_ok=True)
    _prepare_escpos_cache(state_dir)
    return state_dir


def build_kiosk(config: Config, post: Post) -> Kiosk:
    state_dir = prepare_state_dir(config)
    services = ServiceCatalogue(config.services)
    logo = logo_path(config)
    db = Database(state_dir / "kiosk.sqlite3")
    store = SqliteTicketStore(db, services)
    printer = build_printer(config, state_dir, logo)
    clock = SystemClock(config.tz)
    desk = TicketDesk(services, store, printer, clock)
    background = Background(post)
    flow = CheckInFlow(desk, background)
    # Polling finds a refilled or replugged printer without anyone printing first.
    printer_poll = Periodic("printer-poll", printer.status, config.printer.poll_s).start()
    log.info(
        "kiosk %s ready: state=%s printer=%s mode=%s",
        config.kiosk.id,
        state_dir,
        config.printer.type,
        "standalone" if config.standalone else "central",
    )
    return Kiosk(
        config, state_dir, db, services, desk, printer, background, flow, clock, logo, printer_poll
    )
