"""What the screen says when the exit buttons are pressed: thanks, or the next survey question."""

from kivy.clock import Clock
from kivy.properties import ListProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.domain.i18n import tr
from layanan_rules.ratings import ELEMENTS, PressOutcome, Score, question, score_label
from layanan_rules.survey_scales import answer_label


class RatingPanel(ModalView):
    title = StringProperty("")
    body = StringProperty("")
    # During the survey: (the button's words, this question's answer) for each physical
    # button, in the buttons' order (4 = Sangat Puas first, as they are mounted).
    answers = ListProperty([])

    def present(self, event, lang: str, thanks_s: float, survey_pause_s: float) -> None:
        """What a counted press says: the next survey question, or thanks.

        A question stays up only as long as a press would still answer it: after the survey
        pause the next press is a new visitor's rating, so the question must be gone by then."""
        if event.outcome is not PressOutcome.COUNTED:
            return
        if event.next_question:
            element = event.next_question
            answers = [
                (score_label(s, lang), answer_label(element, int(s), lang))
                for s in sorted(Score, reverse=True)
            ]
            number = ELEMENTS.index(element) + 1
            title = tr("rating.question", lang, n=number, total=len(ELEMENTS))
            self.show(title, question(element, lang), answers, survey_pause_s)
        else:
            self.show(tr("rating.thanks", lang), score_label(event.score, lang), [], thanks_s)

    def show(self, title: str, body: str, answers: list, seconds: float) -> None:
        self.title, self.body, self.answers = title, body, answers
        Clock.unschedule(self._close)
        Clock.schedule_once(self._close, seconds)
        if self._window is None:
            self.open(animation=False)

    def _close(self, *_args) -> None:
        self.dismiss(animation=False)
