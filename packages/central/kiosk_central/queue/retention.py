"""NIKs are kept as long as each office's retention says, then erased (UU 27/2022).

On SQLite the database runs with ``secure_delete`` so an erased NIK's bytes are overwritten, and
the WAL is folded back into the file afterwards so no copy lingers there either.

A ticket request's idempotency fingerprint is a SHA-256 of a body that held the NIK; every
other field of that body is in the database, and a NIK's structure (region, birth date, four
digits) leaves few enough candidates to find it from the hash. So the fingerprint goes with
the NIK; the stored reply stays, and a retry of the same key still gets its first answer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Q

from kiosk_central.booking.retention import forget_holders
from kiosk_central.queue.models import IdempotentReply, Office, Ticket


def purge_niks() -> int:
    erased = forgotten = 0
    for office in Office.objects.all():
        cutoff = office.local_now().date() - timedelta(days=office.nik_retention_days)
        with transaction.atomic():
            erased += (
                Ticket.objects.filter(office=office, day__lt=cutoff).exclude(nik="").update(nik="")
            )
            forgotten += _forget_fingerprints(office, cutoff)
            erased += forget_holders(office)  # issue 29: what online bookings keep
    if (erased or forgotten) and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return erased


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
