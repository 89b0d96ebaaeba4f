"""Staff pages, the admin and the kiosk API answer only the office's staff networks: every
view not marked ``@public`` (kiosk_central/network.py) refuses anyone else, with a page that
says why (the API with a problem)."""

from __future__ import annotations

import logging

from kiosk_central.api.problems import problem
from kiosk_central.network import within
from kiosk_central.web.views import staff_only

log = logging.getLogger(__name__)


class StaffNetworkOnly:
    """Every view not marked ``@public`` answers only requests from ``staff_networks``."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "public_page", False):
            return None
        if within(request.META.get("REMOTE_ADDR", ""), "staff_networks"):
            return None
        log.warning("refused %s from outside the staff networks", request.path[:80])
        if request.path.startswith("/api/"):
            return problem(
                403,
                "staff_network_only",
                "this address is not in the office's staff networks",
                instance=request.path,
            )
        return staff_only(request)
