"""The visitor's number, large, with what happens next and what became of the paper ticket."""

from kivy.app import App
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from layanan_rules.formatting import format_time


class TicketScreen(Screen):
    ticket = ObjectProperty(None, allownone=True)
    number = StringProperty("")
    service_code = StringProperty("")
    lane = StringProperty("regular")
    print_state = StringProperty("printing")  # printing | printed | failed
    seconds_left = NumericProperty(0)

    def show(self, ticket) -> None:
        self.ticket = ticket
        self.number = ticket.number
        self.service_code = ticket.service.code
        self.lane = str(ticket.lane)
        self.print_state = "printing"

    def service_line(self, lang: str, ticket) -> str:
        if ticket is None:
            return ""
        app = App.get_running_app()
        lane = app.tr(f"ticket.lane.{ticket.lane}", lang)
        return f"{ticket.service.name(lang)}\n{lane}  ·  {format_time(ticket.issued_at, lang)}"

    def next_steps(self, lang: str, ticket) -> str:
        """Where to wait, how the number is called, and how long, when the kiosk knows."""
        if ticket is None:
            return ""
        app = App.get_running_app()
        place = ticket.service.wait_at or app.kiosk.config.kiosk.wait_at
        lines = [app.tr("ticket.wait_at", lang, place=place)] if place else []
        lines.append(app.tr("ticket.called", lang))
        ahead = ""
        if ticket.people_ahead is not None:
            ahead = app.tr("ticket.people_ahead", lang, n=ticket.people_ahead)
        if ticket.estimated_wait_minutes is not None:
            wait = app.tr("ticket.wait", lang, m=ticket.estimated_wait_minutes)
            ahead = f"{ahead}, {wait}" if ahead else wait[:1].upper() + wait[1:]
        if ahead:
            lines.append(ahead + ".")
        return "\n".join(lines)

    def status_key(self) -> str:
        return {
            "printing": "ticket.printing",
            "printed": "ticket.printed",
            "failed": "ticket.print_failed",
        }[self.print_state]
