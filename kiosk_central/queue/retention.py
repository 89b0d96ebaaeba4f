"""NIKs are kept as long as each office's retention says, then erased (UU 27/2022).

On SQLite the database runs with ``secure_delete`` so an erased NIK's bytes are overwritten, and
the WAL is folded back into the file afterwards so no copy lingers there either."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction

from kiosk_central.queue.models import Office, Ticket


def purge_niks() -> int:
    erased = 0
    for office in Office.objects.all():
        cutoff = office.local_now().date() - timedelta(days=office.nik_retention_days)
        with transaction.atomic():
            erased += (
                Ticket.objects.filter(office=office, day__lt=cutoff).exclude(nik="").update(nik="")
            )
    if erased and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return erased
