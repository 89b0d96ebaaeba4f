"""The dashboard's own settings per office and the state of kiosk-problem alerts.

Kept in this app (one-to-one with the queue's Office) so the queue's models stay as they are.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kiosk_central.queue.models import Kiosk, Office


class DashboardSettings(models.Model):
    office = models.OneToOneField(
        Office, models.CASCADE, related_name="dashboard", verbose_name=_("office")
    )
    target_wait_minutes = models.PositiveSmallIntegerField(
        _("target wait (minutes)"),
        default=30,
        help_text=_("A ticket called within this many minutes counts as served within target."),
    )
    offline_minutes = models.PositiveSmallIntegerField(
        _("kiosk offline after (minutes)"), default=10
    )
    backlog_limit = models.PositiveIntegerField(
        _("sync backlog limit"),
        default=20,
        help_text=_("More records than this waiting on a kiosk to be sent is a problem."),
    )
    clock_skew_limit_s = models.PositiveIntegerField(_("clock skew limit (s)"), default=120)
    alert_after_minutes = models.PositiveSmallIntegerField(
        _("alert after (minutes)"),
        default=5,
        help_text=_("A kiosk problem lasting this long is alerted (and its end too)."),
    )
    webhook_url = models.URLField(
        _("alert webhook"),
        blank=True,
        help_text=_("Empty: alerts only on the dashboard. Else a JSON POST to this address."),
    )
    # The SKM report's header: only the office knows these.
    ministry = models.CharField(
        _("ministry"), max_length=160, default="Kementerian Imigrasi dan Pemasyarakatan"
    )
    unit = models.CharField(_("unit"), max_length=160, blank=True)
    city = models.CharField(_("city (signature place)"), max_length=60, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, default="Kepala Kantor")
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    signer_nip = models.CharField(_("signer's NIP"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("dashboard settings")
        verbose_name_plural = _("dashboard settings")

    def __str__(self) -> str:
        return str(self.office)

    @classmethod
    def of(cls, office: Office) -> DashboardSettings:
        found = cls.objects.filter(office=office).first()
        return found or cls(office=office)  # defaults until the admin saves some


class KioskAlert(models.Model):
    """One kiosk problem from when it was first seen to when it cleared, and whether the
    webhook was told of each end (a message is retried until it is delivered)."""

    kiosk = models.ForeignKey(Kiosk, models.CASCADE, related_name="+", verbose_name=_("kiosk"))
    problem = models.CharField(_("problem"), max_length=20)
    since = models.DateTimeField(_("since"))
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)
    # None: not (yet) due or not delivered; the alerts command retries until it is set.
    start_sent_at = models.DateTimeField(null=True, blank=True)
    clear_sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("kiosk alert")
        verbose_name_plural = _("kiosk alerts")
        ordering = ["-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["kiosk", "problem"],
                condition=models.Q(cleared_at__isnull=True),
                name="one_open_alert_per_kiosk_problem",
            )
        ]


class DayDigest(models.Model):
    """What the period report needs from one closed local day of an office (``digest``): a
    year's report reads 365 of these and today's rows instead of 100,000 tickets.

    Kept with the day's fingerprint when it was made: the events of the day's tickets (every
    write to a ticket, a late one from an offline kiosk included, appends one) and the ratings
    given that day. A digest whose fingerprint no longer matches is stale and made again.
    """

    office = models.ForeignKey(Office, models.CASCADE, related_name="+")
    day = models.DateField()
    time_zone = models.CharField(max_length=64)  # the office's zone when made: hours are local
    events = models.PositiveIntegerField()
    last_event = models.BigIntegerField(null=True)
    ratings = models.JSONField()  # the counts of the rating buckets the day spans
    queue = models.JSONField()  # reports.tallies.QueueTally.pack()'s head (ids as keys)
    times = models.BinaryField()  # ... and its waiting and service times (int64 µs)
    survey = models.JSONField()  # reports.tallies.RatingTally.pack() (kiosk ids as keys)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "day"], name="one_digest_per_office_day")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.day}"


class OfficeAccess(models.Model):
    """An office whose dashboard a supervisor (or an admin who is not a superuser) may see.
    A superuser sees every office. On a central with one office, a supervisor without any row
    sees it (a single-office install needs no assignment); once a second office exists, only
    the offices assigned here."""

    user = models.ForeignKey(
        "auth.User", models.CASCADE, related_name="dashboard_offices", verbose_name=_("user")
    )
    office = models.ForeignKey(Office, models.CASCADE, related_name="+", verbose_name=_("office"))

    class Meta:
        verbose_name = _("dashboard access")
        verbose_name_plural = _("dashboard access")
        constraints = [
            models.UniqueConstraint(fields=["user", "office"], name="one_access_per_user_office")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.office}"
