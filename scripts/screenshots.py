"""Render every screen of the real app, both languages, both supported sizes.

Usage: scripts/screenshots [OUT_DIR]  (this file is run by that wrapper, under a display)

The screens and states are the ones the layout check in tests/ui/test_layout.py walks, so what
is looked at here is what is checked there.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kiosk.config import DisplayConfig, parse_config
from kiosk.ui_env import prepare_kivy

SIZES = ((800, 480), (1280, 800))


def main(out: Path) -> int:
    state = Path(tempfile.mkdtemp(prefix="kiosk-screens-"))
    prepare_kivy(DisplayConfig(width=800, height=480), state / "kivy")
    from kivy.core.window import Window

    from kiosk_testsupport.driver import Driver, every_screen, layout_problems, start_app

    config = parse_config(
        {
            "kiosk": {"state_dir": str(state)},
            "ticket": {"status_url": "https://antrian.example.test/t/{ticket_id}"},
        }
    )
    app = start_app(config)
    ui = Driver(app, out)
    shots, problems = [], []
    for width, height in SIZES:
        Window.size = (width, height)
        ui.pump(5)
        for lang in ("id", "en"):
            for name in every_screen(ui, lang):
                shots.append(ui.screenshot(f"{width}x{height}-{lang}-{name}"))
                problems += [f"{shots[-1].name}: {p}" for p in layout_problems(ui)]
    app.stop()
    print(f"{len(shots)} screenshots in {out}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts/screens")))
