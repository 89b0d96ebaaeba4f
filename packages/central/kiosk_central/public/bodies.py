"""A public form's body past what the form takes is answered before anything reads it: Django's
CSRF check would otherwise parse it first (into memory, or an upload into a temporary file: a
script sending gigabytes would fill the disk), and the answer would be a bare 400.

Each public app says here, from its AppConfig.ready, which of its paths take how much and which
view answers a larger body, with the form's own words (the registry keeps this shell free of
imports from the apps above it). The middleware sits before CsrfViewMiddleware; the reverse
proxy's own body limit (client_max_body_size) is the first line, the ASGI guard
(kiosk_central.project.asgi) the second, this the third."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class BodyLimit:
    path: str  # this path, or every path under it when ``prefix``
    largest: int  # bytes
    answer: Callable[[HttpRequest, int], HttpResponse]  # (request, announced length)
    prefix: bool = False

    def covers(self, path: str) -> bool:
        return path.startswith(self.path) if self.prefix else path == self.path


LIMITS: list[BodyLimit] = []


def limit(path: str, largest: int, answer, *, prefix: bool = False) -> None:
    """Bodies POSTed to ``path`` (or under it) past ``largest`` bytes get ``answer``."""
    entry = BodyLimit(path, largest, answer, prefix)
    if entry not in LIMITS:
        LIMITS.append(entry)


class RefuseLargeBodies:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            entry = next((e for e in LIMITS if e.covers(request.path)), None)
            if entry is not None:
                try:
                    length = int(request.META.get("CONTENT_LENGTH") or 0)
                except ValueError:
                    length = 0
                if length > entry.largest:
                    return entry.answer(request, length)
        return self.get_response(request)
