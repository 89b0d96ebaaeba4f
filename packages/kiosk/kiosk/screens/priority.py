"""The priority question, asked on every path to a new ticket: two large answers, nothing to
find or toggle ("layanan ramah" for the elderly, disabled, pregnant and parents of toddlers)."""

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen


class PriorityScreen(Screen):
    service_code = StringProperty("")

    def ask(self, service_code: str) -> None:
        # Through "": the next visitor asking for the same service is a change too, and the
        # rules that read whose ticket it is (the NIK's last four) run again for them.
        self.service_code = ""
        self.service_code = service_code

    def service_name(self, app, lang: str, code: str) -> str:
        return app.kiosk.services.get(code).name(lang) if code else ""

    def whose(self, app, lang: str) -> str:
        """Whose ticket this will be, where the tap happens: the NIK's last four digits."""
        nik = app.flow.nik
        return app.tr("service.for_nik", lang, last4=nik.last4) if nik else ""

    def answer(self, priority: bool) -> None:
        App.get_running_app().issue_ticket(self.service_code, priority)
