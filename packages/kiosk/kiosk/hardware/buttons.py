"""The four rating buttons and their LEDs, through gpiozero.

Pins come from config (BCM numbers). The pin factory is injected: lgpio on a Raspberry Pi 4/5,
gpiozero's ``MockFactory`` in tests and in the demo, where the on-screen buttons and the keys
1-4 drive the same mock pins a finger would.

    >>> from gpiozero.pins.mock import MockFactory
    >>> got = []
    >>> b = RatingButtons({Score.PUAS: 5}, {}, on_press=got.append, factory=MockFactory())
    >>> b.press(Score.PUAS); got
    [<Score.PUAS: 3>]
    >>> import time; time.sleep(0.2)
    >>> b.close()
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from gpiozero import LED, Button

from layanan_rules.ratings import Score

log = logging.getLogger(__name__)

DEBOUNCE_S = 0.05  # contact bounce of arcade buttons settles well inside 50 ms


class RatingButtons:
    def __init__(
        self,
        buttons: dict[Score, int],
        leds: dict[Score, int],
        *,
        on_press: Callable[[Score], None],
        on_release: Callable[[Score], None] | None = None,
        pull_up: bool = True,
        leds_active_high: bool = True,
        factory=None,
    ) -> None:
        self.factory = factory
        self.pins = dict(buttons)
        self.buttons: dict[Score, Button] = {}
        self.leds: dict[Score, LED] = {}
        try:
            for score, pin in buttons.items():
                button = Button(pin, pull_up=pull_up, bounce_time=DEBOUNCE_S, pin_factory=factory)
                button.when_pressed = lambda _b, s=score: on_press(s)
                if on_release is not None:
                    button.when_released = lambda _b, s=score: on_release(s)
                self.buttons[score] = button
            for score, pin in leds.items():
                self.leds[score] = LED(pin, active_high=leds_active_high, pin_factory=factory)
        except Exception:
            self.close()
            raise

    def flash(self, score: Score, seconds: float = 1.5) -> None:
        """Light the pressed button's LED: the visitor sees the press was taken."""
        led = self.leds.get(score)
        if led is not None:
            led.blink(on_time=seconds, off_time=0.1, n=1, background=True)

    def press(self, score: Score, hold_s: float = 0.12) -> None:
        """Simulation only: what a finger does to a mock pin (on-screen buttons, keys 1-4).

        The release comes ``hold_s`` later, on a timer: within the debounce time gpiozero
        would ignore it, and the caller (the UI thread) must not wait for it."""
        button = self.buttons[score]
        down, up = ("drive_low", "drive_high") if button.pull_up else ("drive_high", "drive_low")
        getattr(button.pin, down)()
        timer = threading.Timer(hold_s, getattr(button.pin, up))
        timer.daemon = True
        timer.start()

    def close(self) -> None:
        # gpiozero's hold thread polls its event every 0.1 s and each close() joins one thread
        # after the other (about 0.27 s for four buttons): wake them all first, so the joins
        # below find them ended. Its own loop ends when `stopping` is set and `holding` wakes it.
        for button in self.buttons.values():
            hold = getattr(button, "_hold_thread", None)
            if hold is not None:
                hold.stopping.set()
                hold.holding.set()
        for device in [*self.buttons.values(), *self.leds.values()]:
            device.close()

    def __repr__(self) -> str:
        held = [int(s) for s, b in self.buttons.items() if b.is_pressed]
        return f"<RatingButtons pins={ {int(s): p for s, p in self.pins.items()} } held={held}>"
