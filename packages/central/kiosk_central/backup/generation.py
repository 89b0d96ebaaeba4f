"""The generation the heartbeat tells the kiosks, and the wait for their resends after a restore.

After a restore the central does not know the numbers it gave after the backup was taken, but
the kiosks printed them. Until every kiosk has sent again what the central had acknowledged
(it says so in its heartbeat: the generation it has resent to), the central numbers nothing
new: a kiosk asking is answered 503 and numbers the ticket from its own offline block, so no
visitor waits. The wait ends when the last kiosk has resent, or at ``hold_until`` (a kiosk that
is switched off must not stop the office): the dashboard then lists the kiosks that had not.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from django.utils import timezone

from kiosk_central.backup.models import Generation

# Once a process has seen no wait it never waits again: a restore needs the server stopped,
# so a new wait only ever begins in a new process. Saves a query per number.
_no_hold = threading.Event()


def current() -> Generation:
    latest = Generation.objects.order_by("-started_at").first()
    if latest is None:  # a database from before this table's first row: make it now
        latest = Generation.objects.create(started_at=timezone.now())
    return latest


def start_after_restore(newest: datetime, now: datetime, hold: timedelta) -> Generation:
    g = Generation(started_at=now, restored_from=newest, note="restored from a backup")
    if hold and waiting_kiosks(g):
        g.hold_until = now + hold
    g.save()
    return g


def heartbeat_field() -> dict:
    g = current()
    return {
        "id": str(g.id),
        "restored_from": g.restored_from.isoformat() if g.restored_from else None,
    }


def waiting_kiosks(g: Generation) -> list[str]:
    """Kiosks that have not yet said they resent everything to generation ``g``."""
    from kiosk_central.queue.models import Kiosk

    rows = Kiosk.objects.filter(revoked_at__isnull=True, last_seen__isnull=False).values_list(
        "name", "last_state"
    )
    return sorted(name for name, state in rows if (state or {}).get("generation") != str(g.id))


def note_heartbeat() -> None:
    """After a heartbeat was stored (its ``generation`` kept in the kiosk's last state): end
    the wait when no kiosk is left to resend."""
    if not holding():
        return
    g = current()
    if not waiting_kiosks(g):
        g.released_at = timezone.now()
        g.save(update_fields=["released_at"])


def holding() -> bool:
    """Whether central numbers wait for the kiosks' resends now."""
    if _no_hold.is_set():
        return False
    g = current()
    if g.hold_until is None or g.released_at is not None or timezone.now() >= g.hold_until:
        _no_hold.set()
        return False
    return True
