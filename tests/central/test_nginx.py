"""Issue 25, item 8 (the deployment): the nginx site the installer writes, made by
``kiosk-central nginx-config`` from central.toml, checked by ``nginx -t`` and run for real on
high ports in front of a real central: HTTP sent to HTTPS, TLS with a certificate made here,
static files from nginx, the status stream unbuffered, staff_networks mirrored, and the
client's address passed in the one header the central believes from the proxy alone."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.central.api import ticket_body
from tests.central.conftest import Central, free_port, wait_port
from tests.central.test_trust import client

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MAIN = """
user root;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {d}/access.log;
    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    include {d}/site.conf;
}}
"""


def certificate(d: Path) -> tuple[Path, Path]:
    cert, key = d / "cert.pem", d / "key.pem"
    command = [
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", str(key), "-out", str(cert),
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return cert, key


@pytest.fixture
def proxied(tmp_path):
    if not Path(NGINX).exists():
        pytest.fail("nginx missing: scripts/test installs it (apt)")
    central = Central(tmp_path / "central")
    with open(central.config, "a") as f:
        f.write('staff_networks = ["127.0.0.2/32"]\ntrusted_proxies = ["127.0.0.1"]\n')
        f.write(f"port = {central.port}\n")  # where nginx-config points the upstream
    central.setup()
    token = central.register("kiosk-01")
    d = tmp_path / "nginx"
    (d / "tmp").mkdir(parents=True)
    cert, key = certificate(d)
    central.cli("collect-static", str(d / "static"))
    http, https = free_port(), free_port()
    site = central.cli(
        "nginx-config",
        "--server-name", "127.0.0.1",
        "--certificate", str(cert),
        "--key", str(key),
        "--static", str(d / "static"),
        "--http-port", str(http),
        "--https-port", str(https),
    ).stdout  # fmt: skip
    (d / "site.conf").write_text(site)
    (d / "nginx.conf").write_text(MAIN.format(d=d))
    check = subprocess.run(
        [NGINX, "-t", "-p", str(d), "-c", str(d / "nginx.conf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    central.start()
    proxy = subprocess.Popen(
        [NGINX, "-p", str(d), "-c", str(d / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    wait_port(https, proxy)
    yield central, token, f"http://127.0.0.1:{http}", f"https://127.0.0.1:{https}", cert
    proxy.send_signal(signal.SIGQUIT)
    proxy.wait(timeout=30)
    central.kill(signal.SIGTERM)


def test_nginx_in_front_of_the_central(proxied):
    central, token, http, https, cert = proxied
    staff, outsider = client("127.0.0.2"), client("127.0.0.1")
    for s in (staff, outsider):
        s.trust_env = False  # else $REQUESTS_CA_BUNDLE wins over the session's own
        s.verify = str(cert)
    # HTTP goes to HTTPS.
    moved = requests.get(http + "/masuk/?next=/loket/", allow_redirects=False, timeout=30)
    assert moved.status_code == 301
    assert moved.headers["Location"] == https + "/masuk/?next=/loket/"
    # Staff, from the staff network: the central sees their address and HTTPS.
    page = staff.get(https + "/masuk/", timeout=30)
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.text
    assert all(c.secure for c in staff.cookies)
    body = ticket_body("kiosk-01")
    issued = staff.post(
        https + "/api/v1/tickets",
        json=body,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
        timeout=30,
    )
    assert issued.status_code == 201, issued.text
    # Anyone else: refused by nginx with the central's page, whatever address they claim.
    for path in ("/masuk/", "/admin/", "/loket/", "/api/v1/services"):
        refused = outsider.get(https + path, headers={"X-Forwarded-For": "127.0.0.2"}, timeout=30)
        assert refused.status_code == 403 and "khusus petugas kantor" in refused.text, path
    # ... and refused by the central too, were nginx's rule missing: it saw 127.0.0.1.
    assert "refused /masuk/ from outside" not in (central.root / "serve.log").read_text()
    # Public: static files from nginx itself, the status page and its live stream.
    css = outsider.get(https + "/static/central/central.css", timeout=30)
    assert css.status_code == 200 and css.headers["Cache-Control"] == "max-age=3600"
    assert outsider.get(f"{https}/s/{body['id']}", timeout=30).status_code == 200
    started = time.monotonic()
    with outsider.get(f"{https}/s/{body['id']}/live", stream=True, timeout=10) as stream:
        first = b""
        for chunk in stream.iter_content(chunk_size=None):
            first += chunk
            if b"event: state" in first:
                break
    assert b'"number"' in first and time.monotonic() - started < 5  # unbuffered: at once


def test_a_private_booking_link_is_not_logged_and_sends_no_referer(proxied):
    """Issue 29: a booking's private link (/reservasi/k/<token>/) is its key: nginx writes no
    access line for it, and the page's Referrer-Policy is one header, no-referrer."""
    central, _token, _http, https, cert = proxied
    visitor = client("127.0.0.1")
    visitor.trust_env, visitor.verify = False, str(cert)
    assert visitor.get(https + "/reservasi/", timeout=30).status_code == 200
    secret = "NotARealToken_0123456789-abcdefghijklmnopqr"
    page = visitor.get(f"{https}/reservasi/k/{secret}/", timeout=30)
    assert page.status_code == 404 and "Tidak ada reservasi" in page.text
    assert page.raw.headers.getlist("Referrer-Policy") == ["no-referrer"]
    assert page.raw.headers.getlist("X-Content-Type-Options") == ["nosniff"]
    log = (central.root.parent / "nginx" / "access.log").read_text()
    assert "GET /reservasi/ " in log and "/reservasi/k/" not in log and secret not in log
