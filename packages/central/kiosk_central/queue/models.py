"""The office's queue as stored: reference data the admin edits (offices, services, counters,
kiosks), what the kiosks report (tickets, check-ins, ratings, heartbeats), and the tickets'
append-only event log that the counter terminal, display board and reports build on.

A ticket's ``state`` is a cache of its last event; the events are the truth and are never
updated or deleted (the model refuses both).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan_rules.opening import WEEKDAYS, HoursError, ServiceRules, WeeklyHours
from layanan_rules.services import Lane

# Test-only: a file holding the instant the central takes for "now" (the clock-driven tests run
# the real server on a chosen Friday at 07.59). libfaketime, the usual tool, breaks Python
# 3.11's sleeps and lock timeouts, so the one clock the opening rules read is swappable here.
FAKE_NOW_FILE = "KIOSK_CENTRAL_FAKE_NOW_FILE"


def now() -> datetime:
    """The central's clock, as every opening-hours decision reads it."""
    path = os.environ.get(FAKE_NOW_FILE)
    if not path:
        return timezone.now()
    return datetime.fromisoformat(Path(path).read_text(encoding="utf-8").strip())


def default_hours() -> dict:
    # The hours every service had before hours were per office: Monday to Friday, 8 to 16.
    return {day: ["08:00-16:00"] for day in WEEKDAYS[:5]}


def weekly_hours(raw: object) -> WeeklyHours:
    """The office's stored hours, checked by the same rule the kiosk's config uses."""
    if not isinstance(raw, dict):
        raise HoursError(
            f'hours = {raw!r}: expected {{"monday": ["08:00-12:00", "13:00-16:00"], ...}}'
        )
    return WeeklyHours.parse(raw)


