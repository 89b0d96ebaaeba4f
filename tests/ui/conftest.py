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


class PrinterRelay:
    """The session's printer: hands every job to ``target``, the simulated printer the config
    describes, until a test points it at another (a scripted or a slow one) and back. One app
    per process means the printer cannot be chosen per test at build time."""

    def __init__(self, target) -> None:
        self.target = target
        self.configured = target

    def __getattr__(self, name: str):
        return getattr(self.target, name)

    def print_ticket(self, ticket) -> None:
        self.target.print_ticket(ticket)

    def print_page(self, blocks) -> None:
        self.target.print_page(blocks)

    def print_bytes(self, data: bytes) -> None:
        self.target.print_bytes(data)

    def status(self):
        return self.target.status()

    def poll(self):
        # The kiosk's periodic poll keeps watching the configured printer: a test's printer
        # sees only the jobs the test gives it, so it can count them.
        return self.configured.poll()


@pytest.fixture(scope="session")
def running_app(tmp_path_factory) -> Iterator:
    from kiosk.parts import build_printer, logo_path, prepare_state_dir
    from kiosk_testsupport.driver import start_app

    config = ui_config(tmp_path_factory.mktemp("kiosk-state"))
    printer = build_printer(config, prepare_state_dir(config), logo_path(config))
    app = start_app(config, {"printer": PrinterRelay(printer)})
    yield app
    app.stop()


@pytest.fixture
def ui(running_app, artifacts) -> Iterator:
    from kiosk_testsupport.driver import Driver

    driver = Driver(running_app, artifacts / "screenshots")
    driver.home()
    yield driver
    driver.home()


@pytest.fixture
def rating_flow(ui) -> Iterator:
    """The app's rating flow as a new visitor finds it: no press window, held button or
    survey from an earlier test. A test may swap ``flow.monotonic`` or switch the survey on;
    afterwards the flow has its clock, its settings and the counter it had, so nothing from a
    test's clock (a window that ends 10 minutes from now) reaches the next test."""
    from layanan_rules.ratings import RatingCounter

    flow = ui.app.kiosk.ratings
    saved = flow.counter, flow.monotonic, flow.survey
    flow.counter = RatingCounter(saved[0].window_s, saved[0].stuck_after_s)
    try:
        yield flow
    finally:
        # An on-screen exit button holds its mock pin down for 0.12 s (buttons.press): a pin
        # still down when the next test presses it takes no press (no edge), and that test
        # waited for a panel that never came (one run in three, on a fast machine).
        buttons = ui.app.kiosk.buttons
        if buttons is not None:
            ui.wait_for(lambda: not any(b.is_pressed for b in buttons.buttons.values()))
        flow.abandon_survey()
        flow.counter, flow.monotonic, flow.survey = saved
        ui.app.rating_panel.dismiss(animation=False)
        ui.app.profile_panel.dismiss(animation=False)
        ui.pump(3)


COMPLAINT_URL = "https://antrean.example.go.id/pengaduan/?kantor=bks"


def _from_the_heartbeat(app, value) -> None:
    # On another thread, as the heartbeat's reply comes.
    import threading

    worker = threading.Thread(target=app.kiosk.complaints.heard, args=(value,))
    worker.start()
    worker.join()


@pytest.fixture
def complaint_url(ui) -> Iterator[str]:
    """The central names a complaint page (issue 30) until the test ends: the app has drawn
    its QR."""
    app = ui.app
    _from_the_heartbeat(app, COMPLAINT_URL)
    ui.wait_for(lambda: app.complaint_url == COMPLAINT_URL and app.complaint_qr is not None)
    yield COMPLAINT_URL
    _from_the_heartbeat(app, None)
    ui.wait_for(lambda: app.complaint_url == "" and app.complaint_qr is None)
