"""The office's services as large cards, and the priority lane."""

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.domain.services import Lane
from kiosk.screens.theme import COLORS
from kiosk.screens.widgets import CardButton


class ServiceChoiceScreen(Screen):
    priority = BooleanProperty(False)
    nik_masked = StringProperty("")
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
            other = "id" if app.lang == "en" else "en"
            card = CardButton(
                badge=service.prefix,
                title=service.name(app.lang),
                subtitle=service.name(other),
                title_size=22,
                sub_size=15,
                badge_size=52,
            )
            card.service_code = service.code
            card.bind(on_release=lambda c: self.choose(app, c.service_code))
            grid.add_widget(card)
        # The priority lane sits in the grid beside the services: one more large target.
        self.priority_card = CardButton(badge="P", title_size=20, sub_size=14, badge_size=52)
        self.priority_card.bind(on_release=lambda _c: self.toggle_priority())
        grid.add_widget(self.priority_card)
        self._show_priority(app)

    def toggle_priority(self) -> None:
        self.priority = not self.priority

    def _show_priority(self, app) -> None:
        card = self.priority_card
        key = "service.priority_on" if self.priority else "service.priority_off"
        card.title = app.tr(key, app.lang)
        card.subtitle = app.tr("service.priority_hint", app.lang)
        card.bg = COLORS["accent"] if self.priority else COLORS["card"]

    def on_pre_enter(self, *args) -> None:
        app = App.get_running_app()
        self.priority = app.flow.lane == Lane.PRIORITY
        self.nik_masked = app.flow.nik.masked if app.flow.nik else ""
        self.booking_code = app.flow.booking.code if app.flow.booking else ""
        # A booking is already in its own lane; the priority choice does not apply.
        self.priority_card.disabled = bool(self.booking_code)
        self.busy = False
        self.error = ""

    def on_priority(self, _, value: bool) -> None:
        app = App.get_running_app()
        if app.flow.booking is not None:
            return
        app.flow.lane = Lane.PRIORITY if value else Lane.REGULAR
        self._show_priority(app)

    def choose(self, app, service_code: str) -> None:
        if self.busy:
            return
        self.busy = True
        self.error = ""
        app.take_ticket(service_code)

    def issue_failed(self) -> None:
        self.busy = False
        self.error = "service.failed"
