"""One composition root, one lifecycle: building starts nothing and reads no guide, start() (the
app calls it once its first frame is drawn) starts every thread in one place and reads the
guides on the worker, connect_buttons() (a frame later) adds the rating buttons, close() stops
them all (also for a kiosk never started or whose buttons never came), and any part can be
handed in at build time. Nothing a visitor does before start() is lost: a ticket taken then
prints, a code scanned then is read."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime

import pytest

from kiosk.bootstrap import build_kiosk
from kiosk.config import Config, KioskConfig, RatingsConfig, ScannerConfig
from kiosk.hardware.printer import SimulatedPrinter
from layanan_rules.nik import parse_nik
from tests.conftest import WIB, FixedClock, Recorder
from tests.test_ports import _renderer

NAMES = {"printer-poll", "button-poll", "live-status", "retention", "scanner", "scanner-sim"}
OPEN = datetime(2026, 11, 30, 9, 15, tzinfo=WIB)  # a Monday morning: the office is open


def _config(tmp_path) -> Config:
    return Config(
        kiosk=KioskConfig(state_dir=str(tmp_path / "state")),
        scanner=ScannerConfig(type="simulated"),
        ratings=RatingsConfig(type="simulated"),
    )


def _kiosk_threads() -> set[threading.Thread]:
    # Threads, not names: another kiosk in this process (the UI tests' app) has the same names.
    return {t for t in threading.enumerate() if t.is_alive() and t.name in NAMES}


def _drain(kiosk) -> None:
    """Wait until the worker has done everything submitted so far."""
    kiosk.background.submit(lambda: None).result(5)


def test_building_starts_no_thread_and_start_and_close_do_it_all(tmp_path):
    before = _kiosk_threads()
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn())
    try:
        assert _kiosk_threads() == before
        kiosk.start()
        started = {t.name for t in _kiosk_threads() - before}
        assert {"printer-poll", "button-poll", "live-status", "retention", "scanner"} <= started
        assert kiosk.buttons is None  # not before the first frame
        kiosk.connect_buttons()
        buttons = kiosk.buttons
        assert buttons is not None and kiosk.ratings.indicator == buttons.flash
        assert all(not b.closed for b in buttons.buttons.values())
        kiosk.connect_buttons()  # once: the pins are not claimed twice
        assert kiosk.buttons is buttons
        kiosk.start()  # twice starts nothing twice
    finally:
        kiosk.close()
    assert _kiosk_threads() == before
    assert all(b.closed for b in buttons.buttons.values())
    kiosk.close()  # twice is harmless


def test_the_guides_are_read_by_start_on_the_worker_not_by_building(tmp_path):
    heard = []
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn())
    try:
        assert kiosk.guides.guides == []  # the home screen shows none: nothing read yet
        kiosk.guides_listener = heard.append
        kiosk.start()
        _drain(kiosk)
        assert len(kiosk.guides.guides) == 7 and kiosk.guides.source == "bundled"
        assert heard == [kiosk.guides]
    finally:
        kiosk.close()


def test_a_read_that_arrives_after_a_newer_load_is_dropped(tmp_path):
    """The first read, queued by start(), must not replace guides loaded since (a bundle the
    central delivered, or the technician's reload)."""
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn())
    try:
        gate = threading.Event()
        kiosk.background.submit(gate.wait, 5)  # the worker busy: start()'s read waits
        heard = []
        kiosk.guides_listener = heard.append
        kiosk.start()
        newer = kiosk.load_guides()
        gate.set()
        _drain(kiosk)
        assert kiosk.guides is newer and heard == []
    finally:
        kiosk.close()


