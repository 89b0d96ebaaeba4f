"""The ASGI application the server runs (kiosk_central.server): Django's, as for WSGI, behind
one guard: a request whose announced body is larger than any page takes is answered 413 before
anything reads it. Django's ASGI handler reads a request's whole body before any middleware
runs, so a script announcing gigabytes and sending them slowly would hold a worker (and fill a
temporary file) before the public forms' own limits (public/bodies.py) could say no."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosk_central.project.settings")
django_application = get_asgi_application()

# Imported once Django is set up: the largest body any page takes is a complaint with its photo;
# up to a few times that, the complaint form itself answers (with its own words), past it this.
from kiosk_central.complaints.public import MAX_BODY  # noqa: E402

LARGEST_BODY = 4 * MAX_BODY

REFUSED = "Permintaan terlalu besar. · The request is too large.".encode()


class RefuseHugeBodies:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and _announced(scope) > LARGEST_BODY:
            await send(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(REFUSED)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": REFUSED})
            return
        await self.app(scope, receive, send)


def _announced(scope) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


application = RefuseHugeBodies(django_application)
