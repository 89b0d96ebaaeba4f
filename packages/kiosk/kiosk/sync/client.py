"""The HTTPS client for the central queue API: one ``requests.Session``, the configured CA and
nothing else, and every answer checked against the contract.

The central is a network peer, not a friend:

- ``trust_env`` is off: ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE`` and proxy variables in the
  environment cannot change whom the kiosk trusts or where its requests go.
- Redirects are never followed (the body may hold a NIK): a 3xx is a fault like a 5xx.
- Every request has a deadline on the monotonic clock covering connect, headers and body.
  Socket timeouts alone bound each read, not their sum (a server dripping one byte a second
  never trips them), so a watchdog shuts the socket down when the deadline passes.
- Every answer is streamed with a size cap per endpoint; past it the answer is a fault.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import stat
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from kiosk.errors import CentralError, KioskError
from kiosk.logs import register_secret
from layanan_rules.contract import ContractViolation, check

log = logging.getLogger(__name__)


class TokenFileError(KioskError, ValueError):
    pass


def read_token(path: str | os.PathLike) -> str:
    """The kiosk's bearer token from its credentials file, which only its owner may read.

    A relative path is looked up in systemd's ``$CREDENTIALS_DIRECTORY`` (``LoadCredential=``),
    so the production config says just ``token_file = "central-token"``."""
    p = Path(path)
    if not p.is_absolute() and os.environ.get("CREDENTIALS_DIRECTORY"):
        p = Path(os.environ["CREDENTIALS_DIRECTORY"]) / p
    try:
        info = p.stat()
        token = p.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise TokenFileError(f"central.token_file = {str(p)!r}: {exc.strerror}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise TokenFileError(
            f"central.token_file = {str(p)!r}: readable by others "
            f"(mode {stat.S_IMODE(info.st_mode):o}); expected 600 or 400"
        )
    if not token or any(c.isspace() for c in token):
        raise TokenFileError(f"central.token_file = {str(p)!r}: expected one token, no spaces")
    register_secret(token)
    return token


@dataclass(frozen=True)
class Timeouts:
    """``deadline_s``: the whole of a request that names no deadline of its own (the outbox
    worker's sends); a visitor's ticket uses ``central.budget_s`` instead."""

    connect_s: float = 3.0
    deadline_s: float = 15.0


# Bytes of an answer, by the schema it must match; anything larger is a fault. A guide bundle is
# TOML text for a dozen services (the bundled set is 32 KiB): 4 MiB leaves room for growth.
# A batch answer holds up to BATCH_RECORDS results, each a TicketIssued, an Ack or a problem
# (under 600 bytes each on the real central): 1 MiB is twice what 500 of the largest need.
BATCH_RECORDS = 500
ANSWER_CAPS = {
    "GuideBundle": 4 << 20,
    "ServiceList": 256 << 10,
    "RatingsAccepted": 64 << 10,
    "BatchResult": 1 << 20,
}
DEFAULT_CAP = 16 << 10  # a ticket, an acknowledgement, a booking, a heartbeat reply
PROBLEM_CAP = 16 << 10  # an error's body: read for its reason, never more than this
CHUNK = 16 << 10


class _Deadline:
    """Shuts down the socket of the request in flight on this thread when time is up."""

    local = threading.local()

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._conn: HTTPConnection | None = None
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(0.001, self.at - time.monotonic())

    def __enter__(self) -> _Deadline:
        _Deadline.local.current = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _Deadline.local.current = None

    def watch(self, conn: HTTPConnection) -> None:
        with self._lock:
            self._conn = conn
            if self.expired:
                _shut(conn)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._conn is not None:
                _shut(self._conn)


def _shut(conn: HTTPConnection) -> None:
    sock = conn.sock
    if sock is not None:
        # The plain socket's shutdown, also under TLS: the blocked read wakes with EOF.
        # (SSLSocket.shutdown would drop its SSL object under the reading thread's feet.)
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watched:
    """Connections that tell the current deadline which socket to shut down."""

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._watch()

    def request(self, *args: Any, **kwargs: Any) -> None:
        self._watch()
        super().request(*args, **kwargs)  # type: ignore[misc]

    def _watch(self) -> None:
        deadline = getattr(_Deadline.local, "current", None)
        if deadline is not None:
            deadline.watch(self)  # type: ignore[arg-type]


class _Conn(_Watched, HTTPConnection):
    pass


class _TLSConn(_Watched, HTTPSConnection):
    pass


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Conn


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConn


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}


class _OneLine(logging.Filter):
    """urllib3 logs headers cut off mid-way (a peer we hung up on) with a traceback: one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


_ONE_LINE = _OneLine()


class CentralClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        ca_bundle: str = "",
        timeouts: Timeouts = Timeouts(),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts
        self.session = requests.Session()
        self.session.trust_env = False
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, _Adapter(max_retries=0))
        # A configured CA bundle is the only trust anchor; none configured: the system's store.
        self.session.verify = ca_bundle or True
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["User-Agent"] = "layanan-kiosk"
        # Compressed answers would make the size cap count the wrong bytes.
        self.session.headers["Accept-Encoding"] = "identity"
        for name in ("urllib3.connection", "urllib3.connectionpool"):
            logging.getLogger(name).addFilter(_ONE_LINE)  # the same object: added once

    def call(
        self,
        method: str,
        path: str,
        schema: str,
        *,
        body: dict | None = None,
        key: str | None = None,
        timeout_s: float | None = None,
    ) -> Any:
        """The validated JSON answer within ``timeout_s`` (connect, headers and body, on the
        monotonic clock; default ``timeouts.deadline_s``), or CentralError (never another
        exception type)."""
        headers = {"Idempotency-Key": key} if key else {}
        seconds = timeout_s if timeout_s is not None else self.timeouts.deadline_s
        cap = ANSWER_CAPS.get(schema, DEFAULT_CAP)
        with _Deadline(seconds) as deadline:
            try:
                response = self.session.request(
                    method,
                    self.base_url + path,
                    json=body,
                    headers=headers,
                    timeout=(min(self.timeouts.connect_s, seconds), deadline.remaining()),
                    allow_redirects=False,
                    stream=True,
                )
                with response:
                    raw = self._read(response, cap)
                if deadline.expired:  # cut off mid-headers, the rest may look like an answer
                    raise CentralError(f"no complete answer within {seconds:g} s")
            except CentralError as exc:
                if exc.status is not None and exc.status >= 400:
                    # One line for the technician, with the central's reason, never its body.
                    log.info("central: %s %s answered %s", method, path.split("?")[0][:80], exc)
                raise
            except requests.exceptions.SSLError as exc:
                if deadline.expired:
                    raise CentralError(f"no complete answer within {seconds:g} s") from None
                raise CentralError(f"TLS verification failed: {_short(exc)}") from None
            except (requests.exceptions.RequestException, OSError, ValueError) as exc:
                if deadline.expired or isinstance(exc, requests.exceptions.Timeout):
                    raise CentralError(f"no complete answer within {seconds:g} s") from None
                raise CentralError(f"no answer: {exc.__class__.__name__}") from None
        # A 2xx whose body is unusable counts as no answer (status None): the record is
        # retried, never taken as acknowledged, never blamed on the record.
        try:
            data = json.loads(raw)
        except ValueError:
            raise CentralError("answer is not JSON") from None
        try:
            return check(schema, data)
        except ContractViolation as exc:
            raise CentralError(f"answer breaks the contract: {exc}") from None

    @staticmethod
    def _read(response: requests.Response, cap: int) -> bytes:
        status = response.status_code
        if 300 <= status < 400:
            # Following it would send the body (a NIK) wherever Location points and take that
            # host's word for the central's: a fault, retried like a 5xx.
            raise CentralError(f"HTTP {status} redirect refused", status)
        if not 200 <= status < 300:
            reason = problem_reason(_read_problem(response))
            error = CentralError(
                f"HTTP {status}" + (f" {reason}" if reason else ""),
                status,
                _retry_after(response.headers.get("Retry-After")),
            )
            raise error
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise CentralError(f"answer of {int(declared)} bytes is over the cap of {cap}")
        data = bytearray()
        for chunk in response.iter_content(CHUNK):
            data += chunk
            if len(data) > cap:
                raise CentralError(f"answer is over the cap of {cap} bytes")
        return bytes(data)

    def close(self) -> None:
        self.session.close()


def _read_problem(response: requests.Response) -> Any:
    """An error answer's body as JSON (RFC 9457 problem details, or v1's ``{"error": ...}``),
    read within PROBLEM_CAP; None when it is neither."""
    data = bytearray()
    try:
        for chunk in response.iter_content(CHUNK):
            data += chunk
            if len(data) > PROBLEM_CAP:
                return None
        return json.loads(data)
    except (requests.exceptions.RequestException, OSError, ValueError):
        return None


def problem_reason(problem: Any) -> str:
    """What a technician reads of an error answer: the problem's title and detail (its code
    ``error`` or ``type`` when it has no title), in one short line; "" for a body that is not a
    problem. The text is the peer's: it is cut short and kept to printable characters."""
    if not isinstance(problem, dict):
        return ""

    def text(name: str) -> str:
        value = problem.get(name)
        return "".join(c for c in value if c.isprintable())[:120] if isinstance(value, str) else ""

    code = text("error") or text("type").rsplit(":", 1)[-1]
    head = text("title") or code
    if head and code and code != head:
        head = f"{head} ({code})"
    detail = text("detail")
    return ": ".join(p for p in (head, detail) if p)[:200]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        from datetime import UTC, datetime

        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text[:160]
