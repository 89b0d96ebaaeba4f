"""The command line: a broken config is one line and a non-zero exit, never a traceback."""

import subprocess
import sys


def kiosk(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_check_config_ok(tmp_path):
    result = kiosk("check-config")
    assert result.returncode == 0
    assert "config OK" in result.stdout


def test_broken_config_exits_2_with_one_clear_line(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_text('[printer]\ntype = "lpt"\n')
    for command in ("check-config", "run"):
        result = kiosk("--config", str(bad), command)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert lines == [
            f"kiosk: config file {bad}: printer.type = 'lpt': expected one of simulated, usb, "
            "serial, network, device"
        ]
        assert "Traceback" not in result.stdout + result.stderr


def test_unparsable_toml(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_bytes(b"\xff\xfe[office")
    result = kiosk("--config", str(bad), "run")
    assert result.returncode == 2
    assert "cannot be read" in result.stderr
    assert "Traceback" not in result.stderr


def test_version():
    result = kiosk("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("kiosk ")
