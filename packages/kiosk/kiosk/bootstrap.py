"""The one place that knows every part: builds the kiosk from a Config, and owns its lifecycle.

``build_kiosk`` only builds: it opens the database, starts no thread and reads no guide.
``Kiosk.start()``, called by the app once its first frame is drawn, starts the polls,
the scanner's reader and the sync worker and reads the guide library on the worker thread;
``Kiosk.connect_buttons()``, a frame later, builds the rating buttons (gpiozero);
``Kiosk.close()`` undoes everything in reverse, from one ``ExitStack``, whether or not the kiosk
was started. Any part can be swapped at build time (``Overrides``): tests hand in a scripted
printer or a test central this way, never by assigning private attributes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.domain.bookings import SlotPolicy, TrustingQueue
from kiosk.domain.faults import FaultLatch
from kiosk.domain.scan import ScanRules, UnrecognisedScan
from kiosk.hardware.clock import SystemClock
from kiosk.parts import build_printer, build_scanner, logo_path, preflight, prepare_state_dir
from kiosk.probes import ConfiguredProbes
from kiosk.store.database import Database
from kiosk.store.outbox import Outbox
from kiosk.store.reserve import DiskReserve
from kiosk.store.tickets import SqliteTicketStore
from kiosk.usecases.background import Background, Periodic, Post
from kiosk.usecases.checkin_flow import BookingRules, CheckInFlow
from kiosk.usecases.complaint_link import ComplaintLink
from kiosk.usecases.guide_library import GuideLibrary, Loaded
from kiosk.usecases.live_status import LivePublisher, LiveStatus
from kiosk.usecases.opening_state import Opening
from kiosk.usecases.rating_flow import RatingFlow
from kiosk.usecases.ticket_desk import TicketDesk
from layanan_rules.ratings import Score
from layanan_rules.services import ServiceCatalogue

if TYPE_CHECKING:
    # The ports are interfaces, for the type checker: a cold start does not load them.
    from kiosk.domain.ports import (
        Buttons,
        Central,
        Clock,
        Probes,
        RatingStore,
        Scanner,
        TicketPrinter,
        TicketStore,
    )
    from kiosk.store.summary import DaySummary  # loaded when the technician asks for the day

    # Loaded when a central is configured: a standalone kiosk needs no HTTP.
    from kiosk.sync.heartbeat import Heartbeat
    from kiosk.sync.worker import SyncWorker

log = logging.getLogger(__name__)

OnScan = Callable[[bytes | UnrecognisedScan], None]
OnButton = Callable[[Score], object]


@dataclass(frozen=True)
class Overrides:
    """Parts to use instead of the ones the config describes. ``scanner`` and ``buttons`` are
    factories, because the kiosk hands them the callbacks they report to. A ``central`` in a
    standalone config serves the ticket desk and the booking lookup, without a sync worker."""

    printer: TicketPrinter | None = None
    central: Central | None = None
    clock: Clock | None = None
    db: Database | None = None
    ticket_store: TicketStore | None = None
    rating_store: RatingStore | None = None
    scanner: Callable[[OnScan], Scanner | None] | None = None
    buttons: Callable[[OnButton, OnButton], Buttons] | None = None
    probes: Probes | None = None


@dataclass
class Sync:
    """The central API's parts, when one is configured."""

    central: Central
    outbox: Outbox
    worker: SyncWorker
    heartbeat: Heartbeat
    beat: Periodic


