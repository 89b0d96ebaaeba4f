"""The HTTPS client for the central queue API: one ``requests.Session``, explicit timeouts, the
configured CA and nothing else, and every answer checked against the contract.

``trust_env`` is off: ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE`` and proxy variables in the
environment cannot change whom the kiosk trusts or where its requests go.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import requests

from kiosk.errors import KioskError
from kiosk.logs import register_secret
from kiosk.sync.contract import ContractViolation, check

log = logging.getLogger(__name__)


class CentralError(KioskError, ConnectionError):
    """A request that did not produce a valid answer. ``status`` is None when none came."""

    def __init__(self, what: str, status: int | None = None, retry_after_s: float | None = None):
        super().__init__(what)
        self.status = status
        self.retry_after_s = retry_after_s


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
    connect_s: float = 3.0
    read_s: float = 10.0


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
        # A configured CA bundle is the only trust anchor; none configured: the system's store.
        self.session.verify = ca_bundle or True
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["User-Agent"] = "layanan-kiosk"

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
        """The validated JSON answer, or CentralError (never another exception type)."""
        headers = {"Idempotency-Key": key} if key else {}
        if timeout_s is not None:
            timeout = (min(self.timeouts.connect_s, timeout_s), timeout_s)
        else:
            timeout = (self.timeouts.connect_s, self.timeouts.read_s)
        try:
            response = self.session.request(
                method, self.base_url + path, json=body, headers=headers, timeout=timeout
            )
        except requests.exceptions.SSLError as exc:
            raise CentralError(f"TLS verification failed: {_short(exc)}") from None
        except requests.exceptions.Timeout:
            raise CentralError("timed out") from None
        except requests.exceptions.RequestException as exc:
            raise CentralError(f"no answer: {exc.__class__.__name__}") from None
        with response:
            if not 200 <= response.status_code < 300:
                raise CentralError(
                    f"HTTP {response.status_code}",
                    response.status_code,
                    _retry_after(response.headers.get("Retry-After")),
                )
            # A 2xx whose body is unusable counts as no answer (status None): the record is
            # retried, never taken as acknowledged, never blamed on the record.
            try:
                data = response.json()
            except ValueError:
                raise CentralError("answer is not JSON") from None
        try:
            return check(schema, data)
        except ContractViolation as exc:
            raise CentralError(f"answer breaks the contract: {exc}") from None

    def close(self) -> None:
        self.session.close()


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
