from django.apps import AppConfig


class AnnounceConfig(AppConfig):
    """Installed so its static files (the display's announcer) are served."""

    name = "kiosk_central.announce"
    label = "announce"
