"""A scanned booking: what the kiosk knows of it, and the one thing to do next."""

from kivy.app import App
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk.domain.bookings import Booking, Timing
from layanan_rules.formatting import format_time


class BookingRow(BoxLayout):
    """One "label: value" line; a Python class because KV dynamic classes cannot take their
    own properties as constructor arguments."""

    label = StringProperty("")
    value = StringProperty("")


class BookingScreen(Screen):
    booking = ObjectProperty(None, allownone=True)
    timing = StringProperty(Timing.UNKNOWN)

    def on_kv_post(self, base_widget) -> None:
        App.get_running_app().bind(lang=lambda *_: self._fill())

    def show(self, booking: Booking, timing: Timing) -> None:
        self.booking = booking
        self.timing = timing
        self._fill()

    def _fill(self) -> None:
        box = self.ids.rows
        box.clear_widgets()
        for label, value in self.rows(App.get_running_app(), self.booking):
            box.add_widget(BookingRow(label=label, value=value))

    def can_take(self, timing: str) -> bool:
        return timing in (Timing.ON_TIME, Timing.UNKNOWN)

    def rows(self, app, booking: Booking | None) -> list[tuple[str, str]]:
        if booking is None:
            return []
        lang = app.lang
        if booking.service_code:
            service = app.kiosk.services.get(booking.service_code).name(lang)
        else:
            service = app.tr("booking.service_unknown", lang)
        rows = [(app.tr("booking.code", lang), booking.code)]
        rows.append((app.tr("booking.service", lang), service))
        if booking.slot_start is not None:
            end = f"–{format_time(booking.slot_end, lang)}" if booking.slot_end else ""
            start = f"{booking.slot_start:%d-%m-%Y} {format_time(booking.slot_start, lang)}"
            rows.append((app.tr("booking.slot", lang), start + end))
        if booking.holder_masked:
            rows.append((app.tr("booking.holder", lang), booking.holder_masked))
        return rows

    def message(self, app, booking: Booking | None, timing: str) -> str:
        if booking is None:
            return ""
        lang = app.lang
        start = format_time(booking.slot_start, lang) if booking.slot_start else ""
        if timing in (Timing.EARLY, Timing.LATE):
            return app.tr(f"booking.{timing}", lang, start=start)
        verified = "booking.verified" if booking.verified else "booking.unverified"
        return app.tr("booking.on_time", lang) + " " + app.tr(verified, lang)

    def take(self, app) -> None:
        if self.booking is None:
            return
        if self.booking.service_code:
            app.take_ticket(self.booking.service_code)
        else:
            app.go("service")

    def walk_in(self, app) -> None:
        app.flow.as_walk_in()
        app.go("service")
