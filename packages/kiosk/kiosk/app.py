"""The Kivy application shell: screens, language, the clock in the header, idle reset.

It owns no rules: the check-in flow and the desk do the work; this wires touches to them and
their results back to the screens.
"""

from __future__ import annotations

import logging
import signal
import time
from typing import TYPE_CHECKING

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import LabelBase
from kivy.core.window import Window
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.screenmanager import FadeTransition

from kiosk.bootstrap import Kiosk
from kiosk.domain.complaint_link import shown
from kiosk.domain.i18n import tr
from kiosk.domain.pin import PinGate
from kiosk.hardware.systemd import Notifier
from kiosk.paths import FONTS
from kiosk.screens.loader import LazyScreens, load_kv, make_panel
from kiosk.screens.qr import QrTextures
from kiosk.screens.widgets import CardButton, Header, KeypadKey, KioskButton, Message
from kiosk.usecases.checkin_flow import ScanCallbacks, TicketCallbacks
from layanan_rules.formatting import format_date, format_time
from layanan_rules.ratings import ELEMENTS, OVERALL, PressOutcome, Score, score_label
from layanan_rules.services import Lane

if TYPE_CHECKING:
    from kiosk.screens.idle_warning import IdleWarning
    from kiosk.screens.profile_panel import ProfilePanel
    from kiosk.screens.rating_panel import RatingPanel
    from kiosk.screens.ticket import TicketScreen

log = logging.getLogger(__name__)

LOGO_TAPS = 5  # taps on the header logo, each within TAP_GAP_S of the last, open the PIN pad
TAP_GAP_S = 1.5
# A scan anywhere else is the next visitor in the line: the last one's visit ends there.
SAME_VISIT_SCREENS = ("home", "nik")
TECHNICIAN_SCREENS = ("pin", "technician")
NOTICE_S = 8.0
# The other screens are built this long after the first frame, one a frame: the lobby sees
# the home screen at once, and the first tap on any other screen finds it ready.
PREBUILD_AFTER_S = 0.5
BASE_SIZE = (800, 480)  # the smallest supported screen; everything scales up from it
# Kivy registers widget classes with its Factory when they are defined; the KV rules need these.
KV_WIDGETS = (CardButton, Header, KeypadKey, KioskButton, Message)
ESCAPE_KEYS = {27}  # Escape; Alt+F4 and the window's close button come as on_request_close
RATING_KEYS = {ord("1"): Score.SANGAT_PUAS, ord("2"): Score.PUAS, ord("3"): Score.KURANG_PUAS,
               ord("4"): Score.TIDAK_PUAS}  # fmt: skip


def post_to_ui(fn) -> None:
    """Run ``fn`` on the UI thread at the next frame (Kivy's Clock is safe to call from threads)."""
    Clock.schedule_once(lambda _dt: fn(), 0)


