"""The client's address as the limits count it.

Behind the office's reverse proxy every request comes from the proxy: its address is
``REMOTE_ADDR`` and the visitor's is the last hop it appended to ``X-Forwarded-For``. The
header is believed only from a trusted proxy (config ``trusted_proxies``), and read from the
right, so a client cannot name itself by sending the header. IPv6 clients are counted per /64:
one subscriber gets a whole /64 and can change address inside it at will.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _trusted() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in settings.PUBLIC_TRUSTED_PROXIES)


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(addr) -> bool:
    return any(addr in net for net in _trusted())


def client_address(request) -> str:
    """The address (an IPv6 one as its /64) the request's limits are counted against."""
    addr = _parse(request.META.get("REMOTE_ADDR", ""))
    if addr is not None and _is_trusted(addr):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed(hops[-8:]):  # a long chain is made up; its far end means nothing
            found = _parse(hop)
            if found is None:
                break
            addr = found
            if not _is_trusted(found):
                break
    if addr is None:
        return "unknown"
    if addr.version == 6:
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)
