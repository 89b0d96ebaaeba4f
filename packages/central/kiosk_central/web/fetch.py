"""Telling a page's own script (fetch) from a browser that follows links and posts forms: the
script asks for JSON, so an answer meant for it is never a page it cannot show."""

from __future__ import annotations

from django.http import HttpRequest


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")
