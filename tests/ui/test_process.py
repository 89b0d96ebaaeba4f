"""The kiosk as a process: it starts to a first frame and stops cleanly on SIGTERM (what
`systemctl stop` sends), although it refuses every window-close a visitor can cause."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys

import pytest

pytestmark = pytest.mark.ui


def test_sigterm_stops_the_kiosk(tmp_path):
    # Also systemd's side of it: READY=1 at the first frame, the watchdog fed, STOPPING=1.
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    notify.settimeout(10)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nstate_dir = "{tmp_path}"\n[display]\nwidth = 800\nheight = 480\n')
    env = {**os.environ, "NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "1500000"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        for line in proc.stdout:
            if "first frame drawn" in line:
                break
        else:
            pytest.fail(f"kiosk ended before its first frame: rc={proc.wait()}")
        assert notify.recv(256) == b"READY=1\nSTATUS=first frame drawn"
        assert notify.recv(256) == b"WATCHDOG=1"
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=20)[0]
        messages = []
        notify.settimeout(0.5)
        with contextlib.suppress(TimeoutError):
            while True:
                messages.append(notify.recv(256))
    finally:
        proc.kill()
        notify.close()
    assert b"STOPPING=1" in messages
    assert proc.returncode == 0
    assert "signal SIGTERM: stopping" in rest
    assert "Traceback" not in rest


def test_one_touch_is_one_event(ui):
    """SDL alone reads the screen: Kivy's default probesysfs would read a touchscreen a
    second time through hidinput, and every touch would arrive twice."""
    from kivy.base import EventLoop
    from kivy.config import Config

    assert [key for key, _ in Config.items("input")] == ["mouse"]
    names = [type(p).__name__ for p in EventLoop.input_providers]
    assert not [n for n in names if "HIDInput" in n or "ProbeSysfs" in n or "MTD" in n], names
