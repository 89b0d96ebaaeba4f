"""The public side's own endpoints: the proof-of-work challenge the forms' widget fetches."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kiosk_central.public.address import client_address
from kiosk_central.public.gate import new_challenge
from kiosk_central.public.limits import Limit, allow
from kiosk_central.public.throttle import throttled

log = logging.getLogger(__name__)

# A page asks once, and again when a challenge expires or a form is refused; a script asking
# for thousands to solve them in bulk is stopped here.
CHALLENGES = Limit("challenge-ip", 60, timedelta(minutes=10))


@require_GET
@never_cache
@throttled
def challenge(request: HttpRequest) -> JsonResponse:
    if not allow(CHALLENGES, client_address(request)):
        log.info("challenge: refused, too many from one address")
        return JsonResponse({"error": "too many requests"}, status=429)
    return JsonResponse(new_challenge())
