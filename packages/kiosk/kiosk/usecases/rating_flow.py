"""From a button press to a counted rating, without any UI or GPIO code.

Called on gpiozero's callback threads (hence the lock); the screen learns what happened
through ``listener``, which the app turns into a post to the UI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.domain.central_bodies import rating_body
from kiosk.domain.faults import FaultLatch
from kiosk.domain.ids import new_id
from kiosk.domain.outbox import OutboxEntry
from layanan_rules.ratings import (
    ELEMENTS,
    OVERALL,
    Press,
    PressOutcome,
    Rating,
    RatingCounter,
    Score,
)

# The ports are interfaces, for the type checker: a cold start does not load them.
if TYPE_CHECKING:
    from kiosk.domain.ports import Clock, RatingStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RatingEvent:
    score: Score
    element: str  # what the press answered (or would have)
    outcome: PressOutcome
    next_question: str | None  # the survey element to show next, None when done or off


class RatingFlow:
    def __init__(
        self,
        store: RatingStore,
        clock: Clock,
        kiosk_id: str,
        *,
        window_s: float = 5.0,
        stuck_after_s: float = 30.0,
        survey: bool = False,
        survey_gap_s: float = 1.0,
        survey_timeout_s: float = 20.0,
        send_to_central: bool = False,
        indicator: Callable[[Score], None] | None = None,
        now_serving: Callable[[], str] = lambda: "",
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.clock = clock
        self.kiosk_id = kiosk_id
        self.counter = RatingCounter(window_s, stuck_after_s)
        self.survey = survey
        self.survey_gap_s = survey_gap_s
        self.survey_timeout_s = survey_timeout_s
        self.send_to_central = send_to_central
        self.indicator = indicator
        self.now_serving = now_serving  # the central's last called ticket, if it tells
        self.monotonic = monotonic
        self.listener: Callable[[RatingEvent], None] | None = None
        self.health = FaultLatch("rating buttons", log)
        self._lock = threading.Lock()
        self._questions: list[str] = []  # the survey's elements still to answer
        self._survey_id = ""
        self._last_answer = 0.0

    @property
    def current_question(self) -> str | None:
        return self._questions[0] if self._questions else None

    def abandon_survey(self) -> None:
        """Forget the questions still open: the next press is a new visitor's first answer."""
        self._questions = []

    def pressed(self, score: Score) -> PressOutcome:
        with self._lock:
            now = self.monotonic()
            outcome, element = self._decide(score, now)
            wall = self.clock.now()
            synced = self.clock.is_synced()
            rating = None
            if outcome is PressOutcome.COUNTED:
                rating = Rating(new_id(), int(score), element, wall, synced,
                                self._survey_id if element != OVERALL else "",
                                self.now_serving())  # fmt: skip
                if self.survey and element == OVERALL:
                    self._start_survey(now)
                elif element != OVERALL:
                    self._questions.pop(0)
                    self._last_answer = now
                    if not self._questions:
                        self.counter.start_window(now)  # the next visitor's window
            outbox = self._outbox(rating) if rating and self.send_to_central else None
            self.store.record(
                Press(int(score), wall, synced, str(outcome), element), rating, outbox
            )
            event = RatingEvent(score, element, outcome, self.current_question)
        if outcome is PressOutcome.COUNTED and self.indicator is not None:
            self.indicator(score)
        log.info("rating press %s: %s (%s)", int(score), outcome, element)
        if self.listener is not None:
            self.listener(event)
        return outcome

    def released(self, score: Score) -> None:
        with self._lock:
            if self.counter.release(score, self.monotonic()):
                self._report_stuck()

    def check_stuck(self) -> list[Score]:
        """Poll every second or so: a button held past the limit is flagged and ignored."""
        with self._lock:
            found = self.counter.check_stuck(self.monotonic())
            if found:
                self._report_stuck()
            return found

    def _report_stuck(self) -> None:
        stuck = sorted(int(s) for s in self.counter.stuck)
        self.health.report("stuck" if stuck else None, f"button(s) {stuck} held down")

    def _decide(self, score: Score, now: float) -> tuple[PressOutcome, str]:
        if self._questions and now - self._last_answer > self.survey_timeout_s:
            # A pause that long mid-survey means the visitor left: this press is the next
            # visitor's exit rating, never their answer to the last visitor's question. The
            # survey stays incomplete (its elements are missing; reports show "-").
            log.info("survey abandoned after %d answers", len(ELEMENTS) - len(self._questions))
            self.abandon_survey()
        if not self._questions:
            return self.counter.press(score, now), OVERALL
        element = self._questions[0]
        self.counter.down(score, now)  # stuck detection covers survey answers too
        if score in self.counter.stuck:
            return PressOutcome.STUCK, element
        if now - self._last_answer < self.survey_gap_s:
            return PressOutcome.IN_WINDOW, element
        return PressOutcome.COUNTED, element

    def _start_survey(self, now: float) -> None:
        self._questions = list(ELEMENTS)
        self._survey_id = new_id()
        self._last_answer = now

    def _outbox(self, rating: Rating) -> Callable[[int], list[OutboxEntry]]:
        def entries(press_seq: int) -> list[OutboxEntry]:
            body = rating_body(rating, self.kiosk_id, press_seq)
            return [OutboxEntry("rating", rating.id, body)]

        return entries
