"""The real KioskApp in a real SDL2 window (Xvfb in CI), driven by synthetic touches.

One Kivy window per process: the app is built once per session, the way ``App.run()`` builds
it, and each test starts from the home screen. Frames are pumped with ``EventLoop.idle()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Config, parse_config


def ui_config(state_dir: Path) -> Config:
    return parse_config(
        {
            "kiosk": {
                "state_dir": str(state_dir),
                "idle_timeout_s": 30,
                "ticket_timeout_s": 10,
                "data_timeout_s": 15,
                "idle_warning_s": 8,
            },
            "display": {"width": 800, "height": 480},
            "printer": {"type": "simulated", "profile": "TM-T20II", "paper_mm": 80},
            "ticket": {"status_url": "https://antrian.example.test/t/{ticket_id}"},
        }
    )


@pytest.fixture(scope="session")
def running_app(tmp_path_factory) -> Iterator:
    from kiosk.devtools.driver import start_app

    app = start_app(ui_config(tmp_path_factory.mktemp("kiosk-state")))
    yield app
    app.stop()


@pytest.fixture
def ui(running_app, artifacts) -> Iterator:
    from kiosk.devtools.driver import Driver

    driver = Driver(running_app, artifacts / "screenshots")
    driver.home()
    yield driver
    driver.home()
