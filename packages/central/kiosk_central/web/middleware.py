"""Signs staff out after ``IDLE_S`` without a request of their own (a counter PC left signed
in over lunch); the session's absolute age is Django's SESSION_COOKIE_AGE (a working day).
Live streams and polls do not count as activity: a page left open is not a person there."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

IDLE_S = 60 * 60
PASSIVE = ("/display/", "/s/", "/static/", "/announce/")
PASSIVE_ENDS = ("/live", "/panel", "/state")  # the counter page keeping itself live


class IdleTimeout:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        passive = request.path.startswith(PASSIVE) or request.path.endswith(PASSIVE_ENDS)
        if user is not None and user.is_authenticated and not passive:
            now = time.time()
            last = request.session.get("last_seen", now)
            if now - last > IDLE_S:
                logout(request)
                messages.info(request, _("You were signed out after an hour without activity."))
            else:
                request.session["last_seen"] = now
        return self.get_response(request)


class IndonesianFirst:
    """The office's language (LANGUAGE_CODE, Indonesian by default) unless someone chose
    another with the switch: an office PC set up in English still shows Indonesian first.
    Runs before LocaleMiddleware, which then sees the switch's cookie or nothing."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
