"""The running kiosk publishes its devices' health; doctor reads it instead of opening the
devices the kiosk holds, and probes them only when no kiosk is running."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.bootstrap import build_kiosk
from kiosk.config import Config, KioskConfig, PrinterConfig, RatingsConfig, ScannerConfig
from kiosk.domain.faults import FaultLatch
from kiosk.live_status import FILENAME, LivePublisher, read_live_status
from tests.fake_printers import HEALTHY, PAPER_OUT, PtyPrinter
from tests.test_cli import kiosk as kiosk_command
from tests.test_cli import world_readable_dir


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


open_dir = pytest.fixture(world_readable_dir, name="open_dir")


@pytest.fixture
def far_end():
    printer = PtyPrinter(replies=PAPER_OUT)
    yield printer
    printer.close()


def _config_file(tmp_path, far_end) -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[kiosk]\nstate_dir = "{tmp_path / "state"}"\n'
        f'[printer]\ntype = "device"\ndevice = "{far_end.path}"\ntimeout_s = 0.5\n'
        "poll_s = 600\n"  # one poll at start, then none while the test runs
        '[scanner]\ntype = "none"\n[ratings]\ntype = "none"\n'
    )
    return str(path)


def _config(tmp_path, far_end) -> Config:
    return Config(
        kiosk=KioskConfig(state_dir=str(tmp_path / "state")),
        printer=PrinterConfig(type="device", device=far_end.path, timeout_s=0.5, poll_s=600),
        scanner=ScannerConfig(type="none"),
        ratings=RatingsConfig(type="none"),
    )


def _printer_fault(state_dir):
    live = read_live_status(state_dir)
    return live and live.devices["printer"]["fault"]


def test_doctor_reads_the_running_kiosks_printer_instead_of_opening_it(tmp_path, far_end):
    running = build_kiosk(_config(tmp_path, far_end), lambda fn: fn())
    try:
        wait_for(lambda: _printer_fault(tmp_path / "state") == "paper_out")
        # Paper loaded since the kiosk's last poll: a doctor that opened the printer itself
        # would now say OK; one that reads the kiosk reports what the kiosk knows.
        far_end.replies = dict(HEALTHY)
        config = _config_file(tmp_path, far_end)
        result = kiosk_command("--config", config, "doctor")
        status = kiosk_command("--config", config, "printer-status")
        printed_before = far_end.printed
        test_page = kiosk_command("--config", config, "print-test")
    finally:
        running.close()
    # The printer tools over SSH leave the kiosk's printer alone too.
    assert "held by the running kiosk" in status.stdout
    assert "FAIL  [live] paper_out" in status.stdout and status.returncode == 1
    assert test_page.returncode == 1 and "holds the printer" in test_page.stderr
    assert far_end.printed == printed_before
    out = result.stdout
    assert f"kiosk running (pid {os.getpid()})" in out
    assert "FAIL  printer" in out and "[live] paper_out for" in out
    assert "[probe]" not in out
    assert result.returncode == 1


def test_with_no_kiosk_running_doctor_probes_and_says_so(tmp_path, far_end):
    running = build_kiosk(_config(tmp_path, far_end), lambda fn: fn())
    wait_for(lambda: _printer_fault(tmp_path / "state") == "paper_out")
    running.close()  # a clean stop withdraws the status: the printer is free again
    assert not (tmp_path / "state" / FILENAME).exists()
    far_end.replies = dict(HEALTHY)
    result = kiosk_command("--config", _config_file(tmp_path, far_end), "doctor")
    assert "no kiosk running: devices probed directly" in result.stdout
    assert "OK    printer" in result.stdout and "[probe]" in result.stdout


def test_a_status_left_by_a_dead_kiosk_is_ignored(tmp_path):
    dead = _a_dead_pid()
    (tmp_path / FILENAME).write_text(
        json.dumps({"pid": dead, "boot_id": _boot(), "written_at": time.time(), "devices": {}})
    )
    assert read_live_status(tmp_path) is None
    (tmp_path / FILENAME).write_text(
        json.dumps({"pid": os.getpid(), "boot_id": "an-earlier-boot", "written_at": 0,
                    "devices": {}})
    )  # fmt: skip
    assert read_live_status(tmp_path) is None
    (tmp_path / FILENAME).write_text('{"pid": ')  # never half a file, but if so: not running
    assert read_live_status(tmp_path) is None


def test_the_status_is_rewritten_on_a_change_and_replaced_whole(tmp_path):
    import logging

    printer = FaultLatch("printer", logging.getLogger("test"))
    now = [1000.0]
    publisher = LivePublisher(tmp_path, {"printer": printer}, clock=lambda: now[0])
    assert publisher.publish()
    assert not publisher.publish()  # nothing new: the SD card is spared
    printer.report("cover_open")
    assert publisher.publish()
    live = read_live_status(tmp_path, clock=lambda: now[0] + 5)
    assert live.devices["printer"]["fault"] == "cover_open" and live.age_s == 5
    now[0] += 31
    assert publisher.publish()  # due again: its age shows the kiosk is alive
    assert [p.name for p in tmp_path.iterdir()] == [FILENAME]  # no temporary file left
    publisher.withdraw()
    assert read_live_status(tmp_path) is None


def test_a_frozen_kiosk_is_a_failure_not_a_probe(tmp_path, far_end):
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / FILENAME).write_text(
        json.dumps({"pid": os.getpid(), "boot_id": _boot(), "written_at": time.time() - 600,
                    "devices": {"printer": {"fault": None, "for_s": 700}}})
    )  # fmt: skip
    result = kiosk_command("--config", _config_file(tmp_path, far_end), "doctor")
    assert "its status is 10 min old (frozen?)" in result.stdout
    assert "[live] no fault for 11 min" in result.stdout
    assert result.returncode == 1


def _boot() -> str:
    from kiosk.live_status import _boot_id

    return _boot_id()


def _a_dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_an_active_service_without_a_status_here_keeps_its_devices(tmp_path):
    from kiosk.doctor import describe_source, live_device
    from kiosk.live_status import find_running

    assert find_running(tmp_path, service_active=lambda: False) is None
    live = find_running(tmp_path, service_active=lambda: True)
    assert live is not None and "kiosk.service is active" in live.problem
    assert "devices left alone, not probed" in describe_source(live)
    row = live_device(Config(), "printer", live)
    assert row.status == "WARN" and row.shown.startswith("[live] not probed: kiosk.service")


def test_a_status_this_user_cannot_read_means_hands_off(open_dir, far_end):
    """The service's state folder is 0700: a technician who is not the kiosk's user must not
    take "cannot read the status" for "no kiosk running" and open its devices."""
    from tests.test_cli import _as_unprivileged

    prefix = _as_unprivileged(open_dir)
    if not prefix:
        pytest.skip("needs root to make a status file this user cannot read")
    state = open_dir / "state"
    state.mkdir()
    (state / FILENAME).write_text(json.dumps({"pid": os.getpid(), "devices": {}}))
    state.chmod(0o700)  # root's, like the kiosk user's /var/lib/kiosk to anyone else
    config = open_dir / "kiosk.toml"
    config.write_text(Path(_config_file(open_dir, far_end)).read_text())
    config.chmod(0o644)
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "kiosk", "--config", str(config), "doctor"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "a kiosk may be running" in result.stdout and "Permission denied" in result.stdout
    assert "[probe]" not in result.stdout
    assert "WARN  printer" in result.stdout
