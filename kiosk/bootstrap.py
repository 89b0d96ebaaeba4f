"""The one place that knows every part: reads nothing itself, builds the kiosk from a Config."""

from __future__ import annotations

import logging
import os
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.background import Background, Periodic, Post
from kiosk.checkin_flow import BookingRules, CheckInFlow
from kiosk.config import Config, ConfigError
from kiosk.domain.bookings import SlotPolicy, TrustingQueue
from kiosk.domain.scan import ScanRules, UnrecognisedScan
from kiosk.domain.services import ServiceCatalogue
from kiosk.domain.ticket_layout import TicketHeader
from kiosk.domain.tickets import TicketDesk
from kiosk.errors import SetupError
from kiosk.guide_library import GuideLibrary
from kiosk.hardware.clock import SystemClock
from kiosk.live_status import LivePublisher, LiveStatus
from kiosk.paths import asset
from kiosk.store.database import Database
from kiosk.store.summary import DaySummary, day_summary
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
    scanner: object | None = None
    sync: Sync | None = None
    guides: object = None  # kiosk.guide_library.Loaded: what the guide screens show
    library: object = None  # kiosk.guide_library.GuideLibrary
    guides_listener: Callable[[object], None] | None = field(default=None)
    ratings: object = None  # kiosk.rating_flow.RatingFlow, or None when switched off
    buttons: object = None  # kiosk.hardware.buttons.RatingButtons
    button_poll: Periodic | None = None
    retention: Periodic | None = None
    live: LivePublisher | None = None  # its devices' health, for doctor and the technician
    live_poll: Periodic | None = None
    # Set by the UI; the scanner's thread posts each payload to it on the UI thread.
    scan_listener: Callable[[bytes | UnrecognisedScan], None] | None = field(default=None)

    def deliver_scan(self, payload: bytes | UnrecognisedScan) -> None:
        if self.scan_listener is not None:
            self.scan_listener(payload)

    def load_guides(self):
        self.guides = self.library.load(self.clock.now().date())
        return self.guides

    def print_test_page(self) -> None:
        from kiosk.printer_tools import print_test_page

        print_test_page(self.config, self.printer)

    def today_summary(self) -> DaySummary:
        return day_summary(self.db, self.clock.now().date().isoformat())

    def live_status(self) -> LiveStatus:
        """What this kiosk's devices last reported: the technician screen's device rows."""
        return LiveStatus(os.getpid(), 0.0, self.live.snapshot())

    def close(self) -> None:
        if self.live_poll is not None:
            self.live_poll.stop()
            self.live.withdraw()
        if self.retention is not None:
            self.retention.stop()
        if self.button_poll is not None:
            self.button_poll.stop()
        if self.buttons is not None:
            self.buttons.close()
        if self.sync is not None:
            self.sync.stop()
        if self.scanner is not None:
            self.scanner.stop()
        self.printer_poll.stop()
        self.background.shutdown(wait=True)
        self.db.close()


def _prepare_escpos_cache(state_dir: Path) -> None:
    # python-escpos parses its capability file on every import (0.6 s) unless it may cache it.
    cache = state_dir / "cache" / "escpos"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))


def logo_path(config: Config) -> Path | None:
    """The logo, checked to be a PNG that decodes: a wrong file is a config error at start,
    not a crash in the middle of the first ticket."""
    from PIL import Image

    if not config.office.logo:
        return None
    path = asset(config.office.logo)
    expected = "an existing PNG file (relative to the assets folder)"
    if not path.is_file():
        _bad("office.logo", config.office.logo, expected)
    try:
        with Image.open(path) as img:
            kind = img.format
            img.load()
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError, ... for a bad file
        kind = None
    if kind != "PNG":
        _bad("office.logo", config.office.logo, f"{expected}; this one is {kind or 'not an image'}")
    return path


def check_printer_profile(config: Config) -> None:
    from escpos.capabilities import get_profile

    try:
        get_profile(config.printer.profile)
    except KeyError:
        _bad("printer.profile", config.printer.profile,
             "a python-escpos profile such as POS-5890 or TM-T20II")  # fmt: skip


def _bad(key: str, value: str, expected: str) -> typing.NoReturn:
    raise ConfigError(f"{key} = {value!r}: expected {expected}")


def token_path(config: Config) -> Path:
    """Where ``central.token_file`` is, for ``run`` and ``check-config`` alike: absolute as
    given; relative, in systemd's $CREDENTIALS_DIRECTORY (LoadCredential=), else beside the
    config file, which is where install.sh puts the file LoadCredential= reads."""
    p = Path(config.central.token_file)
    if p.is_absolute():
        return p
    if os.environ.get("CREDENTIALS_DIRECTORY"):
        return Path(os.environ["CREDENTIALS_DIRECTORY"]) / p
    if config.source.startswith("<"):
        return p
    return Path(config.source).parent / p


