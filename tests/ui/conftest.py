"""The real KioskApp in a real SDL2 window (Xvfb in CI), driven by synthetic touches.

One Kivy window per process: the app is built once per session, the way ``App.run()`` builds
it, and each test starts from the home screen. Frames are pumped with ``EventLoop.idle()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.config import Config, parse_config


def ui_config(state_dir: Path) -> Config:
    return parse_config(
        {
            "kiosk": {"state_dir": str(state_dir), "idle_timeout_s": 30, "ticket_timeout_s": 10},
            "display": {"width": 800, "height": 480},
            "printer": {"type": "simulated", "profile": "TM-T20II", "paper_mm": 80},
            "ticket": {"status_url": "https://antrian.example.test/t/{ticket_id}"},
        }
    )


class Driver:
    """What a visitor does, and what a tester needs to watch it happen."""

    def __init__(self, app, artifacts: Path) -> None:
        from kivy.base import EventLoop
        from kivy.core.window import Window

        self.app = app
        self.window = Window
        self.event_loop = EventLoop
        self.shots = artifacts / "screenshots"
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

    def button_with_text(self, text: str):
        return self.find(lambda w: getattr(w, "text", None) == text and hasattr(w, "state"))

    def card(self, title: str):
        return self.find(lambda w: getattr(w, "title", None) == title)

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


@pytest.fixture(scope="session")
def running_app(tmp_path_factory) -> Iterator:
    from kivy.clock import Clock

    from kiosk.app import KioskApp, install_exception_guard, post_to_ui
    from kiosk.bootstrap import build_kiosk

    state = tmp_path_factory.mktemp("kiosk-state")
    kiosk = build_kiosk(ui_config(state), post_to_ui)
    app = KioskApp(kiosk)
    install_exception_guard(app)
    app._run_prepare()  # what App.run() does before its loop
    Clock._max_fps = 0  # a pumped frame never sleeps
    yield app
    app.stop()


@pytest.fixture
def ui(running_app, artifacts) -> Iterator[Driver]:
    driver = Driver(running_app, artifacts)
    driver.home()
    yield driver
    driver.home()
