"""Which kiosk a request comes from: its bearer token, looked up by hash, not revoked."""

from __future__ import annotations

from kiosk_central.queue.models import Kiosk
from kiosk_central.queue.tokens import token_hash

REALM = 'Bearer realm="kiosk-central"'


def kiosk_for(authorization: str) -> Kiosk | None:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return (
        Kiosk.objects.select_related("office")
        .filter(token_hash=token_hash(token.strip()), revoked_at__isnull=True)
        .first()
    )
