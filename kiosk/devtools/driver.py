"""Drive the real KioskApp in a real window: build it as ``App.run()`` does, pump frames,
tap widgets with synthetic touches and take screenshots.

Kivy must have been prepared (``kiosk.ui_env.prepare_kivy``) before this module is imported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Config


def start_app(config: Config):
    """The KioskApp built and on screen, ready for ``Driver.pump``."""
    from kivy.clock import Clock

    from kiosk.app import KioskApp, install_exception_guard, post_to_ui
    from kiosk.bootstrap import build_kiosk
    from kiosk.ui_env import configure_input

    configure_input(config.display)
    app = KioskApp(build_kiosk(config, post_to_ui))
    install_exception_guard(app)
    app._run_prepare()  # what App.run() does before its loop
    Clock._max_fps = 0  # a pumped frame never sleeps
    return app


class Driver:
    """What a visitor does, and what a tester needs to watch it happen."""

    def __init__(self, app, shots: Path) -> None:
        from kivy.base import EventLoop
        from kivy.core.window import Window

        self.app = app
        self.window = Window
        self.event_loop = EventLoop
        self.shots = shots
        self.shots.mkdir(parents=True, exist_ok=True)

    def pump(self, frames: int = 3) -> None:
        for _ in range(frames):
            self.event_loop.idle()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("condition not reached in time")
            self.pump(1)
            time.sleep(0.005)
        self.pump(2)

    def tap(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch

        assert widget.get_root_window() is not None, "widget is not on screen"
        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        self.pump(1)
        touch.touch_up()
        self.pump(4)

    @property
    def screen(self):
        return self.app.root.current_screen

    def find(self, predicate, root=None):
        for widget in (root or self.screen).walk():
            if predicate(widget):
                return widget
        raise LookupError("no such widget on screen")

    def card(self, title: str):
        return self.find(lambda w: getattr(w, "title", None) == title)

    def answer_priority(self, priority: bool = False) -> None:
        """The question every new ticket asks first: tap Yes or No."""
        self.wait_for(lambda: self.settled_on("priority"))
        self.tap(self.screen.ids.yes if priority else self.screen.ids.no)

    def texts(self) -> str:
        return "\n".join(str(w.text) for w in self.screen.walk() if hasattr(w, "text"))

    def screenshot(self, name: str) -> Path:
        self.pump(2)
        self.window.dispatch("on_draw")
        # Kivy appends a counter to the name: find the file it wrote.
        written = Path(self.window.screenshot(str(self.shots / f"{name}.png")))
        target = self.shots / f"{name}.png"
        written.replace(target)
        return target

    def settled_on(self, name: str) -> bool:
        return self.screen.name == name and not self.app.root.transition.is_active

    def home(self) -> None:
        self.app.go_home()
        self.wait_for(lambda: self.settled_on("home"))
