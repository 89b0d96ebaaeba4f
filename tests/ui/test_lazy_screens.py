"""Issue 17: only the home screen is built before the first frame; every other screen is built
the first time it is named, by any way in (``current``, ``get_screen``), with its KV rules."""

from __future__ import annotations

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
