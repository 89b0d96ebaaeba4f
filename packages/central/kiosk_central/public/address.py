"""The client's address as the public pages' limits count it.

``REMOTE_ADDR`` is already the visitor's: behind the office's reverse proxy the central's first
middleware (kiosk_central/network.py, ClientAddress) puts the address the proxy vouches for there,
and only for a request from a trusted proxy (config ``trusted_proxies``); from anyone else the
forwarding headers are dropped. One rule for the whole central, so the limits, the sign-in
lockout and the staff networks all see the same address. IPv6 clients are counted per /64: one
subscriber gets a whole /64 and can change address inside it at will.
"""

from __future__ import annotations

import ipaddress


def client_address(request) -> str:
    """The address (an IPv6 one as its /64) the request's limits are counted against."""
    try:
        addr = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip())
    except ValueError:
        return "unknown"
    if addr.version == 6:
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)
