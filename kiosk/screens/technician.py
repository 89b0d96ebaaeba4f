"""The technician's screens: a PIN keypad, then the kiosk's health and a few actions."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.screens.widgets import fill_keypad, typed


class PinScreen(Screen):
    digits = StringProperty("")
    message = StringProperty("")

    def on_kv_post(self, base_widget) -> None:
        fill_keypad(self.ids.keypad, self.press)

    def on_pre_enter(self, *args) -> None:
        self.digits = ""
        self.message = ""

    def press(self, key: str) -> None:
        self.digits = typed(self.digits, key, 8)

    def submit(self, app) -> None:
        outcome = app.pin_gate.try_pin(self.digits)
        self.digits = ""
        if outcome == "ok":
            app.go("technician")
            return
        locked = app.pin_gate.locked_for()
        self.message = (
            app.tr("tech.locked", app.lang, m=max(1, round(locked / 60)))
            if locked
            else app.tr("tech.wrong", app.lang)
        )


class TechnicianScreen(Screen):
    rows = ListProperty([])  # (status, check, detail)
    summary = StringProperty("")
    busy = BooleanProperty(False)
    action_result = StringProperty("")

    def on_pre_enter(self, *args) -> None:
        App.get_running_app().refresh_technician()