class Office(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Jakarta")
    priority_ratio = models.PositiveSmallIntegerField(
        _("priority calls in a row"),
        default=2,
        help_text=_("At most this many priority tickets are called while a regular one waits."),
    )
    calls_before_no_show = models.PositiveSmallIntegerField(_("calls before no-show"), default=3)
    late_tolerance_minutes = models.PositiveSmallIntegerField(
        _("late tolerance (minutes)"), default=15
    )
    nik_retention_days = models.PositiveSmallIntegerField(
        _("keep NIKs for (days)"),
        default=1,
        help_text=_("A ticket's NIK is erased this many days after it was issued."),
    )
    config_version = models.PositiveIntegerField(default=1, editable=False)
    hours = models.JSONField(
        _("opening hours"),
        default=default_hours,
        help_text=_(
            "Periods per weekday; a break is the gap between two periods; a weekday not listed "
            'is closed. E.g. {"monday": ["08:00-12:00", "13:00-16:00"], '
            '"friday": ["08:00-11:30", "13:30-16:30"]}'
        ),
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            weekly_hours(self.hours)
        except HoursError as exc:
            raise ValidationError({"hours": str(exc)}) from None

    def local_now(self) -> datetime:
        from zoneinfo import ZoneInfo

        return now().astimezone(ZoneInfo(self.time_zone))


class Service(models.Model):
    office = models.ForeignKey(
        Office, models.CASCADE, related_name="services", verbose_name=_("office")
    )
    code = models.CharField(_("code"), max_length=32, help_text="a-z, 0-9, _")
    prefix = models.CharField(_("number prefix"), max_length=1, help_text="A-Z")
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    average_minutes = models.FloatField(_("average service minutes"), default=10.0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    enabled = models.BooleanField(_("offered"), default=True)
    last_issue = models.TimeField(
        _("last number at"),
        null=True,
        blank=True,
        help_text=_("No numbers from this time on (a booking within its slot still gets one)."),
    )
    quota_walk_in = models.PositiveIntegerField(_("daily quota: walk-in"), null=True, blank=True)
    quota_priority = models.PositiveIntegerField(_("daily quota: priority"), null=True, blank=True)
    quota_booking = models.PositiveIntegerField(_("daily quota: booking"), null=True, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["office", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="service_code_per_office"),
            models.UniqueConstraint(fields=["office", "prefix"], name="service_prefix_per_office"),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[a-z0-9_]{1,32}$"), name="service_code_form"
            ),
            models.CheckConstraint(
                condition=Q(prefix__regex=r"^[A-Z]$"), name="service_prefix_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name_id}"

    def rules(self) -> ServiceRules:
        quotas = {
            Lane.REGULAR: self.quota_walk_in,
            Lane.PRIORITY: self.quota_priority,
            Lane.APPOINTMENT: self.quota_booking,
        }
        return ServiceRules(self.last_issue, {k: v for k, v in quotas.items() if v is not None})


class Holiday(models.Model):
    """A day the office issues no numbers: a national holiday or a collective leave day."""

    office = models.ForeignKey(
        Office, models.CASCADE, related_name="holidays", verbose_name=_("office")
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["office", "date"]
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="one_holiday_per_office_day")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"


class Counter(models.Model):
    office = models.ForeignKey(
        Office, models.CASCADE, related_name="counters", verbose_name=_("office")
    )
    number = models.PositiveSmallIntegerField(_("loket number"))
    name = models.CharField(_("name"), max_length=60, blank=True)
    services = models.ManyToManyField(Service, verbose_name=_("services"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counter (loket)")
        verbose_name_plural = _("counters (loket)")
        ordering = ["office", "number"]
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="counter_number_per_office")
        ]

    def __str__(self) -> str:
        return self.name or f"Loket {self.number}"


class Kiosk(models.Model):
    """A lobby kiosk. Its token is stored as a SHA-256 hash: shown once at registration."""

    office = models.ForeignKey(
        Office, models.CASCADE, related_name="kiosks", verbose_name=_("office")
    )
    name = models.CharField(
        _("kiosk id"), max_length=40, unique=True, help_text=_("The kiosk's [kiosk] id.")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    offline_block_start = models.PositiveIntegerField(
        _("offline block start"),
        default=800,
        help_text=_("The kiosk's [central] offline_block_start: it numbers offline from here + 1."),
    )
    offline_block_size = models.PositiveIntegerField(_("offline block size"), default=100)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # The last heartbeat, as the kiosk reported it.
    last_seen = models.DateTimeField(_("last heartbeat"), null=True, blank=True, editable=False)
    version = models.CharField(_("version"), max_length=40, blank=True, editable=False)
    printer_fault = models.CharField(_("printer fault"), max_length=60, blank=True, editable=False)
    printer_warning = models.CharField(
        _("printer warning"), max_length=60, blank=True, editable=False
    )
    scanner_fault = models.CharField(_("scanner fault"), max_length=60, blank=True, editable=False)
    backlog_pending = models.PositiveIntegerField(_("backlog"), default=0, editable=False)
    backlog_parked = models.PositiveIntegerField(_("parked"), default=0, editable=False)
    clock_skew_s = models.FloatField(_("clock skew (s)"), null=True, blank=True, editable=False)
    clock_synced = models.BooleanField(_("clock synced"), null=True, editable=False)
    guides_version = models.PositiveIntegerField(_("guides version"), default=0, editable=False)
    last_state = models.JSONField(_("last heartbeat"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["office", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def offline_block_end(self) -> int:
        return self.offline_block_start + self.offline_block_size


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        CHECKED_IN = "checked_in", _("checked in")
        CANCELLED = "cancelled", _("cancelled")
        NO_SHOW = "no_show", _("did not come")

    office = models.ForeignKey(
        Office, models.CASCADE, related_name="bookings", verbose_name=_("office")
    )
    code = models.CharField(_("booking code"), max_length=64)
    service = models.ForeignKey(Service, models.PROTECT, verbose_name=_("service"))
    slot_start = models.DateTimeField(_("slot start"), null=True, blank=True)
    slot_end = models.DateTimeField(_("slot end"), null=True, blank=True)
    holder_masked = models.CharField(_("holder (masked)"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.BOOKED)
    # issue 29: bookings made on the public pages. No NIK: a keyed hash of it (one active
    # booking per person, service and day; a no-show's cool-down), its last four digits (the
    # second factor, and what the counter shows beside the number) and the name, erased by the
    # retention pass after the day (kiosk_central.booking.retention).
    day = models.DateField(_("day"), null=True, blank=True)
    holder_key = models.CharField(max_length=64, blank=True, editable=False)
    holder_last4 = models.CharField(_("ID: last 4"), max_length=4, blank=True, editable=False)
    holder_name = models.CharField(_("name"), max_length=80, blank=True, editable=False)
    contact = models.CharField(max_length=120, blank=True, editable=False)
    language = models.CharField(max_length=2, default="id", editable=False)
    moves = models.PositiveSmallIntegerField(_("moved"), default=0, editable=False)
    created_at = models.DateTimeField(_("booked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["slot_start", "code"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="booking_code_per_office"),
            models.UniqueConstraint(
                fields=["office", "service", "day", "holder_key"],
                condition=Q(status__in=["booked", "checked_in"]) & ~Q(holder_key=""),
                name="one_active_booking_per_person",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Za-z0-9-]{1,64}$"), name="booking_code_form"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DayCounter(models.Model):
    """The last number the central gave in one service on one office-local day: the row that
    is locked while the next one is taken."""

    service = models.ForeignKey(Service, models.CASCADE)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "day"], name="one_counter_per_service_day")
        ]


class Ticket(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        SERVING = "serving", _("serving")
        DONE = "done", _("done")
        NO_SHOW = "no_show", _("no-show")
        VOIDED = "voided", _("voided")

    class Origin(models.TextChoices):
        CENTRAL = "central", _("numbered by the central")
        OFFLINE = "offline", _("numbered by the kiosk offline")

    LANES = [("regular", _("regular")), ("priority", _("priority")), ("appointment", _("booked"))]
    SOURCES = [("nik", "NIK"), ("walk_in", _("walk-in")), ("booking", _("booking"))]

    # The kiosk's id for the ticket. A ticket superseded by the kiosk's offline number keeps
    # it, voided, beside the one that replaced it: the partial unique constraint allows that.
    uid = models.UUIDField(_("ticket id"), db_index=True)
    superseded = models.BooleanField(default=False)
    office = models.ForeignKey(
        Office, models.CASCADE, related_name="tickets", verbose_name=_("office")
    )
    service = models.ForeignKey(Service, models.PROTECT, verbose_name=_("service"))
    kiosk = models.ForeignKey(Kiosk, models.PROTECT, null=True, blank=True, verbose_name=_("kiosk"))
    day = models.DateField(_("day"))
    seq = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=8)
    lane = models.CharField(_("lane"), max_length=12, choices=LANES)
    source = models.CharField(_("source"), max_length=8, choices=SOURCES)
    origin = models.CharField(_("origin"), max_length=8, choices=Origin)
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.WAITING)
    issued_at = models.DateTimeField(_("issued (kiosk clock)"))
    clock_synced = models.BooleanField(default=True)
    kiosk_sequence = models.PositiveBigIntegerField(null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    # Its place in the queue: when the central saw it, or for a ticket numbered offline by a
    # kiosk whose clock was synced, when the visitor took it (never later than received).
    queued_at = models.DateTimeField(default=timezone.now)
    booking_code = models.CharField(_("booking code"), max_length=64, blank=True)
    # The full NIK, kept for the office's retention (Office.nik_retention_days), then erased by
    # `kiosk-central purge-niks`. Never logged, never shown in full.
    nik = models.CharField(max_length=16, blank=True, editable=False)
    # A kiosk numbered it offline past a quota or outside the hours the central knows: the
    # visitor holds the paper, so it stands, and the supervisor sees it listed.
    over_quota = models.BooleanField(_("over quota"), default=False, editable=False)
    outside_hours = models.BooleanField(_("outside hours"), default=False, editable=False)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-day", "received_at"]
        constraints = [
            # Never two tickets with one number in a service on a day, voided ones included.
            models.UniqueConstraint(fields=["service", "day", "seq"], name="number_never_repeats"),
            models.UniqueConstraint(
                fields=["uid"], condition=Q(superseded=False), name="one_live_ticket_per_id"
            ),
        ]
        indexes = [models.Index(fields=["service", "day", "state"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.day})"


class TicketEvent(models.Model):
    """What happened to a ticket, when, where and by whom. Append-only."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("issued")
        CALLED = "called", _("called")
        RECALLED = "recalled", _("called again")
        NO_SHOW = "no_show", _("no-show")
        TRANSFERRED = "transferred", _("transferred")
        DONE = "done", _("done")
        VOIDED = "voided", _("voided")

    ticket = models.ForeignKey(Ticket, models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind)
    at = models.DateTimeField(default=timezone.now)
    counter = models.ForeignKey(Counter, models.PROTECT, null=True, blank=True)
    staff = models.ForeignKey("auth.User", models.PROTECT, null=True, blank=True)
    kiosk = models.ForeignKey(Kiosk, models.PROTECT, null=True, blank=True, verbose_name=_("kiosk"))
    to_service = models.ForeignKey(Service, models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("ticket events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ticket events are append-only")


class CheckIn(models.Model):
    id = models.UUIDField(primary_key=True)
    office = models.ForeignKey(Office, models.CASCADE, verbose_name=_("office"))
    kiosk = models.ForeignKey(Kiosk, models.PROTECT, verbose_name=_("kiosk"))
    booking_code = models.CharField(max_length=64)
    ticket_uid = models.UUIDField()
    at = models.DateTimeField()
    verified = models.BooleanField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")


class Rating(models.Model):
    id = models.UUIDField(primary_key=True)
    office = models.ForeignKey(Office, models.CASCADE, verbose_name=_("office"))
    kiosk = models.ForeignKey(Kiosk, models.PROTECT, verbose_name=_("kiosk"))
    value = models.PositiveSmallIntegerField()
    element = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField()
    clock_synced = models.BooleanField()
    kiosk_sequence = models.PositiveBigIntegerField()
    ticket_number = models.CharField(max_length=8, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")


class IdempotentReply(models.Model):
    """The first answer to a kiosk's write, kept so a retry gets it again and changes nothing."""

    kiosk = models.ForeignKey(Kiosk, models.CASCADE, verbose_name=_("kiosk"))
    scope = models.CharField(max_length=40)  # the operation: "ticket", "checkin", ...
    key = models.UUIDField()
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the canonical request body
    status = models.PositiveSmallIntegerField()
    reply = models.JSONField()
    ticket = models.ForeignKey(Ticket, models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kiosk", "scope", "key"], name="one_reply_per_key")
        ]


class GuideVersion(models.Model):
    office = models.ForeignKey(
        Office, models.CASCADE, related_name="guide_versions", verbose_name=_("office")
    )
    version = models.PositiveIntegerField(_("version"))
    bundle = models.JSONField(editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["office", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["office", "version"], name="guide_version_per_office")
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class RespondentProfile(models.Model):
    """A respondent's optional answers about themselves, for the SKM report's profile: kept
    apart from any ticket, rating or time that could name the person (the month only)."""

    id = models.UUIDField(primary_key=True)
    office = models.ForeignKey(Office, models.CASCADE, verbose_name=_("office"))
    kiosk = models.ForeignKey(Kiosk, models.PROTECT, verbose_name=_("kiosk"))
    month = models.CharField(_("month"), max_length=7, db_index=True)  # "YYYY-MM"
    sex = models.CharField(_("sex"), max_length=8, blank=True)
    age = models.CharField(_("age"), max_length=8, blank=True)
    education = models.CharField(_("education"), max_length=8, blank=True)
    occupation = models.CharField(_("occupation"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("respondent profile")
        verbose_name_plural = _("respondent profiles")
