"""Kivy's process-wide settings, applied before Kivy is first imported.

Kivy reads its environment and config at import time, so this must run first; it is a function
(not an import side effect) so the CLI and the tests choose when.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.config import DisplayConfig


def prepare_kivy(display: DisplayConfig, kivy_home: Path) -> None:
    kivy_home.mkdir(parents=True, exist_ok=True)
    env = {
        "KIVY_NO_ARGS": "1",  # the kiosk has its own command line
        "KIVY_NO_CONFIG": "1",  # never read or write ~/.kivy/config.ini
        "KIVY_NO_FILELOG": "1",
        # Kivy's log records go to Python's root logger: our redacting handler, one line each.
        "KIVY_LOG_MODE": "PYTHON",
        "KIVY_HOME": str(kivy_home),
        # Without this a failing SDL2 window falls back to X11, which calls exit(102) silently.
        "KIVY_WINDOW": "sdl2",
        "KCFG_GRAPHICS_WIDTH": str(display.width),
        "KCFG_GRAPHICS_HEIGHT": str(display.height),
        "KCFG_GRAPHICS_FULLSCREEN": "auto" if display.fullscreen else "0",
        "KCFG_GRAPHICS_BORDERLESS": "1" if display.fullscreen else "0",
        "KCFG_GRAPHICS_RESIZABLE": "0",
        "KCFG_GRAPHICS_ROTATION": str(display.rotation),
        "KCFG_GRAPHICS_SHOW_CURSOR": "1" if display.show_cursor else "0",
        # A visitor's finger on the screen arrives as SDL mouse events; one provider means
        # one touch is one event, and right-click never draws Kivy's multitouch red dots.
        "KCFG_INPUT_MOUSE": "mouse,disable_multitouch",
        "KCFG_KIVY_EXIT_ON_ESCAPE": "0",
    }
    for key, value in env.items():
        os.environ.setdefault(key, value)


def configure_input(display: DisplayConfig) -> None:
    """After Kivy is imported, before the app runs: exactly one input provider.

    Kivy's defaults add ``probesysfs`` on Linux, which reads a touchscreen through hidinput
    while SDL also reports it as the mouse: every touch would arrive twice.
    """
    from kivy.config import Config

    Config.remove_option("input", "%(name)s")
    if display.touch_calibration:
        if not Config.has_section("postproc:calibration"):
            Config.add_section("postproc:calibration")
        Config.set("postproc:calibration", "mouse", display.touch_calibration)
