"""The database's generation: a new one each time it is restored from a backup.

A kiosk keeps what the central acknowledged; when the heartbeat names a generation the kiosk
has not seen, the central has forgotten some of that, and the kiosk sends it again.
"""

from __future__ import annotations

import uuid

from django.db import models


class Generation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    started_at = models.DateTimeField()
    # Set by a restore: the last record the backup held (what came after it is what was lost),
    # and until when central numbers wait for the kiosks to resend (None: no wait).
    restored_from = models.DateTimeField(null=True, blank=True)
    hold_until = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"
