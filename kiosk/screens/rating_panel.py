"""What the screen says when the exit buttons are pressed: thanks, or the next survey question."""

from kivy.clock import Clock
from kivy.properties import ListProperty, StringProperty
from kivy.uix.modalview import ModalView


class RatingPanel(ModalView):
    title = StringProperty("")
    body = StringProperty("")
    legend = ListProperty([])  # the four buttons' labels, during the survey

    def show(self, title: str, body: str, legend: list[str], seconds: float) -> None:
        self.title, self.body, self.legend = title, body, legend
        Clock.unschedule(self._close)
        Clock.schedule_once(self._close, seconds)
        if self._window is None:
            self.open(animation=False)

    def _close(self, *_args) -> None:
        self.dismiss(animation=False)
