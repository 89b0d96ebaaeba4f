from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "kiosk_central.web"
    label = "web"
    verbose_name = _("Staff web")
    default_auto_field = "django.db.models.BigAutoField"
