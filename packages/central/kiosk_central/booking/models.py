"""What online booking adds beside the queue's bookings (kiosk_central.queue.models.Booking):
the office's booking settings, each service's places per slot, slots the supervisor closed, the
places taken per slot (the row locked while a place is taken), and no-show marks.

No NIK is stored here or on a booking: a keyed hash of it (to find a second booking by the same
person, and a no-show's cool-down) and its last four digits (the second factor and what the
counter shows), erased with the retention pass.
"""

from __future__ import annotations

from datetime import time

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kiosk_central.queue.models import Office, Service


class BookingSettings(models.Model):
    office = models.OneToOneField(
        Office, models.CASCADE, related_name="booking_settings", verbose_name=_("office")
    )
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    window_days = models.PositiveSmallIntegerField(
        _("booking window (days)"),
        default=14,
        help_text=_("How many days ahead a visitor may book, today included."),
    )
    release_time = models.TimeField(
        _("new day opens at"),
        default=time(7, 0),
        help_text=_("The last day of the window opens for booking at this time each day."),
    )
    max_moves = models.PositiveSmallIntegerField(_("moves allowed per booking"), default=2)
    no_show_cooldown_days = models.PositiveSmallIntegerField(
        _("no-show cool-down (days)"),
        default=30,
        help_text=_("A person who booked and did not come may book online again after this."),
    )
    webhook_url = models.URLField(
        _("notification webhook"),
        blank=True,
        help_text=_(
            "The office's gateway (WhatsApp, SMS or e-mail) that receives confirmations, "
            "reminders and slot changes as JSON. Empty: no notifications, the pages suffice."
        ),
    )

    class Meta:
        verbose_name = _("booking settings")
        verbose_name_plural = _("booking settings")

    def __str__(self) -> str:
        return str(self.office)

    @classmethod
    def of(cls, office: Office) -> BookingSettings:
        found = cls.objects.filter(office=office).first()
        return found or cls(office=office)


class ServiceSlots(models.Model):
    """Places per slot in one service; none set: the booking quota spread over the day."""

    service = models.OneToOneField(
        Service, models.CASCADE, related_name="slots", verbose_name=_("service")
    )
    places_per_slot = models.PositiveSmallIntegerField(_("places per slot"))

    class Meta:
        verbose_name = _("places per slot")
        verbose_name_plural = _("places per slot")

    def __str__(self) -> str:
        return f"{self.service}: {self.places_per_slot}"


class SlotClosure(models.Model):
    """Slots the supervisor closed (a meeting, an outage): no new bookings, and the bookings
    already in them are told and may move."""

    office = models.ForeignKey(Office, models.CASCADE, verbose_name=_("office"))
    service = models.ForeignKey(
        Service,
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("service"),
        help_text=_("Empty: every service."),
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason (shown to visitors)"), max_length=200)

    class Meta:
        verbose_name = _("closed slots")
        verbose_name_plural = _("closed slots")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="closure_order")
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}: {self.reason}"


class SlotTaken(models.Model):
    """Places taken in one slot of one service: the row a booking updates under its lock
    (``taken < capacity``), so two requests never take the last place twice."""

    service = models.ForeignKey(Service, models.CASCADE)
    start = models.DateTimeField()
    taken = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "start"], name="one_count_per_slot")
        ]


class NoShowMark(models.Model):
    """A person (a keyed hash of their NIK or passport) who booked and did not come, kept only
    until their cool-down ends."""

    office = models.ForeignKey(Office, models.CASCADE)
    key = models.CharField(max_length=64)
    until = models.DateField()
    count = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "key"], name="one_mark_per_key")]


class Notice(models.Model):
    """A message for the visitor through the office's webhook (confirmed, moved, cancelled,
    reminder, slot closed): queued by the page in the booking's transaction's wake, sent by
    the ``booking-notices`` timer, once (``sent_at``), retried with growing pauses."""

    booking = models.ForeignKey("queue.Booking", models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16)
    # What makes two notices of one kind different (the slot for "moved" and "reminder"):
    # the same one is never queued, so never sent, twice.
    key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind", "key"], name="one_notice_each")
        ]


class BookingLink(models.Model):
    """A booking's private link (``/reservasi/k/<token>/``), shown once on its confirmation: the
    token opens the booking's page without the second factor, so only its SHA-256 is kept."""

    booking = models.ForeignKey("queue.Booking", models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField()
