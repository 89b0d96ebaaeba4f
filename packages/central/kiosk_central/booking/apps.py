from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "kiosk_central.booking"
    label = "booking"
    verbose_name = _("Online booking")
    default_auto_field = "django.db.models.BigAutoField"