@dataclass
class Kiosk:
    config: Config
    state_dir: Path
    db: Database
    services: ServiceCatalogue
    desk: TicketDesk
    printer: TicketPrinter
    background: Background
    flow: CheckInFlow
    clock: Clock
    logo_path: Path | None
    library: GuideLibrary
    guides: Loaded  # what the guide screens show: none until start() has read them
    live: LivePublisher  # its devices' health, for doctor and the technician
    probes: Probes  # the technician's checks
    opening: Opening  # hours, cut-offs and quotas: what the screens show and the store enforces
    complaints: ComplaintLink  # where a visitor sends a complaint: a QR, a line on the ticket
    scanner: Scanner | None = None
    sync: Sync | None = None
    ratings: RatingFlow | None = None  # None when switched off or the buttons are missing
    buttons: Buttons | None = None
    # Started by start(), in this order; stopped by close() in the reverse one.
    polls: list[Periodic] = field(default_factory=list)
    guides_listener: Callable[[Loaded], None] | None = None
    # Set by the UI; the scanner's thread posts each payload to it on the UI thread.
    scan_listener: OnScan | None = None
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)
    _started: bool = False
    _closed: bool = False
    _guides_read: bool = False  # by start()'s read, or a newer bundle installed before it
    # Builds the rating buttons; run once by connect_buttons(), after the first frame.
    _make_buttons: Callable[[], None] | None = field(default=None, repr=False)

    def start(self) -> Kiosk:
        """Read the guides on the worker thread, start the polls, the scanner and the sync
        worker. If one fails to start, those started before it are stopped again by close().
        Once; never after close()."""
        if self._started or self._closed:
            return self
        self._started = True
        # First in the worker's queue: a few milliseconds, on the guide screens a frame later.
        self.background.submit(self._read_guides, on_done=self._guides_arrived)
        stack = self._stack
        stack.callback(self.live.withdraw)  # after its poll stopped: no late rewrite
        for poll in self.polls:
            poll.start()
            stack.callback(poll.stop)
        if self.scanner is not None:
            self.scanner.start()  # stopped by close() whether started or not: see build
        if self.sync is not None:
            self.sync.worker.start()
            stack.callback(self.sync.worker.stop)
            self.sync.beat.start()
            stack.callback(self.sync.beat.stop)
        return self

    def warm_up(self) -> None:
        """After the first frame: load on the worker thread what the first ticket needs."""
        from kiosk.hardware.printer import warm_up

        # The renderer of a real or simulated printer; a test's scripted printer has none.
        self.background.submit(warm_up, getattr(self.printer, "renderer", None))

    def connect_buttons(self) -> None:
        """After the first frame: the rating buttons. Importing gpiozero (importlib.metadata
        and its pin factories) is most of what they cost, and the home screen needs none of
        it; until then there is no button a visitor could press. Once; never after close()."""
        make, self._make_buttons = self._make_buttons, None
        if make is not None and not self._closed:
            make()

    def close(self) -> None:
        """Everything built or started, undone in reverse order; safe to call twice."""
        self._closed = True
        self._stack.close()

    def deliver_scan(self, payload: bytes | UnrecognisedScan) -> None:
        if self.scan_listener is not None:
            self.scan_listener(payload)

    def load_guides(self) -> Loaded:
        """Read the library now (a reload, a bundle just installed): newer than what start()'s
        read may still deliver."""
        self._guides_read = True
        self.guides = self._read_guides()
        return self.guides

    def _read_guides(self) -> Loaded:
        return self.library.load(self.clock.now().date())

    def _guides_arrived(self, loaded: Loaded) -> None:
        # Posted to the UI thread. A bundle the central delivered in the meantime is newer.
        if self._guides_read:
            return
        self._guides_read = True
        self.guides = loaded
        if self.guides_listener is not None:
            self.guides_listener(loaded)

    def print_test_page(self) -> None:
        from kiosk.usecases.printer_tools import print_test_page

        print_test_page(self.config, self.printer)

    def run_checks(self, live: LiveStatus | None = None):
        """The doctor's report, with the devices read from ``live`` when given; its hours row
        from this kiosk's own state (its tickets counted, the central's last word)."""
        from kiosk.usecases.doctor import hours_result, run_checks

        results = run_checks(self.config, self.probes, live=live)
        mine = hours_result(self.opening, self.services, counted=True)
        return [mine if r.check == mine.check else r for r in results]

    def today_summary(self) -> DaySummary:
        from kiosk.store.summary import day_summary

        return day_summary(self.db, self.clock.now().date().isoformat())

    def live_status(self) -> LiveStatus:
        """What this kiosk's devices last reported: the technician screen's device rows."""
        return LiveStatus(os.getpid(), 0.0, self.live.snapshot())


