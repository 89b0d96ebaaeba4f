"""Registering and revoking kiosks: the token shown once, the offline blocks never overlapping."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosk_central.queue.models import Kiosk, Office
from kiosk_central.queue.tokens import new_token, token_hash

FIRST_BLOCK = 800


def overlapping(office: Office, start: int, size: int, exclude: int | None = None) -> Kiosk | None:
    """A live kiosk of ``office`` whose offline block shares a number with [start+1, start+size]."""
    for other in Kiosk.objects.filter(office=office, revoked_at__isnull=True).exclude(pk=exclude):
        if start < other.offline_block_end and other.offline_block_start < start + size:
            return other
    return None


def next_block(office: Office) -> int:
    end = Kiosk.objects.filter(office=office, revoked_at__isnull=True).aggregate(
        m=Max("offline_block_start")
    )["m"]
    if end is None:
        return FIRST_BLOCK
    last = Kiosk.objects.filter(office=office, offline_block_start=end).first()
    return last.offline_block_end


def register(
    office: Office, name: str, start: int | None = None, size: int = 100
) -> tuple[Kiosk, str]:
    """The new kiosk and its token (the only time the token exists outside the kiosk)."""
    token = new_token()
    with transaction.atomic():
        start = next_block(office) if start is None else start
        kiosk = Kiosk(
            office=office,
            name=name,
            token_hash=token_hash(token),
            offline_block_start=start,
            offline_block_size=size,
        )
        kiosk.full_clean(exclude=["token_hash"])
        clash = overlapping(office, start, size)
        if clash is not None:
            raise ValidationError(
                _("offline block %(a)s-%(b)s overlaps kiosk %(k)s's %(c)s-%(d)s")
                % {
                    "a": start + 1,
                    "b": start + size,
                    "k": clash.name,
                    "c": clash.offline_block_start + 1,
                    "d": clash.offline_block_end,
                }
            )
        kiosk.save()
    return kiosk, token


def new_token_for(kiosk: Kiosk) -> str:
    token = new_token()
    kiosk.token_hash = token_hash(token)
    kiosk.revoked_at = None
    kiosk.save(update_fields=["token_hash", "revoked_at"])
    return token


def revoke(kiosk: Kiosk) -> None:
    kiosk.revoked_at = timezone.now()
    kiosk.save(update_fields=["revoked_at"])
