"""The ASGI application the server runs (kiosk_central.server): Django's, as for WSGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosk_central.project.settings")
application = get_asgi_application()
