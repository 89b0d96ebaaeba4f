from django.apps import AppConfig


class DisplayConfig(AppConfig):
    name = "kiosk_central.display"
    label = "display"