class KioskApp(App):
    lang = StringProperty("id")
    scale = NumericProperty(1.0)
    office_name = StringProperty("")
    ministry = StringProperty("")
    logo_source = StringProperty("")
    time_text = StringProperty("")
    date_text = StringProperty("")
    printer_fault = StringProperty("")  # "" when the printer is fine; shown on the home screen
    notice = StringProperty("")  # a text key: what became of a scan, shown for a few seconds
    guides = ListProperty([])
    simulated_buttons = BooleanProperty(False)  # the exit buttons drawn on screen (demo)
    scanner_side = StringProperty("right")  # where the home screen points for the scanner
    complaint_url = StringProperty("")  # where to send a complaint; "" none (no QR)
    complaint_qr = ObjectProperty(None, allownone=True)  # its QR, once drawn off this thread

    def __init__(self, kiosk: Kiosk, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kiosk = kiosk
        self.qr_textures = QrTextures(kiosk.background.submit)
        self.flow = kiosk.flow
        self.title = kiosk.config.office.name
        self.lang = kiosk.config.kiosk.language
        self.office_name = kiosk.config.office.name
        self.ministry = kiosk.config.office.ministry
        self.logo_source = str(kiosk.logo_path or "")
        self.scanner_side = kiosk.config.kiosk.scanner_side if kiosk.scanner else "none"
        self.last_activity = time.monotonic()
        self.guides = kiosk.guides.guides
        self.allow_close = False
        self.first_frame_at: float | None = None
        self.notifier = Notifier()
        tc = kiosk.config.technician
        self.pin_gate = PinGate(tc.pin_hash, tc.max_tries, tc.lockout_s) if tc.pin_hash else None
        self._logo_taps: list[float] = []
        self._pending_scan: object = None  # a scan waiting for the last ticket's print
        self._panels: dict[str, object] = {}

    @property
    def rating_panel(self) -> RatingPanel:
        return self._panel("rating_panel")

    @property
    def profile_panel(self) -> ProfilePanel:
        return self._panel("profile_panel")

    @property
    def idle_warning(self) -> IdleWarning:
        return self._panel("idle_warning")

    def _panel(self, name: str):
        if name not in self._panels:
            self._panels[name] = make_panel(name)
        return self._panels[name]

    def _open_panel(self, name: str):
        """The panel if it was built and is on screen, else None."""
        panel = self._panels.get(name)
        return panel if panel is not None and panel._window is not None else None

    def _close_idle_warning(self) -> None:
        if "idle_warning" in self._panels:
            self.idle_warning.close()

    # --- building ------------------------------------------------------------------------
    def build(self) -> LazyScreens:
        LabelBase.register(
            "KioskSans",
            fn_regular=str(FONTS / "NotoSans-Regular.ttf"),
            fn_bold=str(FONTS / "NotoSans-Bold.ttf"),
        )
        LabelBase.register(
            "KioskMono",
            fn_regular=str(FONTS / "NotoSansMono-Regular.ttf"),
            fn_bold=str(FONTS / "NotoSansMono-Bold.ttf"),
        )
        load_kv("widgets.kv")
        Window.clearcolor = (0.93, 0.95, 0.97, 1)
        Window.bind(size=self._resized, on_request_close=self._request_close)
        Window.bind(on_keyboard=self._keyboard, on_touch_down=self._touched)
        self._resized(Window, Window.size)
        # Only the home screen before the first frame; the others on first use or just after.
        manager = LazyScreens(transition=FadeTransition(duration=0.12), size=Window.size)
        manager.get_screen("home")
        self._tick(0)
        manager.lay_out()  # after _tick: the header's clock is in its final words too
        Clock.schedule_interval(self._tick, 1.0)
        Window.fbind("on_flip", self._first_frame)
        return manager

    def on_start(self) -> None:
        # SDL turns SIGTERM into a window-close request, which the kiosk refuses (a visitor must
        # not close it), so `systemctl stop` would hang until SIGKILL. Installed after the
        # window exists, because SDL installs its handler when it starts.
        signal.signal(signal.SIGTERM, self._terminate)
        self.kiosk.scan_listener = self.on_scan
        self.kiosk.guides_listener = self.guides_loaded
        complaints = self.kiosk.complaints
        complaints.listener = lambda url: post_to_ui(lambda: self.complaint_url_changed(url))
        if self.kiosk.ratings is not None:
            self.kiosk.ratings.listener = lambda event: post_to_ui(lambda: self.on_rating(event))
            self.simulated_buttons = self.kiosk.config.ratings.type == "simulated"

    def _terminate(self, signum, _frame) -> None:
        log.info("signal %s: stopping", signal.Signals(signum).name)
        self.allow_close = True
        Clock.schedule_once(lambda _dt: self.stop(), 0)

    def _first_frame(self, *_args) -> None:
        # on_flip: the frame is on the glass, not just scheduled.
        Window.funbind("on_flip", self._first_frame)
        self.first_frame_at = time.monotonic()
        log.info("first frame drawn")
        # The polls, the scanner's reader and the sync worker: not before, as their first
        # rounds (the printer's status, the retention purge) would take the GIL from the frame.
        # Every listener was set in on_start: a scan waiting in the scanner is not lost.
        self.kiosk.start()
        self.complaint_url_changed(self.kiosk.complaints.url)
        self.root.prebuild(PREBUILD_AFTER_S)
        self.kiosk.warm_up()
        # The next frame, not this one: gpiozero's import is the largest cost left at start.
        Clock.schedule_once(lambda _dt: self.kiosk.connect_buttons(), 0)
        self.notifier.ready("first frame drawn")
        if self.notifier.watchdog_s:
            # Fed from the UI thread's clock: if drawing freezes, systemd restarts the kiosk.
            interval = self.notifier.watchdog_s / 3
            Clock.schedule_interval(lambda _dt: self.notifier.watchdog(), interval)

    def on_stop(self) -> None:
        self.notifier.stopping()
        self.kiosk.close()

    # --- the window ------------------------------------------------------------------------
    def _resized(self, _window, size) -> None:
        w, h = size
        self.scale = min(w / BASE_SIZE[0], h / BASE_SIZE[1])

    def open_settings(self, *_args) -> bool:
        # Kivy opens its settings panel on F1: not for a visitor with a keyboard. (Its widgets'
        # style rules are not even loaded: kiosk.ui_env.KIVY_STYLED.)
        return False

    def _request_close(self, *_args, **_kwargs) -> bool:
        # A visitor must not be able to close the kiosk; the service manager stops it.
        return not self.allow_close

    def _keyboard(self, _window, key, *_args) -> bool:
        if self.simulated_buttons and key in RATING_KEYS:
            self.press_rating_button(RATING_KEYS[key])
            return True
        return key in ESCAPE_KEYS

    def _touched(self, _window, _touch) -> None:
        self.last_activity = time.monotonic()

    # --- text and navigation ---------------------------------------------------------------
    def tr(self, key: str, lang: str, **values) -> str:
        return tr(key, lang, **values)

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"

    def on_lang(self, *_args) -> None:
        self._show_clock()
        profile = self._open_panel("profile_panel")
        if profile is not None:
            profile.relang(self.lang)  # never half in one language, half in the other

    def go(self, name: str) -> None:
        self.root.current = name

    def go_home(self) -> None:
        """Back to the start, forgetting everything about the last visitor."""
        self.flow.reset()
        self.notice = ""
        nik = self.root.built("nik")
        if nik is not None:
            nik.clear()
        self._close_idle_warning()
        profile = self._open_panel("profile_panel")
        if profile is not None:
            profile.finish()  # what the last rater did answer is theirs to keep
        self.lang = self.kiosk.config.kiosk.language
        self.root.current = "home"

    def holds_visitor_data(self) -> bool:
        """A NIK (typed or accepted) or a booking is on the kiosk: it must not wait for the
        next visitor to take a ticket on it."""
        nik = self.root.built("nik")
        nik_typed = nik is not None and bool(nik.digits)
        return nik_typed or self.flow.nik is not None or self.flow.booking is not None

    def _show_clock(self) -> None:
        now = self.kiosk.clock.now()
        self.time_text = f"{format_time(now, self.lang)} {self.kiosk.config.office.timezone_label}"
        self.date_text = format_date(now.date(), self.lang, weekday=False)

    def _tick(self, _dt) -> None:
        self._show_clock()
        # The latch is written by the printer's threads; reading one attribute is safe.
        self.printer_fault = self.kiosk.printer.health.state.fault or ""
        if self.root is None or self.root.current == "home":
            return
        idle = time.monotonic() - self.last_activity
        ticket = self.root.get_screen("ticket")
        kc = self.kiosk.config.kiosk
        if self.root.current == "ticket":
            # The ticket screen counts down on its own; nothing on it is lost by going home.
            limit = self._ticket_timeout(ticket)
            ticket.seconds_left = max(0, round(limit - idle))
            warn = False
        else:
            data = self.holds_visitor_data()
            limit = min(kc.data_timeout_s, kc.idle_timeout_s) if data else kc.idle_timeout_s
            # Never a warning that starts the moment a screen opens: at most half the time.
            warn_s = min(kc.idle_warning_s, limit / 2)
            warn = warn_s > 0 and idle >= limit - warn_s
        if idle >= limit:
            log.info("idle for %.0f s on %s: back to home", idle, self.root.current)
            self.go_home()
        elif warn:
            self.idle_warning.show(max(1, round(limit - idle)), data)
        else:
            self._close_idle_warning()

    def still_here(self) -> None:
        """The idle warning's button: the visitor is still at the kiosk."""
        self.last_activity = time.monotonic()
        self._close_idle_warning()

    def _ticket_timeout(self, ticket: TicketScreen) -> float:
        # A visitor whose paper did not come out needs time to note the number.
        if ticket.print_state == "failed":
            return self.kiosk.config.kiosk.idle_timeout_s
        return self.kiosk.config.kiosk.ticket_timeout_s

    # --- tickets ---------------------------------------------------------------------------
    def _callbacks(self) -> TicketCallbacks:
        ticket_screen = self.root.get_screen("ticket")

        def issued(ticket) -> None:
            self.last_activity = time.monotonic()
            ticket_screen.show(ticket)
            self.root.current = "ticket"

        def printed(_ticket) -> None:
            ticket_screen.print_state = "printed"
            self._resume_scan()

        def print_failed(_ticket, _fault) -> None:
            ticket_screen.print_state = "failed"
            self._resume_scan()

        def issue_failed(exc) -> None:
            # From a guide the visitor may still be on the NIK screen: say it where services are.
            self.go("service")
            self.root.get_screen("service").issue_failed(exc)
            self._resume_scan()

        return TicketCallbacks(issued, printed, print_failed, issue_failed)

    # --- technician -----------------------------------------------------------------------
    def logo_tapped(self) -> None:
        now = time.monotonic()
        self._logo_taps = [t for t in self._logo_taps if now - t < TAP_GAP_S * LOGO_TAPS] + [now]
        if len(self._logo_taps) < LOGO_TAPS:
            return
        self._logo_taps = []
        if self.pin_gate is None:
            log.info("technician screen asked for, but no technician.pin_hash is configured")
            return
        self.go("pin")

    def restart(self) -> None:
        """From the technician screen: stop; systemd (Restart=always) starts the kiosk again."""
        log.info("restart asked for on the technician screen")
        self.allow_close = True
        self.stop()

    # --- ratings --------------------------------------------------------------------------
    def press_rating_button(self, score: Score) -> None:
        """Demo only: the on-screen exit buttons and keys 1-4 press the mock pins."""
        if self.kiosk.buttons is not None:
            self.kiosk.buttons.press(score)

    def rating_label(self, score: int, lang: str) -> str:
        return score_label(Score(score), lang)

    def on_rating(self, event) -> None:
        kc = self.kiosk.config
        new_visitor = event.outcome is PressOutcome.COUNTED and event.element == OVERALL
        profile = self._open_panel("profile_panel")
        if new_visitor and profile is not None:
            profile.finish()  # the last respondent's step, never over the next one's rating
        complaint = None
        if self.complaint_qr is not None:
            from kiosk.screens.rating_panel import Complaint

            complaint = Complaint(self.complaint_qr, shown(self.complaint_url), kc.complaints.qr_s)
        self.rating_panel.present(
            event, self.lang, kc.ratings.thanks_s, kc.kiosk.survey_pause_s, complaint
        )
        survey_done = (
            event.outcome is PressOutcome.COUNTED
            and event.element == ELEMENTS[-1]
            and event.next_question is None
        )
        if survey_done and kc.ratings.profile:
            ratings = self.kiosk.ratings
            self.profile_panel.ask(
                self.lang,
                kc.ratings.profile_timeout_s,
                lambda given: self.kiosk.background.submit(ratings.give_profile, given),
            )

    def complaint_url_changed(self, url: str) -> None:
        """A new complaint address (the config's at start, the central's later): its QR is
        computed on the worker thread; until it is ready, no QR is offered."""
        self.complaint_url = url
        self.complaint_qr = None
        if url:
            self.qr_textures.get(url, self._qr_ready)

    def _qr_ready(self, url: str, texture) -> None:
        if url == self.complaint_url:  # not an address replaced meanwhile
            self.complaint_qr = texture

    # --- guides ---------------------------------------------------------------------------
    def show_guide(self, guide) -> None:
        self.root.get_screen("guide").show(guide)
        self.go("guide")

    def take_number_for(self, service_code: str) -> None:
        """From a guide: the NIK next, then straight to a ticket for this service."""
        self.flow.preselected_service = service_code
        self.go("nik")

    def guides_loaded(self, loaded) -> None:
        log.info("guides now from %s: %d guides", loaded.source, len(loaded.guides))
        self.guides = loaded.guides
        if self.root.current in ("guide",):
            self.go_home()  # the page on screen may no longer exist

    # --- scans ----------------------------------------------------------------------------
    def on_scan(self, payload) -> None:
        """Every scan gets a visible answer; a scan is never dropped while a ticket prints."""
        if self.root is None:
            return
        self.last_activity = time.monotonic()
        if self.root.current in TECHNICIAN_SCREENS:
            log.info("scan not taken: the technician screen is open")
            self.show_notice("scan.technician")
            return
        if self.flow.busy:
            # The last visitor's ticket is being issued or printed: never interrupt it. The
            # newest scan waits and goes on the moment the work ends.
            log.info("scan held until the ticket on its way is done")
            self._pending_scan = payload
            printing = self.root.current == "ticket"
            self.show_notice("scan.wait_printing" if printing else "scan.reading")
            return
        self._start_scan(payload)

    def _start_scan(self, payload) -> None:
        if self.root.current not in SAME_VISIT_SCREENS:
            # The next visitor in the line: nothing of the last visit carries over.
            self.go_home()
        self.show_notice("scan.reading")
        self.flow.scanned(payload, self._scan_callbacks())

    def _resume_scan(self) -> None:
        payload, self._pending_scan = self._pending_scan, None
        if payload is not None and not self.flow.busy:
            self.last_activity = time.monotonic()
            self._start_scan(payload)
        elif payload is not None:
            self._pending_scan = payload

    def show_notice(self, key: str) -> None:
        self.notice = key
        Clock.unschedule(self._clear_notice)
        Clock.schedule_once(self._clear_notice, NOTICE_S)

    def _clear_notice(self, *_args) -> None:
        self.notice = ""

    def _scan_callbacks(self) -> ScanCallbacks:
        def nik(_nik) -> None:
            self.notice = ""
            self.root.get_screen("nik").clear()
            self.go("service")

        def booking(found, timing) -> None:
            self.notice = ""
            self.root.get_screen("booking").show(found, timing)
            self.go("booking")
            self._resume_scan()

        def again(ticket) -> None:
            # Scanning the same booking again is asking for the paper again.
            self.notice = ""
            callbacks = self._callbacks()
            callbacks.issued(ticket)
            self.flow.reprint(ticket, callbacks)

        def answered(key: str):
            def say() -> None:
                self.show_notice(key)
                self._resume_scan()

            return say

        return ScanCallbacks(
            unrecognised=answered("scan.unrecognised"),
            nik=nik,
            booking=booking,
            not_found=answered("scan.not_found"),
            already_checked_in=again,
        )

    def take_ticket(self, service_code: str) -> None:
        """Every path to a new ticket asks the priority question first, except a booking,
        which has its own lane."""
        if self.flow.booking is not None:
            self.issue_ticket(service_code)
            return
        self.root.get_screen("priority").ask(service_code)
        self.go("priority")

    def issue_ticket(self, service_code: str, priority: bool = False) -> None:
        if self.flow.booking is None:
            self.flow.lane = Lane.PRIORITY if priority else Lane.REGULAR
        self.flow.take_ticket(service_code, self._callbacks())

    def reprint(self) -> None:
        screen = self.root.get_screen("ticket")
        if screen.ticket is not None and not self.flow.busy:
            screen.print_state = "printing"
            self.last_activity = time.monotonic()
            self.flow.reprint(screen.ticket, self._callbacks())


class _LogAndRecover:
    """Kivy's last line: an error in a touch handler is logged and the kiosk goes home.

    The alternative is Kivy's default, which ends the process: a visitor sees a desktop.
    """

    def __init__(self, app: KioskApp) -> None:
        self.app = app

    def handle_exception(self, exc: BaseException) -> int:
        from kivy.base import ExceptionManager

        if isinstance(exc, KeyboardInterrupt | SystemExit):
            return ExceptionManager.RAISE
        log.exception("unexpected error in the UI; returning to home", exc_info=exc)
        Clock.schedule_once(lambda _dt: self.app.go_home(), 0)
        return ExceptionManager.PASS


def install_exception_guard(app: KioskApp) -> None:
    from kivy.base import ExceptionManager

    ExceptionManager.add_handler(_LogAndRecover(app))