def read_central_token(config: Config) -> str:
    from kiosk.sync.client import read_token

    try:
        return read_token(token_path(config))
    except UnicodeDecodeError:
        raise SetupError(
            f"central.token_file = {str(token_path(config))!r}: not text (UTF-8)"
        ) from None


def preflight(config: Config) -> Path:
    """Everything ``run`` refuses to start with, checked without creating anything: what
    ``check-config`` reports and ``run`` checks first. Returns the state directory."""
    state_dir = check_state_dir(config)
    logo_path(config)
    check_printer_profile(config)
    if not config.standalone:
        read_central_token(config)
    return state_dir


def check_state_dir(config: Config, *, writable: bool = True) -> Path:
    """The state directory, or SetupError; ``writable=False`` for commands that only read."""
    state_dir = config.state_path()
    problem = _state_dir_problem(state_dir, writable)
    if problem:
        raise SetupError(f"kiosk.state_dir = {str(state_dir)!r}: {problem}")
    return state_dir


def _state_dir_problem(path: Path, writable: bool) -> str | None:
    from kiosk.hardware.storage import existing, mount_of

    if path.exists() and not path.is_dir():
        return "not a directory"
    found = existing(path)
    if not found.is_dir():
        return f"{found} is not a directory"
    if not writable:
        return None
    if mount_of(found)[2]:
        return f"{found} is on a read-only file system"
    if not os.access(found, os.W_OK | os.X_OK):
        return f"{found} is not writable by this user"
    return None


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
        wait_at=config.kiosk.wait_at,
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
    from kiosk.hardware.storage import storage_problem

    state_dir = check_state_dir(config)
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        _prepare_escpos_cache(state_dir)
    except OSError as exc:
        raise SetupError(f"kiosk.state_dir = {str(state_dir)!r}: {exc.strerror}") from None
    problem = storage_problem(state_dir)
    if problem:
        # Said loudly, not refused: a kiosk that will not start serves nobody today.
        log.error("state directory unsafe: %s; tickets and ratings will not survive a reboot",
                  problem)  # fmt: skip
    return state_dir


def build_scanner(config: Config, state_dir: Path, on_scan):
    sc = config.scanner
    args = {"baudrate": sc.baudrate, "terminator": sc.terminator, "max_length": sc.max_length}
    if sc.type == "none":
        return None
    from kiosk.hardware.scanner import SerialScanner, SimulatedScanner

    if sc.type == "simulated":
        return SimulatedScanner(state_dir / "scanner.fifo", on_scan, **args)
    return SerialScanner(sc.device, on_scan, **args)


@dataclass
class Sync:
    """The central API's parts, when one is configured."""

    central: object  # kiosk.sync.central.Central
    outbox: object  # kiosk.store.outbox.Outbox
    worker: object  # kiosk.sync.worker.SyncWorker
    heartbeat: object  # kiosk.sync.heartbeat.Heartbeat
    beat: Periodic | None = None

    def start(self) -> None:
        self.worker.start()
        self.beat.start()

    def stop(self) -> None:
        self.beat.stop()
        self.worker.stop()
        self.central.client.close()


def build_sync(config: Config, db: Database, clock, devices: dict) -> Sync:
    from kiosk.store.outbox import Outbox
    from kiosk.sync.central import Central
    from kiosk.sync.client import CentralClient
    from kiosk.sync.heartbeat import Heartbeat
    from kiosk.sync.worker import SyncWorker

    cc = config.central
    client = CentralClient(cc.url, read_central_token(config), cc.ca_bundle)
    central = Central(client, config.kiosk.id, cc.budget_s)
    outbox = Outbox(db)
    heartbeat = Heartbeat(central, clock, outbox, devices)
    sync = Sync(central, outbox, SyncWorker(central, outbox, db), heartbeat)
    sync.beat = Periodic("heartbeat", heartbeat.beat, cc.heartbeat_s)
    return sync


