"""Failed staff sign-ins, kept to lock an account out after repeated failures (in the
database, not a per-process cache, so every gunicorn worker sees the same count)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SignInFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "sign-in failure"
