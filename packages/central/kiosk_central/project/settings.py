"""Django settings, made from the central's TOML config (``$KIOSK_CENTRAL_CONFIG``).

Nothing here is edited per office: what differs between offices is in the config file (the
machine: storage, time zone, hosts) or in the database (the office: services, counters,
kiosks), which the admin edits.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from kiosk_central.config import load
from kiosk_central.private import private_state

CONFIG = load()
STATE_DIR = CONFIG.state_path
# issue 25: everything this process makes (the database, its -wal and -shm, the secret key,
# reports) is the service's alone, however it was started: systemd's UMask or a shell's 022.
os.umask(0o077)
STATE_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
private_state(STATE_DIR)


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
    "kiosk_central.backup",  # issue 31: backups, restore, the generation
    # issue 29: the public pages' shell and their defences against scripts
    "kiosk_central.public",
    "kiosk_central.complaints",  # issue 30
    "axes",  # issue 25: one lockout for every sign-in (web/lockout.py)
    "csp",
    "kiosk_central.booking",  # issue 29
]
MIDDLEWARE = [
    "kiosk_central.network.ClientAddress",  # issue 25: first, so all see the client's
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kiosk_central.web.middleware.IndonesianFirst",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kiosk_central.public.bodies.RefuseLargeBodies",  # before the CSRF check reads a body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kiosk_central.web.middleware.IdleTimeout",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kiosk_central.project.staff_networks.StaffNetworkOnly",
    "axes.middleware.AxesMiddleware",
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

# issue 25: scripts, styles, sounds and streams from this central only, none inline, nothing
# from another origin; no page may be framed (X_FRAME_OPTIONS too, for older browsers).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if CONFIG.trusted_proxies:
    # Behind the proxy (install-central.sh's nginx, which ends TLS): the proxy's word on
    # HTTPS counts (ClientAddress drops the header from anyone else) and cookies go only over
    # HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # a guide bundle or a day's bookings CSV
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# issue 14: staff sign-in, the CSRF refusal page, and where the spoken segments are served from
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked sign-in stops here
    "django.contrib.auth.backends.ModelBackend",
]
# issue 25: the lockout's rule is in web/lockout.py
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = "kiosk_central.web.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "kiosk_central.web.lockout.client_address"
AXES_USERNAME_CALLABLE = "kiosk_central.web.lockout.username"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_HTTP_RESPONSE_CODE = 429
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "counter"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "kiosk_central.web.csrf.csrf_failure"
SEGMENTS_DIR = STATE_DIR / "announce"

# issue 29: the public pages. How much work the proof-of-work challenge asks (about a second
# on a cheap phone; see public/gate.py). The visitor's address is network.py's (issue 25).
PUBLIC_POW_MAX_COUNTER = CONFIG.challenge_work
PUBLIC_CONCURRENCY = 16  # public requests per process using the database at once

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(levelname)s %(name)s: %(message)s"}},
    # A booking's private link is its key: never in a line (kiosk_central/public/logs.py).
    "filters": {"secret_paths": {"()": "kiosk_central.public.logs.HideSecretPaths"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["secret_paths"],
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    # Request logging would print paths; ours hold no NIK, but bodies never reach a log.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes.apps": {"level": "WARNING"},  # its version banner on every command
    },
}
