"""The central's systemd unit and installer: verified, hardened, and a rerun changes nothing."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "systemd" / "kiosk-central.service"
INSTALL = ROOT / "scripts" / "install-central.sh"
needs = pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="installed by scripts/test")


SYSTEMD = ROOT / "systemd"
UNITS = (
    "kiosk-central.service",
    "kiosk-central-alerts.service",
    "kiosk-central-alerts.timer",
    "kiosk-central-backup.service",
    "kiosk-central-backup.timer",
)
SERVICES = ("kiosk-central.service", "kiosk-central-alerts.service", "kiosk-central-backup.service")


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


def test_the_backup_timer_starts_a_backup_every_15_minutes_and_the_installer_enables_it():
    timer = (SYSTEMD / "kiosk-central-backup.timer").read_text()
    service = (SYSTEMD / "kiosk-central-backup.service").read_text()
    assert "\nOnCalendar=*:0/15\n" in timer and "\nPersistent=true\n" in timer
    assert "\nType=oneshot\n" in service and "central.toml backup\n" in service
    assert "\nUMask=0077\n" in service and "[Install]" not in service
    installer = INSTALL.read_text()
    assert "systemctl enable --now kiosk-central-backup.timer" in installer
    assert "kiosk-central-backup.timer \\\n        kiosk-central.service" in installer  # uninstall


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


def test_an_upgrade_moves_a_central_listening_on_every_address_behind_nginx(tmp_path):
    """A config from before nginx stood in front listened on 0.0.0.0: kept as it was, the plain
    HTTP port would bypass nginx's TLS and its staff-network rules on every upgraded server."""
    config = tmp_path / "etc/kiosk-central/central.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        '[central]\nstate_dir = ""\nhost = "0.0.0.0"   # the old default\nport = 8000\n'
        'staff_networks = ["127.0.0.0/8", "::1/128"]\n# the office\'s edit\n'
    )
    result = subprocess.run(
        ["bash", str(INSTALL), "--root", str(tmp_path), "--skip-venv"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "now listens on 127.0.0.1 only" in result.stdout
    from kiosk_central.config import load

    upgraded = load(config)
    assert upgraded.host == "127.0.0.1" and upgraded.trusted_proxies == ("127.0.0.1", "::1")
    assert config.read_text().endswith("# the office's edit\n")
    assert (config.parent / "central.toml.before-nginx").read_text().count("0.0.0.0") == 1


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


def test_install_puts_nginx_in_front_with_tls_and_the_staff_networks(tmp_path):
    """Issue 25: the installer writes the config for a central behind nginx (local only, the
    proxy trusted, the staff networks given), makes a self-signed certificate, collects the
    static files and writes nginx's site from central.toml, which nginx accepts."""
    from tests.central.test_nginx import MAIN, NGINX

    root = tmp_path / "root"
    command = ["bash", str(INSTALL), "--root", str(root), "--skip-venv"]
    options = ["--staff-network", "192.168.10.0/24", "--server-name", "antrean.kanim.local"]
    env = {**os.environ, "KIOSK_CENTRAL_BIN": str(Path(sys.executable).parent / "kiosk-central")}
    first = subprocess.run([*command, *options], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    from kiosk_central.config import load

    config = load(root / "etc/kiosk-central/central.toml")
    assert config.host == "127.0.0.1" and config.trusted_proxies == ("127.0.0.1", "::1")
    assert config.staff_networks == ("127.0.0.0/8", "::1/128", "192.168.10.0/24")
    tls = root / "etc/kiosk-central/tls"
    assert stat.S_IMODE((tls / "central.key").stat().st_mode) == 0o600
    names = subprocess.run(
        ["openssl", "x509", "-in", str(tls / "central.crt"), "-noout", "-ext", "subjectAltName"],
        capture_output=True,
        text=True,
    ).stdout
    assert "DNS:antrean.kanim.local" in names
    assert (root / "opt/layanan-kiosk-central/static/central/central.css").exists()
    site = (root / "etc/nginx/sites-available/kiosk-central").read_text()
    assert "allow 192.168.10.0/24;" in site and "deny all;" in site
    assert (root / "etc/nginx/sites-enabled/kiosk-central").resolve().name == "kiosk-central"
    # nginx -t on it, its paths moved into the staging root.
    d = tmp_path / "nginx"
    (d / "tmp").mkdir(parents=True)
    (d / "site.conf").write_text(
        site.replace(" /etc/", f" {root}/etc/").replace(":443 ", ":18443 ")
    )
    (d / "nginx.conf").write_text(MAIN.format(d=d))
    check = subprocess.run(
        [NGINX, "-t", "-p", str(d), "-c", str(d / "nginx.conf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    # Again: nothing changes; new staff networks change the config and the site.
    again = subprocess.run([*command, *options], env=env, capture_output=True, text=True)
    assert "nothing to change" in again.stdout
    moved = [*command, "--staff-network", "10.20.0.0/16", "--server-name", "antrean.kanim.local"]
    third = subprocess.run(moved, env=env, capture_output=True, text=True)
    assert "staff networks now" in third.stdout
    assert "allow 10.20.0.0/16;" in (root / "etc/nginx/sites-available/kiosk-central").read_text()
