"""The pages' requests run in a fixed pool of threads (kiosk_central.project.asgi), their bodies
read on the event loop first: a client trickling its body holds no thread of the pool, and a
body without a length is cut where an announced one would be refused."""

from __future__ import annotations

import socket
import time

import requests

from tests.central.conftest import Central


def _trickle(c: Central) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", c.port), timeout=30)
    sock.sendall(
        b"POST /reservasi/cari/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        # with a CSRF cookie the check reads the form's token from the body
        b"Cookie: csrftoken=" + b"k" * 32 + b"\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nkode="
    )
    return sock


def test_bodies_sent_slowly_hold_no_thread_of_the_pool(central):
    central.config.write_text(central.config.read_text() + "threads = 2\n")
    central.start()
    slow = [_trickle(central) for _ in range(4)]  # twice the pool, each mid-body
    try:
        time.sleep(0.5)
        t0 = time.monotonic()
        page = requests.get(f"http://127.0.0.1:{central.port}/reservasi/", timeout=20)
        took = time.monotonic() - t0
        assert page.status_code == 200
        assert took < 10, f"a page waited {took:.1f} s behind clients sending their bodies"
    finally:
        for s in slow:
            s.close()


PAST_ANY_PAGE = 100 * 1024 * 1024  # the largest a page takes is four complaints' photos (80 MB)


def test_a_chunked_body_past_the_largest_is_cut(central):
    central.start()
    sock = socket.create_connection(("127.0.0.1", central.port), timeout=30)
    sock.sendall(
        b"POST /reservasi/cari/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"a" * (1024 * 1024)
    answer = b""
    try:
        for _ in range(PAST_ANY_PAGE // len(chunk)):
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        pass  # the server answered and closed while the body was still coming
    sock.settimeout(10)
    try:
        while chunk := sock.recv(4096):
            answer += chunk
    except OSError:
        pass
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
