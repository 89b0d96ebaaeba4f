"""Django settings, made from the central's TOML config (``$KIOSK_CENTRAL_CONFIG``).

Nothing here is edited per office: what differs between offices is in the config file (the
machine: storage, time zone, hosts) or in the database (the office: services, counters,
kiosks), which the admin edits.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from kiosk_central.config import load

CONFIG = load()
STATE_DIR = CONFIG.state_path
STATE_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key(path: Path) -> str:
    """Made once, kept beside the data with mode 600: never in the config or the code."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


try:
    SECRET_KEY = _secret_key(STATE_DIR / "secret_key")
except FileExistsError:  # another process made it between our read and our create
    SECRET_KEY = (STATE_DIR / "secret_key").read_text().strip()

DEBUG = False
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "kiosk_central.queue",
    # issue 14: the staff web shell, the counter terminal, the display and status pages
    "kiosk_central.web",
    "kiosk_central.counter",
    "kiosk_central.display",
    "kiosk_central.announce",
    "kiosk_central.dashboard",
    # issue 29: the public pages' shell and their defences against scripts
    "kiosk_central.public",
    "kiosk_central.booking",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kiosk_central.web.middleware.IndonesianFirst",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kiosk_central.web.middleware.IdleTimeout",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "kiosk_central.project.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "kiosk_central.project.wsgi.application"
DATABASES = {"default": CONFIG.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = CONFIG.language
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
TIME_ZONE = CONFIG.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = STATE_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise looks there too; empty, files come from finders
WHITENOISE_USE_FINDERS = True  # serve the admin's files straight from the installed package
WHITENOISE_AUTOREFRESH = False

SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # a guide bundle or a day's bookings CSV
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# issue 14: staff sign-in, the CSRF refusal page, and where the spoken segments are served from
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "counter"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "kiosk_central.web.csrf.csrf_failure"
SEGMENTS_DIR = STATE_DIR / "announce"

# issue 29: the public pages. Whose X-Forwarded-For names the visitor; how much work the
# proof-of-work challenge asks (about a second on a cheap phone; see public/gate.py).
PUBLIC_TRUSTED_PROXIES = list(CONFIG.trusted_proxies)
PUBLIC_POW_MAX_COUNTER = CONFIG.challenge_work
PUBLIC_CONCURRENCY = 16  # public requests per process using the database at once

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    # Request logging would print paths; ours hold no NIK, but bodies never reach a log.
    "loggers": {"django.request": {"level": "ERROR"}},
}
