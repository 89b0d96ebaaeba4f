"""sd_notify against a real Unix datagram socket, as systemd listens for it."""

from __future__ import annotations

import os
import socket

import pytest

from kiosk.hardware.systemd import Notifier


@pytest.fixture(params=["path", "abstract"])
def listener(request, tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if request.param == "path":
        address = str(tmp_path / "notify")
        sock.bind(address)
    else:
        address = f"@kiosk-test-{os.getpid()}"
        sock.bind("\0" + address[1:])
    sock.settimeout(2)
    yield address, sock
    sock.close()


def test_ready_watchdog_stopping(listener):
    address, sock = listener
    notifier = Notifier({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "30000000"})
    assert notifier.watchdog_s == 30.0
    assert notifier.ready("first frame drawn")
    assert sock.recv(256) == b"READY=1\nSTATUS=first frame drawn"
    assert notifier.watchdog()
    assert sock.recv(256) == b"WATCHDOG=1"
    assert notifier.stopping()
    assert sock.recv(256) == b"STOPPING=1"


def test_outside_systemd_nothing_happens():
    notifier = Notifier({})
    assert not notifier.enabled and notifier.watchdog_s is None
    assert notifier.ready() is False


def test_a_watchdog_meant_for_another_process_is_ignored():
    notifier = Notifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"})
    assert notifier.watchdog_s is None


def test_a_dead_socket_is_logged_once(tmp_path, caplog):
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    for _ in range(5):
        assert notifier.watchdog() is False
    assert len([r for r in caplog.records if "sd_notify" in r.getMessage()]) == 1
