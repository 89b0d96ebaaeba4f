""" "Masih di sini?": the warning before an idle screen goes home (WCAG 2.2.1), with a countdown
and one large button to stay."""

from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.modalview import ModalView


class IdleWarning(ModalView):
    seconds = NumericProperty(0)
    holds_data = BooleanProperty(False)  # then the text says the NIK or booking will be erased

    def show(self, seconds: int, holds_data: bool) -> None:
        self.seconds, self.holds_data = seconds, holds_data
        if self._window is None:
            self.open(animation=False)

    def close(self) -> None:
        if self._window is not None:
            self.dismiss(animation=False)

    @property
    def is_open(self) -> bool:
        return self._window is not None
