from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "kiosk_central.dashboard"
    label = "dashboard"
    verbose_name = _("Supervisor dashboard")
    default_auto_field = "django.db.models.BigAutoField"
