"""The technician's screens: a PIN keypad, then the kiosk's health and a few actions."""

from __future__ import annotations

import logging
import threading
import time

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

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
        _off_ui(lambda: gate.try_pin(digits), lambda outcome: self._checked(app, gate, outcome))

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
    so a visitor's ticket never waits behind a diagnosis."""

    rows = ListProperty([])  # (status, check, detail)
    summary = StringProperty("")
    busy = BooleanProperty(False)
    action_result = StringProperty("")

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
                self.action_result = _failure(result)
                return
            checks, summary = result
            self.rows = [(r.status, r.check, r.shown) for r in checks]
            self.summary = summary

        # The kiosk's own devices are read from its live state, never opened a second time.
        live = kiosk.live_status()
        _off_ui(lambda: (kiosk.run_checks(live), kiosk.today_summary()), done)

    def action(self, name: str) -> None:
        app = App.get_running_app()
        app.last_activity = time.monotonic()
        if name == "restart":
            app.restart()
            return
        if name == "sync_now":
            app.kiosk.sync.worker.sync_now()
            self.action_result = app.tr("tech.sync_started", app.lang)
            return
        work = {"test_print": app.kiosk.print_test_page, "reload_guides": app.kiosk.load_guides}
        self.action_result = "..."

        def done(result) -> None:
            if isinstance(result, Exception):
                self.action_result = f"{name}: {_failure(result)}"
                return
            if name == "reload_guides":
                app.guides_loaded(result)
            self.action_result = f"{name}: OK"

        _off_ui(work[name], done)


def _failure(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"


def _off_ui(work, done) -> None:
    def run() -> None:
        try:
            result = work()
        except Exception as exc:  # shown on the technician screen, and logged
            log.exception("technician task failed")
            result = exc
        Clock.schedule_once(lambda _dt: done(result), 0)

    threading.Thread(target=run, name="technician", daemon=True).start()
