"""Where a visitor sends a complaint: an address the kiosk shows as a QR and prints as text.

The office names it in its config (``complaints.url``), or the central names it in its
heartbeat reply (its public pages' ``/pengaduan/``). The config wins: an office that wrote an
address means that one, as with ``ticket.status_url``. Whatever its source, it is checked
here before a visitor's phone is sent to it.
"""

from __future__ import annotations

import urllib.parse

MAX_LENGTH = 200  # a QR a phone reads at arm's length, and a line or two of ticket text
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def url_problem(value: object) -> str:
    """Empty when ``value`` is an address a visitor may be sent to, else what is wrong with it.

    >>> url_problem("https://antrean.example.go.id/pengaduan/")
    ''
    >>> url_problem("http://antrean.example.go.id/pengaduan/")
    'not an https:// URL (plain http only to this machine)'
    >>> url_problem("https://a.example/" + "x" * 200)
    'longer than 200 characters'
    """
    if not isinstance(value, str):
        return "not a text"
    if len(value) > MAX_LENGTH:
        return f"longer than {MAX_LENGTH} characters"
    if not all(c.isprintable() and not c.isspace() for c in value):
        return "has spaces or control characters"
    try:
        parts = urllib.parse.urlsplit(value)
        host = parts.hostname
    except ValueError:  # a malformed IPv6 literal, a bad port
        return "not a URL"
    local = parts.scheme == "http" and host in LOOPBACK
    if not (parts.scheme == "https" or local) or not host:
        return "not an https:// URL (plain http only to this machine)"
    return ""


def shown(url: str) -> str:
    """The address as a person types it: no scheme, no trailing slash.

    >>> shown("https://antrean.example.go.id/pengaduan/?kantor=BKS")
    'antrean.example.go.id/pengaduan/?kantor=BKS'
    >>> shown("https://antrean.example.go.id/pengaduan/")
    'antrean.example.go.id/pengaduan'
    """
    return url.split("://", 1)[-1].rstrip("/")
