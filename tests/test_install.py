"""scripts/install.sh against a staging root, and the service unit against systemd's tools."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ROOT / "scripts" / "install.sh"
UNIT = ROOT / "systemd" / "kiosk.service"
SCRIPTS = ["scripts/install.sh", "scripts/_setup.sh", "scripts/demo", "scripts/test",
           "scripts/bench", "scripts/screenshots", ".ci/run"]  # fmt: skip


def install(stage: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(INSTALL), "--root", str(stage), "--skip-venv", *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def snapshot(stage: Path) -> dict[str, tuple[int, int, bytes]]:
    files = {}
    for path in sorted(stage.rglob("*")):
        if path.is_file():
            info = path.stat()
            files[str(path.relative_to(stage))] = (
                info.st_mtime_ns,
                info.st_mode,
                path.read_bytes(),
            )
    return files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(
    not shutil.which("shellcheck"), reason="shellcheck is installed by scripts/test"
)
def test_shell_scripts_pass_shellcheck():
    result = subprocess.run(
        ["shellcheck", "-x", *SCRIPTS], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_install_into_a_staging_root_then_again_changes_nothing(tmp_path):
    first = install(tmp_path)
    assert first.returncode == 0, first.stderr
    etc = tmp_path / "etc" / "kiosk"
    assert mode(etc / "kiosk.toml") == 0o644 and mode(etc / "central-token") == 0o600
    assert (tmp_path / "etc/systemd/system/kiosk.service").read_text() == UNIT.read_text()
    rules = (tmp_path / "etc/udev/rules.d/60-layanan-kiosk.rules").read_text()
    assert 'SYMLINK+="kiosk-scanner"' in rules and 'SYMLINK+="kiosk-printer"' in rules
    assert (tmp_path / "opt/layanan-kiosk/app/kiosk/app.py").is_file()
    assert not (tmp_path / "opt/layanan-kiosk/app/.git").exists()
    check = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(etc / "kiosk.toml"), "check-config"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr

    before = snapshot(tmp_path)
    second = install(tmp_path)
    assert second.returncode == 0
    assert second.stdout.strip() == "==> nothing to change: the kiosk is installed and up to date"
    assert snapshot(tmp_path) == before


def test_console_blanking_is_turned_off_once(tmp_path):
    cmdline = tmp_path / "boot/firmware/cmdline.txt"
    cmdline.parent.mkdir(parents=True)
    cmdline.write_text("console=tty1 root=PARTUUID=1234-02 rootwait\n")
    install(tmp_path)
    install(tmp_path)
    assert cmdline.read_text() == "console=tty1 root=PARTUUID=1234-02 rootwait consoleblank=0\n"


def test_upgrade_keeps_config_and_token_and_replaces_the_app(tmp_path):
    install(tmp_path)
    config = tmp_path / "etc/kiosk/kiosk.toml"
    config.write_text(config.read_text().replace("Bengkulu Selatan", "Kaur"))
    token = tmp_path / "token"
    token.write_text("tok-123\n")
    assert install(tmp_path, "--token-file", str(token)).returncode == 0
    (tmp_path / "opt/layanan-kiosk/app/kiosk/app.py").unlink()  # an older app, say
    upgrade = install(tmp_path)
    assert "installed the application" in upgrade.stdout
    assert (tmp_path / "opt/layanan-kiosk/app/kiosk/app.py").is_file()
    assert "Kaur" in config.read_text()
    assert (tmp_path / "etc/kiosk/central-token").read_text() == "tok-123\n"
    assert mode(tmp_path / "etc/kiosk/central-token") == 0o600


def test_uninstall_keeps_data_and_config_unless_purged(tmp_path):
    install(tmp_path)
    (tmp_path / "var/lib/kiosk").mkdir(parents=True)
    (tmp_path / "var/lib/kiosk/kiosk.sqlite3").write_bytes(b"data")
    assert install(tmp_path, "--uninstall").returncode == 0
    assert not (tmp_path / "opt/layanan-kiosk").exists()
    assert not (tmp_path / "etc/systemd/system/kiosk.service").exists()
    assert (tmp_path / "etc/kiosk/kiosk.toml").exists()
    assert (tmp_path / "var/lib/kiosk/kiosk.sqlite3").exists()
    assert install(tmp_path, "--uninstall", "--purge").returncode == 0
    assert not (tmp_path / "etc/kiosk").exists() and not (tmp_path / "var/lib/kiosk").exists()


def test_install_refuses_to_run_unstaged_without_root():
    if os.geteuid() == 0:
        pytest.skip("running as root")
    result = subprocess.run(["bash", str(INSTALL)], capture_output=True, text=True)
    assert result.returncode == 1 and "run as root" in result.stderr


# --- the unit ------------------------------------------------------------------------------
needs_systemd = pytest.mark.skipif(
    not shutil.which("systemd-analyze"), reason="systemd is installed by scripts/test"
)


@needs_systemd
def test_unit_passes_systemd_analyze_verify(tmp_path):
    # verify also wants ExecStart's program to exist; only that path is swapped for the test.
    unit = tmp_path / "kiosk.service"
    unit.write_text(UNIT.read_text().replace("/opt/layanan-kiosk/venv/bin/kiosk", "/bin/true"))
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


@needs_systemd
def test_unit_exposure_is_lower_than_timesyncd():
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(UNIT)], capture_output=True, text=True
    )
    score = float(
        re.search(r"Overall exposure level for kiosk.service: ([\d.]+)", result.stdout)[1]
    )
    print(f"systemd-analyze security: {score}")
    assert score < 2.1  # systemd-timesyncd's own unit scores 2.1


def test_unit_directives():
    text = UNIT.read_text()
    for line in ["Type=notify", "WatchdogSec=30", "Restart=always", "StartLimitIntervalSec=0",
                 "User=kiosk", "StateDirectory=kiosk", "ConfigurationDirectory=kiosk",
                 "LoadCredential=central-token:/etc/kiosk/central-token", "ProtectSystem=strict",
                 "ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes",
                 "DevicePolicy=closed"]:  # fmt: skip
        assert f"\n{line}\n" in text, line
    assert "PrivateDevices" not in text.replace("Not PrivateDevices=", "")
