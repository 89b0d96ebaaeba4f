"""Render every screen of the real app, both languages, both supported sizes.

Usage: scripts/screenshots [OUT_DIR]  (this file is run by that wrapper, under a display)
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from kiosk.config import DisplayConfig, parse_config
from kiosk.domain.bookings import Booking, Timing
from kiosk.ui_env import prepare_kivy

SIZES = ((800, 480), (1280, 800))
NIK = "3171011708450001"


def main(out: Path) -> int:
    state = Path(tempfile.mkdtemp(prefix="kiosk-screens-"))
    prepare_kivy(DisplayConfig(width=800, height=480), state / "kivy")
    from kivy.core.window import Window

    from kiosk.devtools.driver import Driver, start_app

    config = parse_config(
        {
            "kiosk": {"state_dir": str(state)},
            "ticket": {"status_url": "https://antrian.example.test/t/{ticket_id}"},
        }
    )
    app = start_app(config)
    ui = Driver(app, out)
    shots = []
    for width, height in SIZES:
        Window.size = (width, height)
        ui.pump(5)
        for lang in ("id", "en"):

            def shot(name: str, lang=lang, width=width, height=height) -> None:
                shots.append(ui.screenshot(f"{width}x{height}-{lang}-{name}"))

            ui.home()
            app.lang = lang
            shot("1-home")
            app.go("nik")
            ui.wait_for(lambda: ui.settled_on("nik"))
            app.lang = lang
            nik = ui.screen
            for digit in NIK[:7]:
                nik.press(digit)
            shot("2-nik-typing")
            nik.press("clear")
            for digit in "3171013002001234":
                nik.press(digit)
            shot("3-nik-error")
            nik.press("clear")
            for digit in NIK:
                nik.press(digit)
            shot("4-nik-valid")
            nik.submit(app)
            ui.wait_for(lambda: ui.settled_on("service"))
            shot("5-service")
            ui.screen.priority = True
            shot("6-service-priority")
            app.take_ticket("paspor_baru")
            ui.wait_for(lambda: ui.settled_on("ticket") and ui.screen.print_state != "printing")
            shot("7-ticket-printed")
            ui.screen.print_state = "failed"
            shot("8-ticket-print-failed")
            app.go("guides")
            ui.wait_for(lambda: ui.settled_on("guides"))
            shot("9-guides")
            app.show_guide(app.guides[1])
            ui.wait_for(lambda: ui.settled_on("guide"))
            guide_screen = ui.screen
            guide_screen.ids.body.children[-4].dispatch("on_release")  # tick the first document
            ui.pump(3)
            shot("9b-guide")
            guide_screen.ids.scroll.scroll_y = 0
            ui.pump(3)
            shot("9c-guide-end")
            ui.home()
            app.lang = lang
            app.show_notice("scan.unrecognised")
            shot("10-home-scan-unrecognised")
            start = app.kiosk.clock.now() + timedelta(minutes=95)
            booking = Booking(
                "MP-2026-00042",
                "penggantian",
                start,
                start + timedelta(minutes=30),
                "BUDI S***",
                True,
            )
            app.root.get_screen("booking").show(booking, Timing.EARLY)
            app.go("booking")
            ui.wait_for(lambda: ui.settled_on("booking"))
            shot("11-booking-early")
            app.root.get_screen("booking").show(booking, Timing.ON_TIME)
            shot("12-booking-verified")
    app.stop()
    print(f"{len(shots)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts/screens")))