def _as_overrides(overrides: Overrides | Mapping[str, object] | None) -> Overrides:
    if overrides is None:
        return Overrides()
    if isinstance(overrides, Overrides):
        return overrides
    return Overrides(**overrides)  # an unknown part is a TypeError naming it


def build_sync(config: Config, db: Database, clock: Clock, devices: dict[str, FaultLatch]) -> Sync:
    from kiosk.parts import read_central_token
    from kiosk.sync.central import Central as CentralApi
    from kiosk.sync.client import CentralClient
    from kiosk.sync.heartbeat import Heartbeat
    from kiosk.sync.worker import SyncWorker

    cc = config.central
    client = CentralClient(cc.url, read_central_token(config), cc.ca_bundle)
    central = CentralApi(client, config.kiosk.id, cc.budget_s)
    outbox = Outbox(db)
    heartbeat = Heartbeat(central, clock, outbox, devices)
    beat = Periodic("heartbeat", heartbeat.beat, cc.heartbeat_s)
    return Sync(central, outbox, SyncWorker(central, outbox, db), heartbeat, beat)


def _lend_resync(sync: Sync | None, db: Database, store: object, kiosk_id: str) -> None:
    """A restored central: what it acknowledged goes again (see kiosk.sync.resync)."""
    if sync is not None and isinstance(store, SqliteTicketStore):
        from kiosk.sync.resync import Resync

        sync.heartbeat.resync = Resync(db, sync.outbox, store, kiosk_id)


COMPLAINT_URL = "complaint_url"  # its name in the store's central_state


def _complaint_link(
    config: Config, db: Database, sync: Sync | None, printer: TicketPrinter
) -> ComplaintLink:
    """The office's complaint address, else the central's last word (kept in the store, so a
    restart without network still shows it); on the ticket too where the office says so."""
    from kiosk.store.central_state import keep, recall

    def remember(url: str) -> None:
        with db.transaction() as conn:
            keep(conn, COMPLAINT_URL, url)

    link = ComplaintLink(config.complaints.url, recall(db, COMPLAINT_URL), remember)
    if sync is not None:
        sync.heartbeat.complaint_url_heard = link.heard
    renderer = getattr(printer, "renderer", None)  # a scripted test printer has none
    if config.complaints.on_ticket and renderer is not None:
        renderer.header = dataclasses.replace(renderer.header, complaint_url=lambda: link.url)
    return link


