from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "kiosk_central.booking"
    label = "booking"
    verbose_name = _("Online booking")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kiosk_central.booking.retention import forget_holders
        from kiosk_central.queue.retention import also_erase

        # A booking's NIK and name go with the tickets' NIKs, in the same purge (issue 29).
        also_erase("booking holders", forget_holders)
        # A body far larger than a booking form is answered unread, in the booking's words.
        from kiosk_central.booking import views
        from kiosk_central.public import bodies

        bodies.limit("/reservasi/", views.MAX_BODY, views.too_big, prefix=True)
        # The dashboard's period report (and its exports) shows the bookings' tables, the live
        # page today's bookings per slot.
        from kiosk_central.booking import kpis
        from kiosk_central.dashboard import live, period

        section = (kpis.tables, kpis.fingerprint)
        if section not in period.SECTIONS:
            period.SECTIONS.append(section)
        if kpis.today_table not in live.PANELS:
            live.PANELS.append(kpis.today_table)
        # What a slot is made of changed here: the full slots this process remembers go.
        from django.db.models.signals import post_delete, post_save

        from kiosk_central.booking import full, models
        from kiosk_central.queue.models import Holiday, Office, Service

        made_of = (models.BookingSettings, models.ServiceSlots, models.SlotClosure)
        for model in (*made_of, Holiday, Office, Service):
            post_save.connect(full.forget, sender=model, dispatch_uid=f"full-{model.__name__}")
            post_delete.connect(full.forget, sender=model, dispatch_uid=f"full-d-{model.__name__}")
