"""Who is asking, and from where: the client's address, and which networks are the staff's
(``staff_networks``; project/staff_networks.py enforces them).

The address is the connection's, unless the connection comes from the reverse proxy
(``trusted_proxies``): then the proxy's X-Forwarded-For names the client, and its
X-Forwarded-Proto says whether the visitor used HTTPS. From anyone else those headers are
dropped, so a visitor cannot claim a staff address or a secure connection by sending them.

A view open to the public (the status page now; booking and complaints next) is marked
``@public``; every other view is for staff. Marking the public ones, not listing the staff
ones, means a new page is closed until someone decides it should be open.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings

FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_REAL_IP")


def public(view):
    """Mark ``view`` as open to everyone, wherever they are."""
    view.public_page = True
    return view


@cache
def _networks(setting: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in getattr(settings.CONFIG, setting))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
    return getattr(address, "ipv4_mapped", None) or address


def within(address: str, setting: str) -> bool:
    found = _address(address)
    return found is not None and any(found in net for net in _networks(setting))


class ClientAddress:
    """REMOTE_ADDR is the client's address, whoever forwarded the request; runs first."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if within(meta.get("REMOTE_ADDR", ""), "trusted_proxies"):
            # The proxy appends the address it saw: the last entry is the only one it vouches
            # for (anything before it came from the client).
            claimed = meta.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1]
            if _address(claimed) is not None:
                meta["REMOTE_ADDR"] = str(_address(claimed))
        else:
            for header in FORWARDED:
                meta.pop(header, None)
        return self.get_response(request)
