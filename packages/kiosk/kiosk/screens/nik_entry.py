"""The on-screen keypad for a NIK: grouped as typed, checked as typed."""

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.domain.i18n import tr
from kiosk.screens.widgets import fill_keypad, typed
from layanan_rules.nik import NIK_LENGTH, InvalidNik, check_prefix, group, parse_nik


class NikEntryScreen(Screen):
    digits = StringProperty("")
    message_key = StringProperty("nik.subtitle")
    message_kind = StringProperty("info")
    valid = BooleanProperty(False)

    def on_kv_post(self, base_widget) -> None:
        fill_keypad(self.ids.keypad, self.press)

    def on_pre_enter(self, *args) -> None:
        self.clear()

    def press(self, key: str) -> None:
        self.digits = typed(self.digits, key, NIK_LENGTH)
        self._check()

    def clear(self) -> None:
        self.digits = ""
        self._check()

    def _check(self) -> None:
        self.valid = False
        reason = check_prefix(self.digits)
        if reason is None and len(self.digits) == NIK_LENGTH:
            try:
                parse_nik(self.digits)
            except InvalidNik as exc:
                reason = exc.reason
            else:
                self.valid = True
        if reason:
            self.message_key, self.message_kind = f"nik.error.{reason}", "error"
        elif self.valid:
            self.message_key, self.message_kind = "nik.ok", "ok"
        else:
            self.message_key, self.message_kind = "nik.digits_left", "info"

    def message(self, lang: str, key: str, digits: str) -> str:
        """The line under the NIK; the KV rule passes every property it depends on."""
        if key == "nik.digits_left":
            return tr(key, lang, n=NIK_LENGTH - len(digits))
        return tr(key, lang)

    def shown(self, digits: str) -> str:
        """What the display box says: the digits grouped 4-4-4-4, blanks for the rest."""
        padded = digits + "_" * (NIK_LENGTH - len(digits))
        return group(padded)

    def submit(self, app) -> None:
        if not self.valid:
            return
        app.flow.nik = parse_nik(self.digits)
        # The full number leaves the screen now; later screens only show the mask.
        self.digits = ""
        if app.flow.preselected_service:
            app.take_ticket(app.flow.preselected_service)
        else:
            app.go("service")
