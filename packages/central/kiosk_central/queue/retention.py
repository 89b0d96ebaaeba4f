"""NIKs are kept as long as each office's retention says, then erased (UU 27/2022).

On SQLite the database runs with ``secure_delete`` so an erased NIK's bytes are overwritten, and
the WAL is folded back into the file afterwards so no copy lingers there either.

A ticket request's idempotency fingerprint is a SHA-256 of a body that held the NIK; every
other field of that body is in the database, and a NIK's structure (region, birth date, four
digits) leaves few enough candidates to find it from the hash. So the fingerprint goes with
the NIK; the stored reply stays, and a retry of the same key still gets its first answer.

Stored replies themselves are deleted after ``reply_keep_days`` (the config): the longest a
kiosk may stay offline and still retry. A year of a busy office's batch replies would
otherwise be the database's largest table.

PostgreSQL keeps an erased value in the row version the UPDATE left behind until its page is
rewritten, and a plain VACUUM only marks that space free. So after NIKs were erased the ticket
table is rewritten (VACUUM FULL): the erasure falls due once a day, in the first purge after
the office's midnight, when nobody queues; a busy office's year of tickets rewrites in seconds
(README "Backups": measured)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from kiosk_central.queue.models import IdempotentReply, Office, Ticket

# Other apps' personal data that goes with the tickets' (the online bookings' holders): each
# registers an eraser when Django starts (its AppConfig.ready), so this purge erases it in the
# same pass without the queue's model importing the apps built on it.
_ERASERS: dict[str, Callable[[Office], int]] = {}


def also_erase(name: str, eraser: Callable[[Office], int]) -> None:
    """``eraser(office)`` runs in every purge, per office; it returns what it erased."""
    _ERASERS[name] = eraser


def purge_niks() -> int:
    erased = forgotten = 0
    for office in Office.objects.all():
        cutoff = office.local_now().date() - timedelta(days=office.nik_retention_days)
        with transaction.atomic():
            erased += (
                Ticket.objects.filter(office=office, day__lt=cutoff).exclude(nik="").update(nik="")
            )
            forgotten += _forget_fingerprints(office, cutoff)
            erased += sum(erase(office) for erase in _ERASERS.values())
    pruned = prune_replies(settings.CONFIG.reply_keep_days)
    if erased or forgotten or pruned:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            elif erased or forgotten:
                # outside any transaction (autocommit): VACUUM cannot run inside one
                cursor.execute("VACUUM (FULL) queue_ticket, queue_idempotentreply")
    return erased


def prune_replies(keep_days: int) -> int:
    """Delete stored replies older than ``keep_days``: no kiosk retries after that long."""
    cutoff = timezone.now() - timedelta(days=keep_days)
    deleted, _ = IdempotentReply.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _forget_fingerprints(office: Office, cutoff: date) -> int:
    # A reply without a ticket (none is stored today) goes by when it was made.
    start = datetime.combine(cutoff, time(0), ZoneInfo(office.time_zone))
    old = Q(ticket__office=office, ticket__day__lt=cutoff) | Q(
        ticket__isnull=True, kiosk__office=office, created_at__lt=start
    )
    return (
        IdempotentReply.objects.filter(old, scope="ticket")
        .exclude(fingerprint="")
        .update(fingerprint="")
    )
