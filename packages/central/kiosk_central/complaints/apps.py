from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "kiosk_central.complaints"
    label = "complaints"
    verbose_name = _("Complaints and suggestions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kiosk_central.complaints.access import make_groups

        post_migrate.connect(make_groups, sender=self)
        # The dashboard's period report (and its exports) shows the complaints' tables.
        from kiosk_central.complaints import reporting
        from kiosk_central.dashboard import period

        period.SECTIONS.append((reporting.tables, reporting.fingerprint))
