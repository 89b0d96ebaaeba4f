"""Kivy's process-wide settings, applied before Kivy is first imported.

Kivy reads its environment and config at import time, so this must run first; it is a function
(not an import side effect) so the CLI and the tests choose when.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

from kiosk.config import DisplayConfig

log = logging.getLogger(__name__)

# Kivy parses its whole style sheet (kivy/data/style.kv: 80 rules for file choosers, settings
# panels, video players, ...) when it is imported, 35 ms here, and matches every widget it builds
# against all of them. The kiosk shows few of Kivy's own widgets and loads their rules only, from
# a data folder in its Kivy home whose other entries link to Kivy's. A widget of Kivy's with
# rules of its own, new on a screen, goes here (tests/ui/test_kivy_styles.py checks).
KIVY_STYLED = (
    "Label", "Image", "RelativeLayout", "StencilView", "ScrollView", "ModalView", "ScreenManager",
)  # fmt: skip
STYLE = "style.kv"


def prepare_kivy(display: DisplayConfig, kivy_home: Path) -> None:
    kivy_home.mkdir(parents=True, exist_ok=True)
    data = None if "KIVY_DATA_DIR" in os.environ else kivy_data(kivy_home)
    if data is not None:
        os.environ["KIVY_DATA_DIR"] = str(data)
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


def kivy_data(kivy_home: Path) -> Path | None:
    """Kivy's data folder with a style sheet of the rules for ``KIVY_STYLED`` only; None (Kivy's
    own folder, all rules) if it cannot be made. Rewritten when Kivy's style sheet changes."""
    spec = importlib.util.find_spec("kivy")  # finds it without importing it: not yet
    if spec is None or spec.origin is None:
        return None
    source = Path(spec.origin).parent / "data"
    target = kivy_home / "data"
    try:
        full = source / STYLE
        st = full.stat()
        stamp = f"# {','.join(KIVY_STYLED)} of {full} {st.st_size} {st.st_mtime_ns}\n"
        trimmed = target / STYLE
        if _first_line(trimmed) != stamp:
            target.mkdir(parents=True, exist_ok=True)
            tmp = trimmed.with_suffix(".tmp")
            tmp.write_text(stamp + trim_style(full.read_text(encoding="utf-8")), encoding="utf-8")
            os.replace(tmp, trimmed)
        for entry in os.listdir(source):
            link, real = target / entry, source / entry
            if entry != STYLE and not (link.is_symlink() and os.readlink(link) == str(real)):
                link.unlink(missing_ok=True)  # a link into a Kivy since replaced
                link.symlink_to(real)
    except OSError as exc:
        log.warning("Kivy's whole style sheet, as %s cannot be made: %s", target, exc)
        return None
    return target


def _first_line(path: Path) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.readline()
    except OSError:
        return ""


def trim_style(text: str, keep: tuple[str, ...] = KIVY_STYLED) -> str:
    """The directives of a KV style sheet and the rules that style a class in ``keep``.

    >>> trim_style("#:kivy 1.0\\n<Label>:\\n    a: 1\\n<-Button,Slider>:\\n    b: 2\\n")
    '#:kivy 1.0\\n<Label>:\\n    a: 1\\n'
    """
    out: list[str] = []
    taking = False
    for line in text.splitlines(keepends=True):
        if line.startswith("#:"):
            out.append(line)
            continue
        if line[:1] in ("<", "["):  # a rule, or a template (a class of its own: never kept)
            taking = line[0] == "<" and any(name in keep for name in _styles(line))
        elif line[:1] not in (" ", "\t", "\n", "#", ""):
            taking = False
        if taking:
            out.append(line)
    return "".join(out)


def styled_classes(text: str) -> set[str]:
    """The classes a KV style sheet has rules for (templates and new classes left out)."""
    return {name for line in text.splitlines() if line[:1] == "<" for name in _styles(line)}


def _styles(header: str) -> list[str]:
    # "<-Button,-ToggleButton>:" styles both; "<Fancy@Label>:" makes a class of its own.
    names = header[1:].split(">")[0].split(",")
    return [name.strip().lstrip("-") for name in names if "@" not in name]


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
