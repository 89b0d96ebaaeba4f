"""The office's services as large cards; whose NIK or booking the ticket will carry, said where
the tap happens."""

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.screens.widgets import CardButton


class ServiceChoiceScreen(Screen):
    nik_last4 = StringProperty("")
    booking_code = StringProperty("")
    busy = BooleanProperty(False)
    error = StringProperty("")

    def on_kv_post(self, base_widget) -> None:
        app = App.get_running_app()
        app.bind(lang=lambda *_: self._fill(app))
        self._fill(app)

    def _fill(self, app) -> None:
        grid = self.ids.services
        grid.clear_widgets()
        for service in app.kiosk.services:
            card = CardButton(
                badge=service.prefix,
                title=service.name(app.lang),
                title_size=24,
                badge_size=52,
            )
            card.service_code = service.code
            card.bind(on_release=lambda c: self.choose(app, c.service_code))
            grid.add_widget(card)

    def on_pre_enter(self, *args) -> None:
        app = App.get_running_app()
        self.nik_last4 = app.flow.nik.last4 if app.flow.nik else ""
        self.booking_code = app.flow.booking.code if app.flow.booking else ""
        self.busy = False
        self.error = ""

    def whose(self, app, lang: str, last4: str, code: str) -> str:
        if code:
            return app.tr("service.booking_for", lang, code=code)
        return app.tr("service.for_nik", lang, last4=last4) if last4 else ""

    def choose(self, app, service_code: str) -> None:
        if self.busy:
            return
        self.busy = True
        self.error = ""
        app.take_ticket(service_code)

    def issue_failed(self) -> None:
        self.busy = False
        self.error = "service.failed"
