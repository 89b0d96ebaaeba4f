"""One composition root, one lifecycle: building starts nothing, start() starts every thread
in one place, connect_buttons() (after the first frame) adds the rating buttons, close() stops
them all (also for a kiosk never started or whose buttons never came), and any part can be
handed in at build time."""

from __future__ import annotations

import threading

import pytest

from kiosk.bootstrap import build_kiosk
from kiosk.config import Config, KioskConfig, RatingsConfig, ScannerConfig
from kiosk.hardware.printer import SimulatedPrinter
from tests.test_ports import _renderer

NAMES = {"printer-poll", "button-poll", "live-status", "retention", "scanner", "scanner-sim"}


def _config(tmp_path) -> Config:
    return Config(
        kiosk=KioskConfig(state_dir=str(tmp_path / "state")),
        scanner=ScannerConfig(type="simulated"),
        ratings=RatingsConfig(type="simulated"),
    )


def _kiosk_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.is_alive()} & NAMES


def test_building_starts_no_thread_and_start_and_close_do_it_all(tmp_path):
    before = _kiosk_threads()
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn())
    try:
        assert _kiosk_threads() == before
        kiosk.start()
        started = _kiosk_threads() - before
        assert {"printer-poll", "button-poll", "live-status", "retention", "scanner"} <= started
        assert kiosk.buttons is None  # not before the first frame
        kiosk.connect_buttons()
        buttons = kiosk.buttons
        assert buttons is not None and kiosk.ratings.indicator == buttons.flash
        assert all(not b.closed for b in buttons.buttons.values())
        kiosk.connect_buttons()  # once: the pins are not claimed twice
        assert kiosk.buttons is buttons
    finally:
        kiosk.close()
    assert _kiosk_threads() == before
    assert all(b.closed for b in buttons.buttons.values())
    kiosk.close()  # twice is harmless


def test_a_kiosk_closed_before_its_buttons_were_built_never_builds_them(tmp_path):
    made = []
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn(),
                        {"buttons": lambda *cbs: made.append(cbs)})  # fmt: skip
    kiosk.start()
    kiosk.close()
    kiosk.connect_buttons()  # the first frame's call, arriving after the window closed
    assert made == [] and kiosk.buttons is None


def test_buttons_that_cannot_be_built_are_reported_not_raised(tmp_path):
    def no_gpio(*_callbacks):
        raise OSError("no GPIO chip")

    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn(), {"buttons": no_gpio})
    try:
        flow = kiosk.ratings
        kiosk.start()
        kiosk.connect_buttons()
        assert kiosk.buttons is None and kiosk.ratings is None
        assert flow.health.state.fault == "unavailable"
    finally:
        kiosk.close()


def test_a_kiosk_never_started_closes_cleanly(tmp_path):
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn())
    kiosk.close()
    with pytest.raises(Exception, match="closed"):
        kiosk.db.query("SELECT 1")


def test_any_part_can_be_handed_in(tmp_path):
    printer = SimulatedPrinter(_renderer(), tmp_path / "elsewhere")
    kiosk = build_kiosk(_config(tmp_path / "2"), lambda fn: fn(),
                        {"printer": printer, "scanner": lambda _cb: None})  # fmt: skip
    try:
        assert kiosk.printer is printer and kiosk.scanner is None
        assert {p.name: p.fn for p in kiosk.polls}["printer-poll"] == printer.poll
        kiosk.print_test_page()
        assert printer.last_output.parent == tmp_path / "elsewhere"
    finally:
        kiosk.close()


def test_an_unknown_part_is_refused_by_name(tmp_path):
    with pytest.raises(TypeError, match="toaster"):
        build_kiosk(_config(tmp_path), lambda fn: fn(), {"toaster": object()})