def build_kiosk(config: Config, post: Post) -> Kiosk:
    preflight(config)
    state_dir = prepare_state_dir(config)
    services = ServiceCatalogue(config.services)
    logo = logo_path(config)
    db = Database(state_dir / "kiosk.sqlite3")
    printer = build_printer(config, state_dir, logo)
    clock = SystemClock(config.tz)
    devices = {"printer": printer.health}
    sync = None if config.standalone else build_sync(config, db, clock, devices)
    central = sync.central if sync else None
    store = SqliteTicketStore(
        db, services, local_floor=config.central.offline_block_start if sync else 0
    )
    desk = TicketDesk(services, store, printer, clock, central)
    background = Background(post)
    bc = config.booking
    bookings = BookingRules(
        scan=ScanRules(bc.code_pattern, bc.url_hosts, bc.accept_nik_qr, config.scanner.max_length),
        slots=SlotPolicy(bc.early_minutes, bc.late_minutes),
        central=central or TrustingQueue(),
        clock=clock,
    )
    flow = CheckInFlow(desk, background, bookings)
    # Polling finds a refilled or replugged printer without anyone printing first.
    printer_poll = Periodic("printer-poll", printer.poll, config.printer.poll_s).start()
    log.info(
        "kiosk %s ready: state=%s printer=%s mode=%s",
        config.kiosk.id,
        state_dir,
        config.printer.type,
        "standalone" if config.standalone else "central",
    )
    kiosk = Kiosk(
        config, state_dir, db, services, desk, printer, background, flow, clock, logo, printer_poll
    )
    kiosk.scanner = build_scanner(
        config, state_dir, lambda payload: post(lambda: kiosk.deliver_scan(payload))
    )
    if kiosk.scanner is not None:
        devices["scanner"] = kiosk.scanner.health
    kiosk.sync = sync
    build_ratings(kiosk, devices)
    kiosk.live = LivePublisher(state_dir, devices)
    # Cheap when nothing changed: the file is only rewritten on a change or every REFRESH_S.
    kiosk.live_poll = Periodic("live-status", kiosk.live.publish, 2.0).start()
    kiosk.retention = Periodic("retention", lambda: _purge(kiosk), 3600.0).start()
    kiosk.library = GuideLibrary(state_dir, {s.code for s in services})
    kiosk.guides = kiosk.library.load(clock.now().date())
    if sync is not None:
        from kiosk.sync.guides import GuideUpdater

        sync.heartbeat.guides_version = kiosk.library.installed_version
        updater = GuideUpdater(
            sync.central,
            kiosk.library,
            lambda: clock.now().date(),
            on_installed=lambda _version: _guides_installed(kiosk, post),
        )
        sync.heartbeat.on_reply = lambda reply: updater.offer(reply.get("guides_version", 0))
        sync.start()
    return kiosk


def build_ratings(kiosk: Kiosk, devices: dict) -> None:
    rc = kiosk.config.ratings
    if rc.type == "none":
        return
    from kiosk.domain.ratings import Score
    from kiosk.hardware.buttons import RatingButtons
    from kiosk.rating_flow import RatingFlow
    from kiosk.store.ratings import SqliteRatingStore

    order = (Score.SANGAT_PUAS, Score.PUAS, Score.KURANG_PUAS, Score.TIDAK_PUAS)
    flow = RatingFlow(
        SqliteRatingStore(kiosk.db),
        kiosk.clock,
        kiosk.config.kiosk.id,
        window_s=rc.window_s,
        stuck_after_s=rc.stuck_after_s,
        survey=rc.survey,
        survey_timeout_s=kiosk.config.kiosk.survey_pause_s,
        send_to_central=kiosk.sync is not None,
        now_serving=(lambda: kiosk.sync.heartbeat.now_serving) if kiosk.sync else (lambda: ""),
    )
    factory = None
    if rc.type == "simulated":
        from gpiozero.pins.mock import MockFactory

        factory = MockFactory()
    try:
        buttons = RatingButtons(
            dict(zip(order, rc.button_pins, strict=True)),
            dict(zip(order, rc.led_pins, strict=True)) if rc.led_pins else {},
            on_press=flow.pressed,
            on_release=flow.released,
            pull_up=rc.pull_up,
            leds_active_high=rc.leds_active_high,
            factory=factory,
        )
    except Exception as exc:  # no GPIO on this machine, pins busy, no permission, ...
        flow.health.report("unavailable", f"{exc.__class__.__name__}: {exc}")
        devices["buttons"] = flow.health
        return
    flow.indicator = buttons.flash
    kiosk.ratings, kiosk.buttons = flow, buttons
    devices["buttons"] = flow.health
    kiosk.button_poll = Periodic("button-poll", flow.check_stuck, 1.0).start()


def _purge(kiosk: Kiosk) -> None:
    from kiosk.store.retention import purge

    purge(kiosk.db, kiosk.clock.now().date(), kiosk.config.kiosk.retention_days)


def _guides_installed(kiosk: Kiosk, post: Post) -> None:
    # Called on the heartbeat's thread: load there, then hand the result to the UI thread.
    kiosk.sync.heartbeat.guides_version = kiosk.library.installed_version
    loaded = kiosk.library.load(kiosk.clock.now().date())
    kiosk.guides = loaded
    if kiosk.guides_listener is not None:
        listener = kiosk.guides_listener
        post(lambda: listener(loaded))
