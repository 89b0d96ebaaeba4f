"""The technician's screens: a PIN keypad, then the kiosk's health and a few actions."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.screens.widgets import KeypadKey


class PinScreen(Screen):
    digits = StringProperty("")
    message = StringProperty("")

    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "del")

    def on_kv_post(self, base_widget) -> None:
        for key in self.KEYS:
            button = KeypadKey(key=key)
            button.bind(on_release=lambda b: self.press(b.key))
            self.ids.keypad.add_widget(button)

    def on_pre_enter(self, *args) -> None:
        self.digits = ""
        self.message = ""

    def press(self, key: str) -> None:
        if key == "del":
            self.digits = self.digits[:-1]
        elif key == "clear":
            self.digits = ""
        elif len(self.digits) < 8:
            self.digits += key

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
