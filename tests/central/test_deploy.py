"""The central's systemd unit and installer: verified, hardened, and a rerun changes nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "systemd" / "kiosk-central.service"
INSTALL = ROOT / "scripts" / "install-central.sh"
needs = pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="installed by scripts/test")


SYSTEMD = ROOT / "systemd"
UNITS = ("kiosk-central.service", "kiosk-central-alerts.service", "kiosk-central-alerts.timer")
SERVICES = ("kiosk-central.service", "kiosk-central-alerts.service")


@needs
@pytest.mark.parametrize("name", UNITS)
def test_unit_passes_systemd_analyze_verify(tmp_path, name):
    # A timer is verified with the service it starts beside it.
    for each in UNITS:
        (tmp_path / each).write_text(
            (SYSTEMD / each)
            .read_text()
            .replace("/opt/layanan-kiosk-central/venv/bin/kiosk-central", "/bin/true")
        )
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / name)], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


@needs
@pytest.mark.parametrize("name", SERVICES)
def test_unit_exposure_is_below_2_5(name):
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(SYSTEMD / name)],
        capture_output=True,
        text=True,
    )
    score = float(re.search(rf"for {re.escape(name)}: ([\d.]+)", result.stdout)[1])
    print(f"systemd-analyze security {name}: {score}")
    assert score < 2.5


def test_the_alerts_timer_starts_the_alerts_run_every_minute():
    timer = (SYSTEMD / "kiosk-central-alerts.timer").read_text()
    service = (SYSTEMD / "kiosk-central-alerts.service").read_text()
    assert "\nOnUnitActiveSec=60s\n" in timer and "\nWantedBy=timers.target\n" in timer
    assert "\nType=oneshot\n" in service and "central.toml alerts\n" in service
    # started by the timer only: no [Install] of its own, so enabling it alone does nothing
    assert "[Install]" not in service
    installer = INSTALL.read_text()
    assert "systemctl enable --now kiosk-central-alerts.timer" in installer
    assert "disable --now kiosk-central-alerts.timer" in installer


def test_unit_runs_migrations_then_gunicorn_under_its_own_user():
    text = UNIT.read_text()
    for line in [
        "Type=notify",
        "Restart=always",
        "User=kiosk-central",
        "StateDirectory=kiosk-central",
        "ProtectSystem=strict",
        "PrivateDevices=yes",
        "NoNewPrivileges=yes",
    ]:
        assert f"\n{line}\n" in text, line
    assert "central.toml migrate\n" in text and "central.toml serve\n" in text


def test_install_into_a_staging_root_then_again_changes_nothing(tmp_path):
    def run(*args):
        return subprocess.run(
            ["bash", str(INSTALL), "--root", str(tmp_path), "--skip-venv", *args],
            capture_output=True,
            text=True,
            check=True,
        )

    first = run().stdout
    assert "wrote /etc/kiosk-central/central.toml" in first
    for name in UNITS:
        installed = tmp_path / "etc/systemd/system" / name
        assert installed.read_text() == (SYSTEMD / name).read_text(), name
        assert f"wrote /etc/systemd/system/{name}" in first
    app = tmp_path / "opt/layanan-kiosk-central/app/packages"
    assert (app / "central/kiosk_central/cli.py").exists()
    assert not (app / "kiosk").exists()  # a central's install carries no kiosk
    config = tmp_path / "etc/kiosk-central/central.toml"
    config.write_text(config.read_text() + "# the office's edit\n")
    assert "nothing to change" in run().stdout
    assert config.read_text().endswith("# the office's edit\n")  # an upgrade keeps it
    from kiosk_central.config import load

    assert load(config).port == 8000  # the written config is valid
    assert "kept /etc/kiosk-central" in run("--uninstall").stdout
    assert config.exists() and not (tmp_path / "opt/layanan-kiosk-central").exists()
    assert not any((tmp_path / "etc/systemd/system" / name).exists() for name in UNITS)


def test_install_refuses_to_run_unstaged_without_root():
    if shutil.which("runuser") is None:
        pytest.skip("runuser")
    result = subprocess.run(
        ["runuser", "-u", "nobody", "--", "bash", str(INSTALL)], capture_output=True, text=True
    )
    assert result.returncode == 1 and "run as root" in result.stderr


def test_the_migrations_match_the_models(tmp_path):
    import os
    import sys

    config = tmp_path / "c.toml"
    config.write_text(f'[central]\nstate_dir = "{tmp_path}"\n')
    env = {
        **os.environ,
        "KIOSK_CENTRAL_CONFIG": str(config),
        "DJANGO_SETTINGS_MODULE": "kiosk_central.project.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemigrations", "--check", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="installed by scripts/test")
def test_the_installer_passes_shellcheck():
    result = subprocess.run(
        ["shellcheck", "-x", "scripts/install-central.sh", "scripts/demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