def test_a_ticket_taken_before_start_prints(tmp_path):
    """A tap on a service between the first frame and start(): the desk, the store and the
    printer work without the polls."""
    before = _kiosk_threads()
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn(), {"clock": FixedClock(OPEN)})
    try:
        kiosk.flow.nik = parse_nik("3171011708450001")
        recorder = Recorder()
        assert kiosk.flow.take_ticket("paspor_baru", recorder.callbacks())
        assert recorder.done.wait(5)
        assert recorder.events == [("issued", "A-001"), ("printed", "A-001")]
        assert kiosk.printer.last_output is not None and kiosk.printer.last_output.exists()
        assert _kiosk_threads() == before  # no poll ran: it printed without them
    finally:
        kiosk.close()


def test_a_code_scanned_before_start_is_read_once_started(tmp_path):
    """The scanner's port is opened when it is built and read from start() on: pyserial empties
    a port's buffer as it opens it, so a scan before the open would be gone."""
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn())
    got = threading.Event()
    seen = []
    kiosk.scan_listener = lambda payload: (seen.append(payload), got.set())
    try:
        kiosk.scanner.scan(b"MP-2026-00042\r\n")
        assert not got.wait(0.3) and seen == []  # nobody reads yet
        kiosk.start()
        assert got.wait(5)
        assert seen == [b"MP-2026-00042"]
    finally:
        kiosk.close()


def test_a_kiosk_closed_before_its_first_frame_never_starts(tmp_path):
    before = _kiosk_threads()
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn())
    kiosk.close()
    kiosk.start()  # the first frame's call, arriving after the window closed
    kiosk.connect_buttons()
    assert _kiosk_threads() == before and kiosk.buttons is None


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


@pytest.mark.ui
def test_the_app_starts_its_threads_and_reads_its_guides_right_after_the_first_frame(tmp_path):
    """The real app in a fresh interpreter: when its first frame is on the glass no poll,
    reader or guide read has run yet; a NIK scanned in that moment is not lost; a few frames
    later the threads run, the guides are on the app and the scan has led to the services."""
    code = f"""
import threading
from pathlib import Path
from kiosk.config import DisplayConfig, parse_config
from kiosk.ui_env import prepare_kivy
prepare_kivy(DisplayConfig(width=800, height=480), Path({str(tmp_path / "kivy")!r}))
from kiosk_testsupport.driver import start_app
from kivy.base import EventLoop
from kivy.core.window import Window
config = parse_config({{"kiosk": {{"state_dir": {str(tmp_path)!r}}},
                        "booking": {{"accept_nik_qr": True}}}})
app = start_app(config, first_frame=False)
names = {sorted(NAMES)!r}
seen = {{}}

def flipped(*_args):  # bound after the app's own handler: Kivy calls it first
    Window.funbind("on_flip", flipped)
    seen["frame"] = app.first_frame_at is None and app.root.current == "home"
    seen["threads"] = ",".join(sorted(t.name for t in threading.enumerate() if t.name in names))
    seen["guides"] = len(app.guides)
    app.kiosk.scanner.scan(b"3171011708450001\\r\\n")

Window.fbind("on_flip", flipped)
while app.first_frame_at is None:
    EventLoop.idle()
print(seen["frame"], seen["threads"] or "-", seen["guides"])
for _ in range(400):
    EventLoop.idle()
    if app.root.current == "service" and app.guides:
        break
threads = sorted(t.name for t in threading.enumerate() if t.name in names)
print(app.root.current, ",".join(threads), len(app.guides))
app.stop()
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    at_first_frame, after = out.stdout.splitlines()[-2:]
    assert at_first_frame.split() == ["True", "-", "0"]
    screen, threads, guides = after.split()
    assert screen == "service" and guides == "7"
    assert set(threads.split(",")) == NAMES


def test_the_logo_is_prepared_for_the_paper_after_the_first_frame_not_while_building(tmp_path):
    kiosk = build_kiosk(_config(tmp_path), lambda fn: fn())
    try:
        renderer = kiosk.printer.renderer
        assert kiosk.logo_path is not None and "logo" not in vars(renderer)
        kiosk.warm_up()  # the app's first frame calls it
        _drain(kiosk)
        assert vars(renderer)["logo"].mode == "1"  # black and white, for the paper
    finally:
        kiosk.close()
