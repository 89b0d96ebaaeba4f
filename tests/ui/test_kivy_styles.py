"""Kivy's style sheet, the rules of the Kivy widgets the kiosk shows only (kiosk.ui_env): every
widget on any screen or panel keeps its rules, Kivy's F1 settings panel stays shut, and the
trimmed sheet follows the Kivy installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.ui_env import KIVY_STYLED, STYLE, kivy_data, styled_classes, trim_style


def _kivy_style() -> Path:
    import importlib.util

    return Path(importlib.util.find_spec("kivy").origin).parent / "data" / STYLE


@pytest.mark.ui
def test_every_kivy_widget_on_any_screen_keeps_its_style_rules(ui):
    import kivy
    from kivy.core.window import Window

    from kiosk_testsupport.driver import every_screen

    assert Path(kivy.kivy_data_dir, STYLE).read_text().count("\n<") < 10  # the trimmed sheet
    ruled = styled_classes(_kivy_style().read_text(encoding="utf-8"))
    shown: dict[str, str] = {}
    for state in every_screen(ui, "id"):
        for top in Window.children:  # the screens, and any panel open over them
            for widget in top.walk():
                for cls in type(widget).__mro__:
                    if cls.__module__.startswith("kivy.") and cls.__name__ in ruled:
                        shown.setdefault(cls.__name__, state)
    missing = {name: state for name, state in shown.items() if name not in KIVY_STYLED}
    assert missing == {}, "add these to kiosk.ui_env.KIVY_STYLED (first seen on these screens)"
    assert {"Label", "RelativeLayout", "ScrollView", "ModalView"} <= set(shown)


@pytest.mark.ui
def test_f1_does_not_open_kivys_settings_panel(ui):
    from kivy.core.window import Window

    before = list(Window.children)
    Window.dispatch("on_keyboard", 282, 0, "", [])  # F1
    ui.pump(3)
    assert Window.children == before
    assert ui.app.root.current == "home"


def test_the_trimmed_sheet_has_the_chosen_rules_and_links_the_rest(tmp_path):
    data = kivy_data(tmp_path)
    assert data == tmp_path / "data"
    text = (data / STYLE).read_text(encoding="utf-8")
    assert styled_classes(text) == set(KIVY_STYLED) | {"AsyncImage"}  # Image's rule names both
    assert text.splitlines()[1] == "#:kivy 1.0"
    kivy_dir = _kivy_style().parent
    for entry in os.listdir(kivy_dir):
        if entry != STYLE:
            assert (data / entry).resolve() == (kivy_dir / entry).resolve()


def test_the_sheet_is_made_again_when_kivy_changes_and_not_otherwise(tmp_path):
    data = kivy_data(tmp_path)
    sheet = data / STYLE
    made = sheet.stat().st_mtime_ns
    assert kivy_data(tmp_path) == data and sheet.stat().st_mtime_ns == made
    sheet.write_text("# from another Kivy\n<Label>:\n", encoding="utf-8")
    (data / "glsl").unlink()
    (data / "glsl").symlink_to(tmp_path)  # a link into a Kivy since replaced
    kivy_data(tmp_path)
    assert sheet.read_text(encoding="utf-8") != "# from another Kivy\n<Label>:\n"
    assert (data / "glsl").resolve() == (_kivy_style().parent / "glsl").resolve()


def test_kivys_own_folder_when_the_trimmed_one_cannot_be_made(tmp_path):
    (tmp_path / "data").write_text("a file where the folder would go")
    assert kivy_data(tmp_path) is None


def test_trimming_keeps_directives_and_drops_templates_and_new_classes():
    text = (
        "#:kivy 1.0\n<Label>:\n    a: 1\n# a comment\n<Slider>:\n    b: 2\n"
        "[Entry@Label]:\n    c: 3\n<Fancy@Label>:\n    d: 4\n#:import k kivy\n<-ScrollView>:\n"
        "    e: 5\n"
    )
    assert trim_style(text) == (
        "#:kivy 1.0\n<Label>:\n    a: 1\n# a comment\n#:import k kivy\n<-ScrollView>:\n    e: 5\n"
    )
