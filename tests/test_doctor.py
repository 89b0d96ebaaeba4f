"""kiosk doctor: a verdict per check, a fix for each problem, and an answer in seconds even
when the network hangs."""

from __future__ import annotations

from pathlib import Path

from kiosk.hardware.storage import storage_problem
from tests.test_cli import kiosk

MOUNTINFO = """\
22 1 179:2 / / ro,noatime shared:1 - ext4 /dev/root ro
23 22 0:21 / /tmp rw,nosuid shared:2 - tmpfs tmpfs rw
24 22 179:3 / /var/lib/kiosk rw,noatime shared:3 - ext4 /dev/mmcblk0p3 rw
25 22 0:30 / /media/ram rw shared:4 - overlay overlay rw,lowerdir=/,upperdir=/run/upper
"""


def test_storage_that_does_not_survive_a_reboot_is_named():
    assert storage_problem(Path("/var/lib/kiosk/db"), MOUNTINFO) is None
    assert "tmpfs" in storage_problem(Path("/tmp/kiosk"), MOUNTINFO)
    assert "overlay" in storage_problem(Path("/media/ram/kiosk"), MOUNTINFO)
    assert "read-only" in storage_problem(Path("/srv/kiosk"), MOUNTINFO)


def config_file(tmp_path, extra=""):
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nstate_dir = "{tmp_path / "state"}"\n{extra}')
    return str(path)


def test_a_healthy_standalone_kiosk(tmp_path):
    result = kiosk("--config", config_file(tmp_path), "doctor")
    assert result.returncode == 0, result.stdout
    for check in ("state directory", "database", "printer", "scanner", "central API", "disk"):
        assert check in result.stdout
    assert "FAIL" not in result.stdout.replace("0 FAIL", "")


def test_a_missing_printer_fails_with_what_to_do(tmp_path):
    extra = f'[printer]\ntype = "device"\ndevice = "{tmp_path / "lp0"}"\ntimeout_s = 0.5\n'
    result = kiosk("--config", config_file(tmp_path, extra), "doctor")
    assert result.returncode == 1
    assert "FAIL  printer" in result.stdout and "unplugged" in result.stdout
    assert "-> check power, cable and paper" in result.stdout
