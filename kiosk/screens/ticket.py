"""The visitor's number, large, with what became of the paper ticket."""

from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen


class TicketScreen(Screen):
    ticket = ObjectProperty(None, allownone=True)
    number = StringProperty("")
    service_code = StringProperty("")
    lane = StringProperty("regular")
    time_text = StringProperty("")
    print_state = StringProperty("printing")  # printing | printed | failed
    seconds_left = NumericProperty(0)

    def show(self, ticket) -> None:
        self.ticket = ticket
        self.number = ticket.number
        self.service_code = ticket.service.code
        self.lane = str(ticket.lane)
        self.time_text = f"{ticket.issued_at:%H:%M}"
        self.print_state = "printing"

    def service_name(self, lang: str) -> str:
        return self.ticket.service.name(lang) if self.ticket else ""

    def status_key(self) -> str:
        return {
            "printing": "ticket.printing",
            "printed": "ticket.printed",
            "failed": "ticket.print_failed",
        }[self.print_state]
