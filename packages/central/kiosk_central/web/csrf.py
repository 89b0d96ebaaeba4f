"""A form sent without its CSRF token, or with a stale one: nothing is changed, and the person
is told why and where to go. At the counter the usual cause is a session that ended (signed
out elsewhere, every cookie cleared): the clerk is sent to sign in and brought back to the
counter with a message, rather than left on an error page."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _wants_json(request) -> bool:
    """The counter page's script (fetch) asks for JSON: it is told what to do, not sent a page."""
    return "application/json" in request.headers.get("Accept", "")


def csrf_failure(request, reason: str = ""):
    log.info("form refused (CSRF): %s %s", request.path[:100], reason[:100])
    at_counter = request.path.startswith(reverse("counter"))
    signed_in = request.user.is_authenticated
    if at_counter and not signed_in:
        resume = reverse("counter-resume")
        if _wants_json(request):
            return JsonResponse({"signin": f"{reverse('login')}?next={resume}"}, status=403)
        return redirect_to_login(resume)
    if _wants_json(request):
        messages.error(request, _("The page was out of date, so that press was not done."))
        return JsonResponse({"reload": True}, status=403)
    return render(request, "central/csrf.html", {"signed_in": signed_in}, status=403)
