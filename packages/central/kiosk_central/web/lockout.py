"""One lockout for every way in (the staff sign-in /masuk/ and the admin's /admin/login/):
django-axes, whose authentication backend refuses a locked sign-in wherever the form is.

What is locked, and why:
- a user name *from one address*: ``PER_NAME`` failures lock that pair for the cool-off. A
  stranger typing a clerk's name wrongly at another PC (or from the internet) does not lock the
  clerk out at her own counter;
- an address: ``PER_ADDRESS`` failures from it, whatever the names, lock every sign-in from it
  for the cool-off (settings.AXES_COOLOFF_TIME, 15 minutes), so a guesser cannot go through
  the staff list five tries at a time.
A good sign-in clears that name's failures from that address. The address is the client's
(kiosk_central/network.py: the proxy's header counts only from the proxy). A supervisor
unlocks early by deleting the attempt in the admin (Axes › Access attempts).
"""

from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone

PER_NAME = 5
PER_ADDRESS = 20


def client_address(request) -> str | None:
    """Axes' idea of the client: REMOTE_ADDR as ClientAddress left it, never a header."""
    return request.META.get("REMOTE_ADDR")


def failure_limit(request, credentials) -> int:
    """Axes compares a name's failures from this address with this limit: ``PER_NAME``, or 0
    (locked whatever the name) once the address itself has failed ``PER_ADDRESS`` times."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    address = getattr(request, "axes_ip_address", None) or client_address(request)
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=timezone.now() - get_cool_off(request)
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return 0 if (recent or 0) >= PER_ADDRESS else PER_NAME


def username(request, credentials) -> str:
    """The name as typed, trimmed and capped: "Loket1 " and "loket1" are one name to count."""
    name = (credentials or {}).get("username") or request.POST.get("username", "")
    return name.strip().lower()[:150]
