"""``scripts/demo`` on a machine without a display starts the kiosk in Xvfb, as the README
says, instead of stopping with "No display"."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_without_a_display_runs_the_kiosk_in_xvfb(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        KIOSK_VENV=str(Path(sys.executable).parent.parent),  # this venv: nothing to install
    )
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        demo = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "demo")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: Xvfb and the kiosk are stopped with it
        )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and demo.poll() is None:
            if b"first frame drawn" in log.read_bytes():
                break
            time.sleep(0.5)
        said = log.read_text(errors="replace")
        assert demo.poll() is None, said[-2000:]
        assert "first frame drawn" in said and "No display" not in said, said[-2000:]
        assert "virtual screen (Xvfb)" in said
        assert (tmp_path / "data" / "layanan-kiosk").is_dir()  # the kiosk's own state
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=30)
