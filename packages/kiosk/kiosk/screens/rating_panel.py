"""What the screen says when the exit buttons are pressed: thanks, or the next survey question;
after a "Tidak Puas", and on the survey, where to send a complaint (a QR)."""

from __future__ import annotations

from dataclasses import dataclass

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.domain.i18n import tr
from layanan_rules.ratings import ELEMENTS, PressOutcome, Score, question, score_label
from layanan_rules.survey_scales import answer_label


@dataclass(frozen=True)
class Complaint:
    """Where to send a complaint, ready to draw: its QR (a texture) and its address as typed."""

    qr: object
    address: str
    seconds: float  # how long the QR stays after a "Tidak Puas" press


class RatingPanel(ModalView):
    title = StringProperty("")
    body = StringProperty("")
    # During the survey: (the button's words, this question's answer) for each physical
    # button, in the buttons' order (4 = Sangat Puas first, as they are mounted).
    answers = ListProperty([])
    # The complaint QR: a texture, or None when none is shown; large after "Tidak Puas".
    qr = ObjectProperty(None, allownone=True)
    qr_line = StringProperty("")
    qr_address = StringProperty("")
    qr_large = BooleanProperty(False)

    def present(
        self,
        event,
        lang: str,
        thanks_s: float,
        survey_pause_s: float,
        complaint: Complaint | None = None,
    ) -> None:
        """What a counted press says: the next survey question, or thanks.

        A question stays up only as long as a press would still answer it: after the survey
        pause the next press is a new visitor's rating, so the question must be gone by then.
        Presses that do not count (the same visitor's, inside the rating window) leave what is
        shown as it is: a complaint QR stays for the visitor who pressed "Tidak Puas" twice."""
        if event.outcome is not PressOutcome.COUNTED:
            return
        self.qr = None
        if complaint is not None:
            self.qr_line = tr("rating.complaint", lang)
            self.qr_address = complaint.address
        if event.next_question:
            element = event.next_question
            answers = [
                (score_label(s, lang), answer_label(element, int(s), lang))
                for s in sorted(Score, reverse=True)
            ]
            number = ELEMENTS.index(element) + 1
            title = tr("rating.question", lang, n=number, total=len(ELEMENTS))
            self.qr_large = False
            self.qr = complaint.qr if complaint is not None else None
            self.show(title, question(element, lang), answers, survey_pause_s)
        else:
            seconds = thanks_s
            if complaint is not None and event.score is Score.TIDAK_PUAS:
                self.qr_large, self.qr = True, complaint.qr
                seconds = max(thanks_s, complaint.seconds)
            self.show(tr("rating.thanks", lang), score_label(event.score, lang), [], seconds)

    def on_touch_down(self, touch) -> bool:
        # Thanks (with or without a QR) is not a dialog: a touch anywhere puts it away. A
        # survey question keeps ModalView's own rule (a touch outside the card closes it).
        if self._window is not None and not self.answers:
            self._close()
            return True
        return super().on_touch_down(touch)

    def show(self, title: str, body: str, answers: list, seconds: float) -> None:
        self.title, self.body, self.answers = title, body, answers
        Clock.unschedule(self._close)
        Clock.schedule_once(self._close, seconds)
        if self._window is None:
            self.open(animation=False)

    def _close(self, *_args) -> None:
        self.dismiss(animation=False)
