"""TLS trusts the configured CA and nothing else; the token file is guarded; heartbeats."""

from __future__ import annotations

import os
import subprocess

import pytest

from kiosk.sync.client import CentralClient, CentralError, TokenFileError, read_token
from kiosk_testsupport.central_server import CentralServer
from tests.sync.conftest import TOKEN


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """Two unrelated CAs; the server's certificate (for 127.0.0.1) is signed by the first."""
    d = tmp_path_factory.mktemp("pki")
    new_key = ["-newkey", "rsa:2048", "-nodes"]
    for ca in ("ca1", "ca2"):
        subject = ["-subj", f"/CN=Test {ca}", "-keyout", f"{ca}.key", "-out", f"{ca}.pem"]
        openssl("req", "-x509", *new_key, "-days", "2", *subject, cwd=d)
    subject = ["-subj", "/CN=127.0.0.1", "-keyout", "server.key", "-out", "server.csr"]
    openssl("req", *new_key, *subject, cwd=d)
    (d / "ext.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    signer = ["-CA", "ca1.pem", "-CAkey", "ca1.key", "-CAcreateserial", "-extfile", "ext.cnf"]
    openssl("x509", "-req", "-in", "server.csr", *signer, "-days", "2", "-out", "server.pem", cwd=d)
    return d


@pytest.fixture
def tls_server(pki):
    s = CentralServer(token=TOKEN, tls=(str(pki / "server.pem"), str(pki / "server.key"))).start()
    yield s
    s.stop()


def services(url, ca):
    client = CentralClient(url, TOKEN, str(ca))
    try:
        return client.call("GET", "/services", "ServiceList")
    finally:
        client.close()


def test_the_configured_ca_is_trusted(tls_server, pki):
    assert tls_server.url.startswith("https://")
    assert services(tls_server.url, pki / "ca1.pem")["services"]


def test_a_wrong_ca_fails_closed(tls_server, pki):
    with pytest.raises(CentralError, match="TLS verification failed"):
        services(tls_server.url, pki / "ca2.pem")


def test_environment_variables_cannot_change_the_trust(tls_server, pki, monkeypatch):
    # Both point at the CA that would work; the configured (wrong) one must still decide.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(pki / "ca1.pem"))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(pki / "ca1.pem"))
    with pytest.raises(CentralError, match="TLS verification failed"):
        services(tls_server.url, pki / "ca2.pem")


def test_token_file_must_be_private(tmp_path):
    path = tmp_path / "token"
    path.write_text(TOKEN)
    os.chmod(path, 0o644)
    with pytest.raises(TokenFileError, match="readable by others"):
        read_token(path)
    os.chmod(path, 0o600)
    assert read_token(path) == TOKEN


def test_a_registered_token_is_redacted_by_the_log_formatter(tmp_path):
    import logging

    from kiosk.logs import RedactingFormatter

    path = tmp_path / "token"
    path.write_text(TOKEN)
    os.chmod(path, 0o600)
    read_token(path)
    record = logging.LogRecord("x", logging.ERROR, "", 0, "sent %s", (TOKEN,), None)
    assert TOKEN not in RedactingFormatter("%(message)s").format(record)


def test_heartbeat_reports_state_and_learns_the_skew(kiosk, server, clock):
    from datetime import timedelta

    from kiosk.domain.faults import FaultLatch
    from kiosk.sync.heartbeat import Heartbeat

    printer = FaultLatch("printer", __import__("logging").getLogger("t"))
    printer.report(None, warning="paper_near_end")
    beat = Heartbeat(kiosk.central, clock, kiosk.outbox, {"printer": printer})
    clock.moment -= timedelta(hours=2)  # a Pi that booted without network time
    beat.beat()
    [sent] = server.state.heartbeats
    assert sent["printer"] == {"fault": None, "warning": "paper_near_end"}
    assert sent["scanner"]["fault"] == "absent"
    assert beat.skew_s > 3600 and beat.clock_health.state.fault == "skewed"
