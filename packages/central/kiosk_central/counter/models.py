"""One row per counter button press that changed something, under the key the page made for
that press, so a press sent twice (a retry after the connection dropped, a double click, a
browser that resends a form) is done once and answered the same both times."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

from kiosk_central.public.limits import NowAndThen

KEPT = timedelta(days=1)  # a retry comes within seconds; a day covers any clock or outage


class Press(models.Model):
    key = models.CharField(max_length=64, unique=True)
    event = models.ForeignKey("queue.TicketEvent", models.CASCADE, related_name="+")
    action = models.CharField(max_length=16)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    @classmethod
    def forget_old(cls) -> None:
        # now and then, not in every press: it ran under the office's lock each time, and a
        # day's presses go in one statement a minute as well as in one a press
        if _forget_due():
            cls.objects.filter(at__lt=timezone.now() - KEPT).delete()


_forget_due = NowAndThen()
