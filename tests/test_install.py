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
    # doctor run by a technician looks where the service keeps its state and live status
    assert 'state_dir = "/var/lib/kiosk"' in (etc / "kiosk.toml").read_text()

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


# --- the token: refused when mistyped, written private from its first byte ------------------
@pytest.mark.parametrize(
    "make",
    [
        lambda p: None,
        lambda p: p.mkdir(),
        lambda p: p.write_text(""),
        lambda p: p.write_text("a b"),
    ],
    ids=["missing", "directory", "empty", "two-words"],
)
def test_a_bad_token_file_is_refused_and_the_installed_token_kept(tmp_path, make):
    stage = tmp_path / "stage"
    good = tmp_path / "good-token"
    good.write_text("tok-123\n")
    assert install(stage, "--token-file", str(good)).returncode == 0
    before = snapshot(stage)
    bad = tmp_path / "typo-token"
    make(bad)
    result = install(stage, "--token-file", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"install.sh: --token-file {bad}:")
    assert "nothing changed" in result.stderr
    assert snapshot(stage) == before
    assert (stage / "etc/kiosk/central-token").read_text() == "tok-123\n"


def test_the_token_is_never_readable_by_others_even_while_written(tmp_path):
    """A chmod on PATH notes each file's mode just before install.sh changes it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "modes"
    real_chmod = shutil.which("chmod")
    (bin_dir / "chmod").write_text(
        f'#!/bin/sh\nfor f; do [ -e "$f" ] && stat -c "%a %n" "$f" >>"{seen}"; done\n'
        f'exec {real_chmod} "$@"\n'
    )
    (bin_dir / "chmod").chmod(0o755)
    token = tmp_path / "token"
    token.write_text("tok-123\n")
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", str(INSTALL), "--root", str(tmp_path / "stage"), "--skip-venv",
         "--token-file", str(token)],
        capture_output=True, text=True, env=env, timeout=120,
        preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    modes = dict(line.split(" ", 1)[::-1] for line in seen.read_text().splitlines())
    new_token = next(path for path in modes if path.endswith("central-token.new"))
    assert modes[new_token] == "600"
    assert mode(tmp_path / "stage/etc/kiosk/central-token") == 0o600


def test_a_token_file_left_too_open_is_closed_by_a_rerun(tmp_path):
    token = tmp_path / "token"
    token.write_text("tok-123\n")
    install(tmp_path / "stage", "--token-file", str(token))
    installed = tmp_path / "stage/etc/kiosk/central-token"
    installed.chmod(0o644)
    assert install(tmp_path / "stage", "--token-file", str(token)).returncode == 0
    assert mode(installed) == 0o600


# --- the real path: a venv built by pip, then a second run that changes nothing -------------
def test_install_with_the_venv_then_again_changes_nothing(tmp_path):
    """The path a Pi takes (no --skip-venv), as far as it runs here: pip builds and installs
    the app into a fresh venv; only its dependencies are left out (PIP_NO_DEPS), which would
    download Kivy and friends for minutes and prove nothing about the script."""
    stage = tmp_path / "stage"
    env = {**os.environ, "PIP_NO_DEPS": "1"}
    # A copy of the source, so the test can release a new version of it.
    source = tmp_path / "source"
    skip = (".git", ".venv", "artifacts", "__pycache__", "*.egg-info", "build", ".*_cache")
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*skip))

    def run():
        return subprocess.run(
            ["bash", str(source / "scripts/install.sh"), "--root", str(stage)],
            capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip

    first = run()
    if first.returncode != 0 and re.search(
        r"No module named venv|ensurepip|No matching distribution|Could not find a version"
        r"|connection|Temporary failure in name resolution",
        first.stderr + first.stdout,
    ):
        pytest.skip(f"cannot build a venv here: {first.stderr.strip().splitlines()[-1]}")
    assert first.returncode == 0, first.stderr
    assert "installing the application into /opt/layanan-kiosk/venv" in first.stdout
    app = stage / "opt/layanan-kiosk/app"
    venv = stage / "opt/layanan-kiosk/venv"
    version = subprocess.run([venv / "bin/kiosk", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("kiosk ")
    # pip's build artefacts stayed out of the app folder, so it still equals the source.
    assert not (app / "build").exists() and not list(app.glob("*.egg-info"))

    before = snapshot(stage)
    second = run()
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "==> nothing to change: the kiosk is installed and up to date"
    assert snapshot(stage) == before  # the venv included: nothing rebuilt, nothing reinstalled

    init = source / "packages" / "kiosk" / "kiosk" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]*"', '__version__ = "9.9.9"', init.read_text()))
    upgrade = run()
    assert "installing the application into" in upgrade.stdout
    new = subprocess.run([venv / "bin/kiosk", "--version"], capture_output=True, text=True)
    assert new.stdout.strip() == "kiosk 9.9.9"
