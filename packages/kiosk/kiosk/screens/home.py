"""The first screen; outside opening hours it says so and when the office opens next, and
offers no way to a ticket (the guides stay readable)."""

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.domain.closures import office_message


class HomeScreen(Screen):
    closed = StringProperty("")  # the headline when the office is closed; "" when open
    opens = StringProperty("")  # when it opens next

    def on_kv_post(self, base_widget) -> None:
        App.get_running_app().bind(lang=lambda *_: self.refresh())
        self._timer = None
        Clock.schedule_once(lambda _dt: self.refresh(), 0)

    def on_pre_enter(self, *args) -> None:
        self.refresh()

    def refresh(self, *_args) -> None:
        """Show the office's state now, and wake at the next minute it can change (opening,
        a break, a cut-off, midnight): one timer, never a poll every second."""
        app = App.get_running_app()
        opening, tz = app.kiosk.opening, app.kiosk.config.office.timezone_label
        # A new answer from the central arrives on its thread: redraw on the UI's.
        opening.listen(self._central_answered)
        now = opening.clock.now()
        self.closed, self.opens = office_message(opening.office(now), now, app.lang, tz)
        if self._timer is not None:
            self._timer.cancel()
        wait = (opening.next_change(now) - now).total_seconds()
        self._timer = Clock.schedule_once(self.refresh, max(0.05, wait + 0.05))

    def _central_answered(self) -> None:
        Clock.schedule_once(self.refresh, 0)