def build_kiosk(
    config: Config, post: Post, overrides: Overrides | Mapping[str, object] | None = None
) -> Kiosk:
    """The kiosk, built and not started: call ``start()``, and ``close()`` at the end."""
    o = _as_overrides(overrides)
    preflight(config)
    state_dir = prepare_state_dir(config)
    stack = ExitStack()
    with stack:  # anything opened is closed again if building fails half-way
        services = ServiceCatalogue(config.services)
        logo = logo_path(config)
        db = o.db or Database(state_dir / "kiosk.sqlite3")
        stack.callback(db.close)
        printer = o.printer or build_printer(config, state_dir, logo)
        clock = o.clock or SystemClock(config.tz)
        devices = {"printer": printer.health}
        sync = None if config.standalone else build_sync(config, db, clock, devices)
        if sync is not None:
            stack.callback(sync.central.client.close)
            sync.heartbeat.lend_status_url(printer)  # the central's status page: the QR
        central = o.central or (sync.central if sync else None)
        reserve = DiskReserve(state_dir)
        reserve.ensure()  # a fallocate: no time to speak of, and only on the first start
        devices["storage"] = reserve.health
        store = o.ticket_store or SqliteTicketStore(
            db,
            services,
            local_floor=config.central.offline_block_start if central else 0,
            reserve=reserve,
        )
        _lend_resync(sync, db, store, config.kiosk.id)
        complaints = _complaint_link(config, db, sync, printer)
        opening = _opening(config, clock, store)
        desk = TicketDesk(services, store, printer, clock, central)
        background = Background(post)
        stack.callback(background.shutdown, wait=True)
        bc = config.booking
        bookings = BookingRules(
            scan=ScanRules(
                bc.code_pattern, bc.url_hosts, bc.accept_nik_qr, config.scanner.max_length
            ),
            slots=SlotPolicy(bc.early_minutes, bc.late_minutes),
            central=central or TrustingQueue(),
            clock=clock,
        )
        library = GuideLibrary(state_dir, {s.code for s in services})
        kiosk = Kiosk(
            config=config,
            state_dir=state_dir,
            db=db,
            services=services,
            desk=desk,
            printer=printer,
            background=background,
            flow=CheckInFlow(desk, background, bookings),
            clock=clock,
            logo_path=logo,
            library=library,
            guides=Loaded([], source="not read yet"),
            live=LivePublisher(state_dir, devices),
            probes=o.probes or ConfiguredProbes(config),
            opening=opening,
            complaints=complaints,
            sync=sync,
        )

        def on_scan(payload: bytes | UnrecognisedScan) -> None:
            post(lambda: kiosk.deliver_scan(payload))

        kiosk.scanner = (o.scanner or (lambda cb: build_scanner(config, state_dir, cb)))(on_scan)
        if kiosk.scanner is not None:
            stack.callback(kiosk.scanner.stop)  # the simulated one holds a pty from the start
            devices["scanner"] = kiosk.scanner.health
        _build_ratings(kiosk, o, devices)
        # Polling finds a refilled or replugged printer without anyone printing first.
        kiosk.polls.append(Periodic("printer-poll", printer.poll, config.printer.poll_s))
        if kiosk.ratings is not None:
            kiosk.polls.append(Periodic("button-poll", kiosk.ratings.check_stuck, 1.0))
        # Cheap when nothing changed: the file is only rewritten on a change or every REFRESH_S.
        kiosk.polls.append(Periodic("live-status", kiosk.live.publish, 2.0))
        # Space back on a full disk: the reserve is set aside again, the fault cleared.
        kiosk.polls.append(Periodic("disk-reserve", reserve.ensure, 15.0))
        kiosk.polls.append(Periodic("retention", lambda: _purge(kiosk), 3600.0))
        if sync is not None or o.central is not None:
            _follow_central_hours(kiosk, central, state_dir)
        if sync is not None:
            _offer_guides(kiosk, sync, post)
        kiosk._stack = stack.pop_all()
    log.info(
        "kiosk %s ready: state=%s printer=%s mode=%s",
        config.kiosk.id,
        state_dir,
        config.printer.type,
        "standalone" if config.standalone else "central",
    )
    return kiosk


def _opening(config: Config, clock: Clock, store: TicketStore) -> Opening:
    opening = Opening.of(config.hours, clock)
    if isinstance(store, SqliteTicketStore):  # a test's own store keeps its own rules
        opening.count = store.count
        store.gate = opening.gate
    return opening


SERVICES_FILE = "central-services.json"


