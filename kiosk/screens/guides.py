"""The list of service guides."""

from kivy.app import App
from kivy.uix.screenmanager import Screen

from kiosk.screens.widgets import CardButton


class GuidesScreen(Screen):
    def on_kv_post(self, base_widget) -> None:
        app = App.get_running_app()
        app.bind(lang=lambda *_: self._fill(app))
        self._fill(app)

    def _fill(self, app) -> None:
        box = self.ids.list
        box.clear_widgets()
        for service in app.kiosk.services:
            card = CardButton(
                badge=service.prefix,
                title=service.name(app.lang),
                subtitle=app.tr("guides.take_for", app.lang),
                title_size=21,
                sub_size=15,
                badge_size=52,
            )
            card.bind(on_release=lambda _c: app.go("nik"))
            box.add_widget(card)
