from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class QueueConfig(AppConfig):
    name = "kiosk_central.queue"
    label = "queue"
    verbose_name = _("Queue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kiosk_central.queue import config_stamp
        from kiosk_central.queue.roles import sync_roles

        post_migrate.connect(sync_roles, sender=self)
        config_stamp.connect()
