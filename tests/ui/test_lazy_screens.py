"""Issue 17: only the home screen is built before the first frame; every other screen is built
the first time it is named, by any way in (``current``, ``get_screen``), with its KV rules.
The rating buttons (gpiozero) come after the first frame too."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.ui


def test_a_screen_is_built_on_first_use_by_any_way_in(ui):
    from kivy.uix.screenmanager import NoTransition

    from kiosk.screens.loader import SCREENS, LazyScreens

    manager = LazyScreens(transition=NoTransition())
    manager.get_screen("home")
    assert manager.screen_names == ["home"]
    assert manager.built("nik") is None
    manager.current = "service"  # as app.go does
    assert manager.current_screen.name == "service"
    assert manager.get_screen("pin").ids  # its KV rules applied: the keypad is there
    assert manager.built("nik") is None  # only what was asked for
    for name in SCREENS:
        assert manager.get_screen(name).name == name
    assert sorted(manager.screen_names) == sorted(SCREENS)
    ui.pump(1)


def test_the_running_app_builds_the_rest_after_the_first_frame(ui):
    from kiosk.screens.loader import SCREENS

    app = ui.app
    assert app.first_frame_at is not None
    ui.wait_for(lambda: all(app.root.built(name) is not None for name in SCREENS))


def test_the_first_frame_imports_no_gpiozero_and_the_next_frames_connect_the_buttons(tmp_path):
    """The real app, built and pumped in a fresh interpreter until its first frame is on the
    glass: gpiozero is not loaded then (its import was the largest cost left at start), and
    the simulated buttons work a few frames later."""
    code = f"""
import sys
from pathlib import Path
from kiosk.config import DisplayConfig, parse_config
from kiosk.ui_env import prepare_kivy
prepare_kivy(DisplayConfig(width=800, height=480), Path({str(tmp_path / "kivy")!r}))
from kiosk_testsupport.driver import start_app
from kivy.base import EventLoop
app = start_app(parse_config({{"kiosk": {{"state_dir": {str(tmp_path)!r}}}}}))
while app.first_frame_at is None:
    EventLoop.idle()
at_first_frame = "gpiozero" in sys.modules or app.kiosk.buttons is not None
for _ in range(5):
    EventLoop.idle()
print(at_first_frame, "gpiozero" in sys.modules, type(app.kiosk.buttons).__name__)
app.stop()
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "True", "RatingButtons"]
