"""The serial scanner reader against a real pty: framing, floods, garbage, unplug and replug."""

from __future__ import annotations

import contextlib
import logging
import os
import pty
import time
import tty

import pytest

from kiosk.domain.scan import UnrecognisedScan
from kiosk.hardware.scanner import SerialScanner


class FakePort:
    """The scanner's end of a pty, reachable by a stable symlink like a udev name."""

    def __init__(self, link):
        self.link = link
        self.plug()

    def plug(self):
        self.master, self.slave = pty.openpty()
        tty.setraw(self.slave)
        if os.path.lexists(self.link):
            os.unlink(self.link)
        os.symlink(os.ttyname(self.slave), self.link)

    def unplug(self):
        os.unlink(self.link)
        os.close(self.slave)
        os.close(self.master)

    def send(self, data: bytes):
        os.write(self.master, data)


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


@pytest.fixture
def port(tmp_path):
    p = FakePort(tmp_path / "kiosk-scanner")
    yield p
    with contextlib.suppress(OSError):
        p.unplug()


@pytest.fixture
def scanner(port):
    got: list = []
    s = SerialScanner(
        str(port.link), got.append, read_timeout_s=0.05, frame_timeout_s=0.3, retry_s=0.05
    )
    s.got = got
    s.start()
    assert s.wait_open(5)
    yield s
    s.stop()


def codes(got):
    return [g for g in got if isinstance(g, bytes)]


def test_split_frames_and_two_codes_in_one_read(port, scanner, caplog):
    port.send(b"ABC")
    time.sleep(0.1)
    port.send(b"123\r")
    port.send(b"\n")
    wait_until(lambda: len(scanner.got) == 1)
    # Two codes in one read are a burst no visitor makes: the last one wins, said once.
    port.send(b"DEF456\r\nGHI789\n")
    wait_until(lambda: len(scanner.got) == 2)
    time.sleep(0.2)
    assert scanner.got == [b"ABC123", b"GHI789"]
    [line] = [r.getMessage() for r in caplog.records if "burst" in r.getMessage()]
    assert "1 skipped" in line and "DEF" not in line


def test_64_kib_without_terminator_is_dropped_not_kept(port, scanner):
    port.send(b"Z" * 65536)
    wait_until(lambda: len(scanner.got) == 1)
    [refused] = scanner.got
    assert isinstance(refused, UnrecognisedScan)
    assert refused.reason in ("too_long", "unterminated")
    assert scanner._framer.pending == 0
    port.send(b"ABC123\r\n")
    wait_until(lambda: len(scanner.got) == 2)
    assert scanner.got[1] == b"ABC123"


def test_a_partial_code_is_not_glued_to_the_next_one(port, scanner):
    port.send(b"HALFCO")
    wait_until(lambda: len(scanner.got) == 1)
    assert scanner.got[0].reason == "unterminated"
    port.send(b"ABC123\r\n")
    wait_until(lambda: len(scanner.got) == 2)
    assert scanner.got[1] == b"ABC123"


def test_random_bytes_never_stop_the_reader(port, scanner):
    rng = __import__("random").Random(7)
    for _ in range(50):
        port.send(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))))
    port.send(b"\r\nEND999\r\n")
    wait_until(lambda: b"END999" in codes(scanner.got))
    assert scanner._thread.is_alive()


def test_unplug_and_replug(port, scanner, caplog):
    caplog.set_level(logging.INFO, logger="kiosk")
    port.send(b"ONE111\r\n")
    wait_until(lambda: codes(scanner.got) == [b"ONE111"])
    port.unplug()
    wait_until(lambda: scanner.health.state.fault is not None)
    time.sleep(0.3)  # many reopen attempts fail while it is away
    port.plug()
    wait_until(lambda: scanner.health.state.ok and scanner.port is not None)
    port.send(b"TWO222\r\n")
    wait_until(lambda: codes(scanner.got) == [b"ONE111", b"TWO222"])
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.hardware.scanner"]
    # Logged when it went and when it came back, not on every retry.
    assert len(lines) <= 3, lines
    assert lines[-1].startswith("scanner fault cleared")
