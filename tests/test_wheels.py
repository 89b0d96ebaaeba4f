"""What a user installs: each distribution built into its wheel and installed into a fresh virtual
environment, as install.sh and install-central.sh do, never the editable checkout. An editable
install finds templates, assets and fonts in the source tree; a wheel has only what its
package data says, so a file left out shows here and nowhere else."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"


def run(*cmd, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, timeout=900, **kwargs
    )
    assert result.returncode == 0, f"{cmd}: {result.stdout[-2000:]}{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("wheels")
    for name in ("rules", "kiosk", "central"):
        # A copy of the source: pip builds in the folder it is given (build/, *.egg-info).
        run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
            "--wheel-dir", out, PACKAGES / name)  # fmt: skip
    found = {w.name.split("-")[0]: w for w in out.glob("*.whl")}
    assert set(found) == {"layanan_rules", "layanan_kiosk", "layanan_central"}, found
    return found


def fresh_venv(path: Path, *wheels: Path) -> Path:
    run(sys.executable, "-m", "venv", path)
    run(path / "bin/pip", "install", "--quiet", "--disable-pip-version-check", *wheels)
    return path


def installed(venv: Path) -> set[str]:
    listing = run(venv / "bin/pip", "list", "--format=freeze", "--disable-pip-version-check")
    return {line.split("==")[0].lower() for line in listing.stdout.splitlines()}


def test_the_kiosk_wheel_checks_its_config_and_guides(wheels, tmp_path):
    venv = fresh_venv(tmp_path / "venv", wheels["layanan_rules"], wheels["layanan_kiosk"])
    where = run(venv / "bin/python", "-c", "import kiosk, layanan_rules; print(kiosk.__file__)")
    assert where.stdout.startswith(str(venv)), where.stdout  # the wheel, not the checkout
    config = tmp_path / "kiosk.toml"
    example = (ROOT / "kiosk.example.toml").read_text()
    config.write_text(example.replace('state_dir = ""', f'state_dir = "{tmp_path / "state"}"'))
    env = {**os.environ, "KIVY_NO_ARGS": "1", "KIVY_NO_CONSOLELOG": "1", "KIVY_HOME": str(tmp_path)}
    # The default logo and the bundled guides are package data: without them both fail.
    run(venv / "bin/kiosk", "--config", config, "check-config", env=env, cwd=tmp_path)
    guides = run(venv / "bin/kiosk", "--config", config, "guides", "check", env=env, cwd=tmp_path)
    assert f"7 guides OK, 0 with errors in {venv}" in guides.stdout, guides.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_central_wheel_installs_no_kiosk_and_serves_its_pages_and_exports(wheels, tmp_path):
    venv = fresh_venv(tmp_path / "venv", wheels["layanan_rules"], wheels["layanan_central"])
    packages = installed(venv)
    assert "layanan-central" in packages and "django" in packages
    for device_library in ("kivy", "layanan-kiosk", "python-escpos", "gpiozero", "pyserial"):
        assert device_library not in packages, device_library
    port = free_port()
    config = tmp_path / "central.toml"
    config.write_text(
        f'[central]\nstate_dir = "{tmp_path / "state"}"\nport = {port}\n'
        'allowed_hosts = ["127.0.0.1"]\n'
    )
    central = [venv / "bin/kiosk-central", "--config", config]
    env = {**os.environ, "DJANGO_SUPERUSER_PASSWORD": "wheel-test-password-1"}
    run(*central, "migrate", cwd=tmp_path)
    run(*central, "demo-data", cwd=tmp_path)
    run(*central, "createsuperuser", "--username", "kepala", "--noinput", env=env, cwd=tmp_path)
    server = subprocess.Popen(
        [str(c) for c in (*central, "serve", "--host", "127.0.0.1", "--port", str(port))],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base + "/masuk/", timeout=2)
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline, "serve never came up"
                time.sleep(0.2)
        session = requests.Session()
        page = session.get(base + "/masuk/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        signed = session.post(
            base + "/masuk/",
            data={"username": "kepala", "password": env["DJANGO_SUPERUSER_PASSWORD"],
                  "csrfmiddlewaretoken": token},
            headers={"Referer": base + "/masuk/"}, timeout=30, allow_redirects=False,
        )  # fmt: skip
        assert signed.status_code == 302, signed.text[:500]
        # Templates, static files and the reports' fonts come from the wheel or nowhere.
        for path, kind in (
            ("/dashboard/", "text/html"),
            ("/dashboard/period/", "text/html"),
            ("/dashboard/export/report.xlsx", "spreadsheetml"),
            ("/dashboard/skm.pdf", "application/pdf"),
            ("/static/central/central.css", "text/css"),
        ):
            reply = session.get(base + path, timeout=120)
            assert reply.status_code == 200, (path, reply.status_code, reply.text[:500])
            assert kind in reply.headers["Content-Type"], (path, reply.headers["Content-Type"])
    finally:
        server.terminate()
        server.wait(timeout=30)
