"""The optional respondent profile after the survey: four questions, one at a time, each
answered with a tap or skipped; the step closes by itself when left alone. Only what was
answered is kept, and nothing at all when nothing was."""

from kivy.clock import Clock
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.domain.i18n import tr
from kiosk.screens.widgets import KioskButton
from layanan_rules.respondent_profile import QUESTIONS, answer_label, answers, label


class ProfilePanel(ModalView):
    step = NumericProperty(0)
    heading = StringProperty("")
    intro = StringProperty("")
    question = StringProperty("")
    choices = ListProperty([])  # (code, words) of the question shown
    skip_text = StringProperty("")
    done_text = StringProperty("")

    def ask(self, lang: str, timeout_s: float, keep) -> None:
        """Open at the first question; ``keep(answers)`` is called once when the step ends."""
        self.lang, self.timeout_s, self._keep = lang, timeout_s, keep
        self.given: dict[str, str | None] = {q: None for q in QUESTIONS}
        self._show(0)
        if self._window is None:
            self.open(animation=False)

    def relang(self, lang: str) -> None:
        """The language switched while the step is open: the same question, in ``lang``,
        what was answered kept."""
        self.lang = lang
        self._show(self.step)

    def _show(self, step: int) -> None:
        lang, q = self.lang, list(QUESTIONS)[step]
        self.step = step
        self.heading = tr("profile.title", lang)
        self.intro = tr("profile.intro", lang, n=step + 1, total=len(QUESTIONS))
        self.question = label(q, lang)
        self.choices = [(code, answer_label(q, code, lang)) for code in answers(q)]
        self.skip_text = tr("profile.skip_question", lang)
        self.done_text = tr("profile.skip_all", lang)
        Clock.unschedule(self._timeout)
        Clock.schedule_once(self._timeout, self.timeout_s)

    def on_choices(self, _panel, choices) -> None:
        grid = self.ids.choices
        grid.clear_widgets()
        for code, words in choices:
            button = KioskButton(text=words)
            button.bind(on_release=lambda _b, code=code: self.choose(code))
            grid.add_widget(button)

    def choose(self, code: str) -> None:
        self.given[list(QUESTIONS)[self.step]] = code
        self.next()

    def next(self) -> None:
        if self.step + 1 < len(QUESTIONS):
            self._show(self.step + 1)
        else:
            self.finish()

    def finish(self) -> None:
        """Keep what was answered (off the UI thread) and close."""
        Clock.unschedule(self._timeout)
        keep, self._keep = getattr(self, "_keep", None), None
        if keep is not None and any(self.given.values()):
            keep(dict(self.given))
        self.dismiss(animation=False)

    def _timeout(self, *_args) -> None:
        self.finish()  # the visitor walked away: what they did answer is kept
