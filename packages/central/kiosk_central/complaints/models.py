"""Complaints, suggestions, questions and compliments sent from the public page, and what the
office did with each: an append-only log of events (who, when, what), the public replies among
them, and the messages the sender or the office is due through the webhook.

The complaint's ``state``, ``first_answer_at`` and ``closed_at`` are a cache of its events; the
events are the truth and are never updated or deleted (the model refuses both).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kiosk_central.queue.models import Office, Ticket
from kiosk_central.queue.models import now as clock

TEXT_LIMIT = 2000
CONTACT_LIMIT = 120


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("complaint")
    SUGGESTION = "suggestion", _("suggestion")
    QUESTION = "question", _("question")
    COMPLIMENT = "compliment", _("compliment")


class Category(models.TextChoices):
    PROCEDURE = "procedure", _("service procedure")
    CONDUCT = "conduct", _("staff conduct")
    WAITING = "waiting", _("waiting time")
    FACILITIES = "facilities", _("facilities")
    FEES = "fees", _("fees or illegal charges")
    INFORMATION = "information", _("information")
    OTHER = "other", _("other")


class State(models.TextChoices):
    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")
    REFUSED = "refused", _("refused")


OPEN_STATES = (State.NEW, State.IN_PROGRESS)
RESOLVED_STATES = (State.ANSWERED, State.CLOSED, State.REFUSED)
FINAL_STATES = (State.CLOSED, State.REFUSED)


class ComplaintSettings(models.Model):
    """Per office: service levels, how long a closed complaint keeps its contact details, who
    heads the office (the only one, with the supervisor they choose, who sees reports of fees
    or illegal charges), and where a sender goes when the office cannot resolve it."""

    office = models.OneToOneField(
        Office, models.CASCADE, related_name="complaint_settings", verbose_name=_("office")
    )
    first_answer_days = models.PositiveSmallIntegerField(
        _("first answer within (working days)"), default=3
    )
    resolution_days = models.PositiveSmallIntegerField(
        _("resolution within (working days)"), default=14
    )
    erase_contact_days = models.PositiveSmallIntegerField(
        _("erase contact details after closing (days)"), default=30
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of office"),
        help_text=_(
            "Sees reports of fees or illegal charges and chooses the supervisor who handles them."
        ),
    )
    fees_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,  # chosen by the head in the inbox, not by whoever runs the admin
        verbose_name=_("supervisor for reports of fees"),
    )
    lapor_url = models.URLField(_("SP4N-LAPOR! address"), default="https://www.lapor.go.id/")
    inspectorate = models.CharField(
        _("inspectorate"),
        max_length=300,
        default="Inspektorat Jenderal Kementerian Imigrasi dan Pemasyarakatan",
        help_text=_("Its name and how to reach it, shown to a sender reporting the office's head."),
    )

    class Meta:
        verbose_name = _("complaint settings")
        verbose_name_plural = _("complaint settings")

    def __str__(self) -> str:
        return str(self.office)

    @classmethod
    def of(cls, office: Office) -> ComplaintSettings:
        found, _created = cls.objects.get_or_create(office=office)
        return found


class Complaint(models.Model):
    office = models.ForeignKey(Office, models.CASCADE, related_name="complaints")
    code = models.CharField(max_length=12, unique=True)  # the public tracking code
    secret_hash = models.CharField(max_length=64)  # SHA-256 of salt + secret, shown once
    salt = models.CharField(max_length=32)
    kind = models.CharField(max_length=12, choices=Kind)
    category = models.CharField(max_length=12, choices=Category)
    text = models.TextField(max_length=TEXT_LIMIT)
    nik_masked = models.BooleanField(default=False)
    concerns_head = models.BooleanField(default=False)
    # The visit: the ticket (from its status page) or what the sender typed.
    ticket = models.ForeignKey(Ticket, models.SET_NULL, null=True, blank=True, related_name="+")
    visit_number = models.CharField(max_length=8, blank=True)
    visit_day = models.DateField(null=True, blank=True)
    # Contact details, erased ``erase_contact_days`` after closing; empty when anonymous.
    name = models.CharField(max_length=CONTACT_LIMIT, blank=True)
    contact = models.CharField(max_length=CONTACT_LIMIT, blank=True)
    contact_erased_at = models.DateTimeField(null=True, blank=True)
    # The photo is personal data too (a face, a number plate): it goes with the contact.
    photo_erased_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State, default=State.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(default=clock)
    first_answer_at = models.DateTimeField(null=True, blank=True)  # the first public reply
    resolved_at = models.DateTimeField(null=True, blank=True)  # first answered, closed or refused
    closed_at = models.DateTimeField(null=True, blank=True)
    # Which overdue alerts were raised ("first", "resolution"), so each is sent once.
    overdue_alerted = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["office", "state", "received_at"])]

    def __str__(self) -> str:
        return self.code

    @property
    def sensitive(self) -> bool:
        return self.category == Category.FEES

    @property
    def anonymous(self) -> bool:
        return not (self.name or self.contact)


class Photo(models.Model):
    """The re-encoded photo (JPEG, no metadata), kept apart so a list never loads it."""

    complaint = models.OneToOneField(Complaint, models.CASCADE, related_name="photo")
    data = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()


class Event(models.Model):
    """What happened to a complaint, when and by whom. Append-only."""

    class Type(models.TextChoices):
        RECEIVED = "received", _("received")
        ASSIGNED = "assigned", _("assigned")
        STATE = "state", _("state changed")
        REPLY = "reply", _("public reply")
        NOTE = "note", _("internal note")
        OPENED = "opened", _("opened")
        PHOTO = "photo", _("photo downloaded")
        OVERDUE = "overdue", _("overdue")
        NOTIFIED = "notified", _("sender notified")
        ERASED = "erased", _("contact details erased")

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="events")
    type = models.CharField(max_length=10, choices=Type)
    at = models.DateTimeField(default=clock)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=12, choices=State, blank=True)
    text = models.TextField(max_length=TEXT_LIMIT, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("complaint events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("complaint events are append-only")


class Outgoing(models.Model):
    """A webhook message due: the sender's "answered" or the office's "overdue". The body is
    built when it is sent, so erased contact details are never sent from here."""

    class Why(models.TextChoices):
        ANSWERED = "answered", _("answered")
        OVERDUE = "overdue", _("overdue")

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="outgoing")
    why = models.CharField(max_length=10, choices=Why)
    detail = models.CharField(max_length=20, blank=True)  # which service level was missed
    created_at = models.DateTimeField(default=clock)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["sent_at"], condition=Q(sent_at__isnull=True), name="complaint_outgoing_due"
            )
        ]
