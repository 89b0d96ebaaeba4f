"""Logging to stdout for journald: one event per line, personal data and secrets redacted.

Redaction is done on the formatted line, so a NIK passed as a ``%s`` argument, inside an
exception message or in a library's own log call is caught the same way.
"""

from __future__ import annotations

import logging
import re
import sys

# 16 digits, possibly grouped by spaces or dashes as a visitor or a scanner may write them.
_NIK = re.compile(r"(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?!\d)")
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")
_SECRETS: set[str] = set()


def register_secret(value: str) -> None:
    """Make sure ``value`` (e.g. the API token) never appears in a log line."""
    if len(value) >= 8:
        _SECRETS.add(value)


def redact(text: str) -> str:
    text = _NIK.sub("[NIK]", text)
    text = _BEARER.sub(r"\1[TOKEN]", text)
    for secret in _SECRETS:
        text = text.replace(secret, "[SECRET]")
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(level: int = logging.INFO, stream=None) -> logging.Handler:
    """Send every log line (the kiosk's and its libraries') through the redacting formatter."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_kiosk", False):
            root.removeHandler(old)
    handler._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return handler