def _follow_central_hours(kiosk: Kiosk, central: Central, state_dir: Path) -> None:
    """The central's /services answer on its own thread, every heartbeat_s, kept in a file."""
    import json

    path = state_dir / SERVICES_FILE
    opening = kiosk.opening
    opening.fresh_s = 3 * kiosk.config.central.heartbeat_s
    # None yet, or unreadable: the kiosk's own rules until the central answers.
    with contextlib.suppress(OSError, ValueError):
        opening.restore(json.loads(path.read_text(encoding="utf-8")))

    def keep(record) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, path)

    if hasattr(central, "services"):
        ask = central.services
        poll = Periodic(
            "services", lambda: opening.fetch(ask, keep), kiosk.config.central.heartbeat_s
        )
        kiosk.polls.append(poll)


def _offer_guides(kiosk: Kiosk, sync: Sync, post: Post) -> None:
    from kiosk.usecases.guide_updates import GuideUpdater

    sync.heartbeat.guides_version = kiosk.library.installed_version
    updater = GuideUpdater(
        sync.central,
        kiosk.library,
        lambda: kiosk.clock.now().date(),
        on_installed=lambda _version: _guides_installed(kiosk, post),
    )
    sync.heartbeat.on_reply = lambda reply: updater.offer(reply.get("guides_version", 0))


def _build_ratings(kiosk: Kiosk, o: Overrides, devices: dict[str, FaultLatch]) -> None:
    rc = kiosk.config.ratings
    if rc.type == "none":
        return
    from kiosk.store.ratings import SqliteRatingStore

    sync = kiosk.sync
    flow = RatingFlow(
        o.rating_store or SqliteRatingStore(kiosk.db),
        kiosk.clock,
        kiosk.config.kiosk.id,
        window_s=rc.window_s,
        stuck_after_s=rc.stuck_after_s,
        survey=rc.survey,
        survey_timeout_s=kiosk.config.kiosk.survey_pause_s,
        send_to_central=sync is not None,
        now_serving=(lambda: sync.heartbeat.now_serving) if sync else (lambda: ""),
    )
    devices["buttons"] = flow.health
    kiosk.ratings = flow
    kiosk._make_buttons = partial(
        _connect_buttons, kiosk, flow, o.buttons or partial(_buttons, kiosk.config)
    )


def _connect_buttons(
    kiosk: Kiosk,
    flow: RatingFlow,
    make_buttons: Callable[[OnButton, OnButton], Buttons],
) -> None:
    try:
        buttons = make_buttons(flow.pressed, flow.released)
    except Exception as exc:  # no GPIO on this machine, pins busy, no permission, ...
        flow.health.report("unavailable", f"{exc.__class__.__name__}: {exc}")
        kiosk.ratings = None
        return
    kiosk._stack.callback(buttons.close)  # closed first: they report into the flow
    flow.indicator = buttons.flash
    kiosk.buttons = buttons


def _buttons(config: Config, on_press: OnButton, on_release: OnButton) -> Buttons:
    from kiosk.hardware.buttons import RatingButtons

    rc = config.ratings
    order = (Score.SANGAT_PUAS, Score.PUAS, Score.KURANG_PUAS, Score.TIDAK_PUAS)
    factory = None
    if rc.type == "simulated":
        from gpiozero.pins.mock import MockFactory

        factory = MockFactory()
    return RatingButtons(
        dict(zip(order, rc.button_pins, strict=True)),
        dict(zip(order, rc.led_pins, strict=True)) if rc.led_pins else {},
        on_press=on_press,
        on_release=on_release,
        pull_up=rc.pull_up,
        leds_active_high=rc.leds_active_high,
        factory=factory,
    )


def _purge(kiosk: Kiosk) -> None:
    from kiosk.store.retention import purge

    purge(kiosk.db, kiosk.clock.now().date(), kiosk.config.kiosk.retention_days)


def _guides_installed(kiosk: Kiosk, post: Post) -> None:
    # Called on the heartbeat's thread: load there, then hand the result to the UI thread.
    kiosk.sync.heartbeat.guides_version = kiosk.library.installed_version
    loaded = kiosk.load_guides()
    if kiosk.guides_listener is not None:
        listener = kiosk.guides_listener
        post(lambda: listener(loaded))
