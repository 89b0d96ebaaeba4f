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
        # The dashboard's period report (and its exports) shows the complaints' tables, and the
        # SKM report's follow-up section says what was received and answered.
        from kiosk_central.complaints import reporting
        from kiosk_central.dashboard import follow_up, period

        section = (reporting.tables, reporting.fingerprint)
        if section not in period.SECTIONS:
            period.SECTIONS.append(section)
        if reporting.skm_follow_up not in follow_up.FOLLOW_UPS:
            follow_up.FOLLOW_UPS.append(reporting.skm_follow_up)
        # The form's body past MAX_BODY is answered unread, with the form again and why.
        from kiosk_central.complaints.public import MAX_BODY, SEND_PATH, too_big
        from kiosk_central.public import bodies

        bodies.limit(SEND_PATH, MAX_BODY, too_big)
