"""A kiosk is alive when it is heard from, by any authenticated request, not only a heartbeat:
a kiosk that has just sent 29 tickets is not "offline, never seen" on the dashboard because its
heartbeat is late or failing."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import OperationalError
from django.utils import timezone

from kiosk_central.queue.models import Kiosk
from kiosk_central.queue.writer import writer

log = logging.getLogger(__name__)
EVERY = timedelta(seconds=30)  # at most one write per kiosk this often: far under "offline"
WAIT_S = 0.2  # a kiosk's request never queues long for this: the next request tries again


def heard_from(kiosk: Kiosk) -> None:
    now = timezone.now()
    if kiosk.last_seen is not None and now - kiosk.last_seen < EVERY:
        return
    try:
        with writer(wait_s=WAIT_S):
            Kiosk.objects.filter(pk=kiosk.pk).update(last_seen=now)
    except OperationalError:
        log.info("kiosk %s heard from; last_seen not written (database busy)", kiosk.pk)
        return
    kiosk.last_seen = now
