"""What the public pages' defences remember between requests: attempts per client in the
current window, and the challenges and form tokens already used. In the database, not a
per-process cache, so every gunicorn worker sees the same counts; keyed by a keyed hash, so
neither an address nor a NIK is stored."""

from __future__ import annotations

from django.db import models


class Attempts(models.Model):
    """How many attempts ``key`` made in ``scope`` during the window starting at ``window``."""

    scope = models.CharField(max_length=24)
    key = models.CharField(max_length=64)  # HMAC-SHA-256 hex of the address or NIK
    window = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window"], name="one_count_per_window")
        ]


class Spent(models.Model):
    """A proof-of-work challenge or a no-JavaScript form token that was used once: a replayed
    form finds it here. Kept until it would have expired anyway."""

    nonce = models.CharField(max_length=64, unique=True)
    expires = models.DateTimeField(db_index=True)
