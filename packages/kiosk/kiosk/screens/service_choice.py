"""The office's services as large cards; whose NIK or booking the ticket will carry, said where
the tap happens."""

from functools import partial

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk.domain.closures import ServiceClosed, card_message, service_message
from kiosk.screens.theme import COLORS
from kiosk.screens.widgets import CardButton
from layanan_rules.opening import Refusal, ServiceRules
from layanan_rules.services import Lane


class QuotaLink(BoxLayout):
    """Where to book instead, as a QR, in the grid's free place."""

    texture = ObjectProperty(None, allownone=True)


class ServiceChoiceScreen(Screen):
    nik_last4 = StringProperty("")
    booking_code = StringProperty("")
    busy = BooleanProperty(False)
    error = StringProperty("")  # a text key
    refused = StringProperty("")  # why the hours refused the number, in words
    quota_qr = ObjectProperty(None, allownone=True)  # the booking link, when a quota is reached

    def on_kv_post(self, base_widget) -> None:
        app = App.get_running_app()
        app.bind(lang=lambda *_: self._fill(app))
        self._timer = None
        self._fill(app)

    def _fill(self, app, *_args) -> None:
        """A card per service; one that issues no number now stays, greyed, saying why and
        what to do. Refilled at the next minute that can change it."""
        opening = app.kiosk.opening
        opening.listen(self._central_answered)
        now = opening.clock.now()
        lane = Lane.APPOINTMENT if app.flow.booking is not None else Lane.REGULAR
        grid = self.ids.services
        grid.clear_widgets()
        quota_url = ""
        for service in app.kiosk.services:
            found = opening.service(service.code, lane, now)
            rules = opening.rules.get(service.code, ServiceRules())
            why = card_message(found, rules, app.lang)
            # The walk-in quota full, the priority lane not: the card stays open (the
            # priority question comes after it) and says the walk-in places are gone.
            closed = bool(why) and not (
                found.refusal is Refusal.QUOTA_REACHED
                and lane is Lane.REGULAR
                and opening.service(service.code, Lane.PRIORITY, now).issuing
            )
            left = found.remaining
            subtitle = why or (app.tr("hours.remaining", app.lang, n=left) if left else "")
            card = CardButton(
                badge=service.prefix,
                title=service.name(app.lang),
                subtitle=subtitle,
                # Three lines (a long name, and why or how many are left) fit at 800x480.
                title_size=21 if subtitle else 24,
                sub_size=20,
                sub_lines=1,
                badge_size=52,
            )
            if why:
                card.sub_fg = COLORS["danger"]
            if closed:
                card.bg, card.fg = COLORS["background"], COLORS["muted"]
            if found.refusal is Refusal.QUOTA_REACHED:
                quota_url = app.kiosk.config.hours.quota_url
            card.service_code, card.closed, card.found = service.code, closed, found
            card.bind(on_release=lambda c: self.choose(app, c))
            grid.add_widget(card)
        self.quota_qr = None
        if quota_url:
            link = QuotaLink()
            grid.add_widget(link)
            app.qr_textures.get(quota_url, partial(self._quota_qr_ready, link))
        if self._timer is not None:
            self._timer.cancel()
        wait = (opening.next_change(now) - now).total_seconds()
        self._timer = Clock.schedule_once(lambda _dt: self._fill(app), max(0.05, wait + 0.05))

    def _quota_qr_ready(self, link: QuotaLink, _url: str, texture) -> None:
        link.texture = self.quota_qr = texture

    def _central_answered(self) -> None:
        Clock.schedule_once(lambda _dt: self._fill(App.get_running_app()), 0)

    def on_pre_enter(self, *args) -> None:
        app = App.get_running_app()
        self.nik_last4 = app.flow.nik.last4 if app.flow.nik else ""
        self.booking_code = app.flow.booking.code if app.flow.booking else ""
        self.busy = False
        self.error = self.refused = ""
        self._fill(app)

    def whose(self, app, lang: str, last4: str, code: str) -> str:
        if code:
            return app.tr("service.booking_for", lang, code=code)
        return app.tr("service.for_nik", lang, last4=last4) if last4 else ""

    def choose(self, app, card) -> None:
        if card.closed:  # say the whole reason and what to do, where the title is
            self._refused(app, card.service_code, card.found)
            return
        service_code = card.service_code
        if self.busy:
            return
        self.busy = True
        self.error = ""
        app.take_ticket(service_code)

    def issue_failed(self, exc: BaseException | None = None) -> None:
        """Refused by the hours (cut-off or quota reached meanwhile): say why; else a fault."""
        self.busy = False
        self.error, self.refused = "service.failed", ""
        if isinstance(exc, ServiceClosed):
            self._refused(App.get_running_app(), exc.service_code, exc.availability)
            self._fill(App.get_running_app())

    def _refused(self, app, service_code: str, found) -> None:
        opening, now = app.kiosk.opening, app.kiosk.opening.clock.now()
        rules = opening.rules.get(service_code, ServiceRules())
        tz = app.kiosk.config.office.timezone_label
        why = service_message(found, rules, now, app.lang, tz)
        self.error, self.refused = "", why or app.tr("hours.service_closed", app.lang)
