"""The technician's screens: a PIN keypad, then the kiosk's health and a few actions."""

from __future__ import annotations

import logging
import threading
import time

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.domain.i18n import TEXTS, tr
from kiosk.domain.tickets import PrintFailed
from kiosk.screens.widgets import fill_keypad, typed

log = logging.getLogger(__name__)


class PinScreen(Screen):
    digits = StringProperty("")
    message = StringProperty("")
    checking = BooleanProperty(False)  # a PIN is being hashed: further OKs wait for it

    def on_kv_post(self, base_widget) -> None:
        fill_keypad(self.ids.keypad, self.press)

    def on_pre_enter(self, *args) -> None:
        self.digits = ""
        self.message = ""

    def press(self, key: str) -> None:
        self.digits = typed(self.digits, key, 8)

    def submit(self, app) -> None:
        # PBKDF2 takes a Pi a good part of a second: hashed off the UI thread, like all slow work.
        if self.checking:
            return
        self.checking = True
        digits, self.digits = self.digits, ""
        gate = app.pin_gate
        _off_ui(
            "pin", lambda: gate.try_pin(digits), lambda outcome: self._checked(app, gate, outcome)
        )

    def _checked(self, app, gate, outcome) -> None:
        self.checking = False
        if outcome == "ok":
            app.go("technician")
            return
        locked = gate.locked_for()
        self.message = (
            app.tr("tech.locked", app.lang, m=max(1, round(locked / 60)))
            if locked
            else app.tr("tech.wrong", app.lang)
        )


class TechnicianScreen(Screen):
    """The checks and actions; all slow work on a thread of its own, never the ticket worker,
    so a visitor's ticket never waits behind a diagnosis. Every word it shows is said in the
    screen's language; what went wrong in detail goes to the log only."""

    results = ListProperty([])  # doctor.Result, one a check
    summary = ObjectProperty(None, allownone=True)  # store.summary.DaySummary
    busy = BooleanProperty(False)
    outcome = ObjectProperty(None, allownone=True)  # (i18n key, values) of the last action

    def rows(self, results, lang: str) -> list[tuple[str, str, str, str]]:
        """(status, status said, check said, detail said) for each result, in ``lang``."""
        return [(r.status, r.status_said(lang), r.named(lang), r.said(lang)) for r in results]

    def said(self, outcome, lang: str) -> str:
        if outcome is None:
            return ""
        key, values = outcome
        words = {k: tr(v, lang) if k in ("action", "reason") else v for k, v in values.items()}
        return tr(key, lang, **words)

    def on_pre_enter(self, *args) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self.busy:
            return
        self.busy = True
        kiosk = App.get_running_app().kiosk

        def done(result) -> None:
            self.busy = False
            if isinstance(result, Exception):
                self.outcome = ("tech.check_failed", {})
                return
            self.results, self.summary = result

        # The kiosk's own devices are read from its live state, never opened a second time.
        live = kiosk.live_status()
        _off_ui("checks", lambda: (kiosk.run_checks(live), kiosk.today_summary()), done)

    def action(self, name: str) -> None:
        app = App.get_running_app()
        app.last_activity = time.monotonic()
        if name == "restart":
            app.restart()
            return
        if name == "sync_now":
            app.kiosk.sync.worker.sync_now()
            self.outcome = ("tech.sync_started", {})
            return
        work = {"test_print": app.kiosk.print_test_page, "reload_guides": app.kiosk.load_guides}
        self.outcome = ("tech.working", {})
        action = f"tech.{name}"

        def done(result) -> None:
            if isinstance(result, Exception):
                self.outcome = ("tech.failed", {"action": action, "reason": _reason(result)})
                return
            if name == "reload_guides":
                app.guides_loaded(result)
            self.outcome = ("tech.done", {"action": action})

        _off_ui(name, work[name], done)


def _reason(exc: BaseException) -> str:
    """The i18n key of a short reason: a printer's fault by name, anything else in general."""
    fault = f"fault.{exc.fault}" if isinstance(exc, PrintFailed) else ""
    return fault if fault in _FAULTS else "tech.went_wrong"


_FAULTS = {key for key in TEXTS if key.startswith("fault.")}


def _off_ui(name: str, work, done) -> None:
    def run() -> None:
        try:
            result = work()
        except Exception as exc:  # said on the technician screen in words; the detail logged
            log.error("technician %s failed: %s: %s", name, exc.__class__.__name__, exc)
            result = exc
        Clock.schedule_once(lambda _dt: done(result), 0)

    threading.Thread(target=run, name="technician", daemon=True).start()
