"""The kiosk as a process: it starts to a first frame and stops cleanly on SIGTERM (what
`systemctl stop` sends), although it refuses every window-close a visitor can cause."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

pytestmark = pytest.mark.ui


def test_sigterm_stops_the_kiosk(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nstate_dir = "{tmp_path}"\n[display]\nwidth = 800\nheight = 480\n')
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in proc.stdout:
            if "first frame drawn" in line:
                break
        else:
            pytest.fail(f"kiosk ended before its first frame: rc={proc.wait()}")
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=20)[0]
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert "signal SIGTERM: stopping" in rest
    assert "Traceback" not in rest
