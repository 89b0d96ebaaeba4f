"""The office's ``config_version``: raised by every change to what the calling rules read of
it (the office itself, its services, its counters and what each serves), in the transaction
that makes the change. A process holding the day (kiosk_central.calling.queue) reads the
office's row on each step, as it must anyway, and its services and counters again only when
the version moved: three statements fewer in each Call next, each counter panel and each
rebuild of the live pages. A change made around Django (SQL by hand) is seen at the next
whole read of the day (``queue.RELOAD_S``), or at once if it raises the version too."""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from kiosk_central.queue.models import Counter, Office, Service


def _raise(office_id: int | None) -> None:
    if office_id is not None:
        # update(): no signal, and no lost raise when two admins save at once
        Office.objects.filter(pk=office_id).update(config_version=F("config_version") + 1)


def _office_saving(sender, instance: Office, raw: bool, **kwargs) -> None:
    # The admin's form writes every field back, the version as it was when the form was
    # opened: minutes later, a version raised meanwhile would go back and a process that read
    # the services at the higher one would miss the next change. Written as it is now.
    if instance.pk is not None and not raw:
        now = Office.objects.filter(pk=instance.pk).values_list("config_version", flat=True)
        instance.config_version = now.first() or instance.config_version


def _office_saved(sender, instance: Office, created: bool, **kwargs) -> None:
    if not created:
        _raise(instance.pk)


def _part_changed(sender, instance, **kwargs) -> None:
    _raise(instance.office_id)


def _served_changed(sender, instance, action: str, **kwargs) -> None:
    # a counter's services set, or a service's counters (either is of the same office)
    if action.startswith("post_"):
        _raise(instance.office_id)


def connect() -> None:
    pre_save.connect(_office_saving, sender=Office, dispatch_uid="stamp-office-pre")
    post_save.connect(_office_saved, sender=Office, dispatch_uid="stamp-office")
    for model in (Service, Counter):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"stamp-{model.__name__}")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"stamp-d-{model.__name__}")
    m2m_changed.connect(_served_changed, sender=Counter.services.through, dispatch_uid="stamp-m2m")
