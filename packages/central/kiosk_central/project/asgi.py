"""The ASGI application the server runs (kiosk_central.server).

Two ways into the same Django project:

- **The live pages' streams** (views marked by ``kiosk_central.live.stream.streams``) go to
  Django's ASGI handler: once its first state is sent a stream is a coroutine on the event
  loop, with no thread and no database connection, however long the page stays open.
- **Every other request** goes to Django's WSGI handler in a fixed pool of threads (a2wsgi),
  ``threads`` of the config at most. Django's ASGI handler gives each request a new thread (and
  so, on SQLite, a new database connection) and crosses between the event loop and threads four
  times per request: at a booking release that was half of each answer's CPU. In the pool a
  thread and its SQLite connection serve request after request.

In front of both, the body: a request whose announced body is larger than any page takes is
answered 413 before anything reads it; any other body is read on the event loop before a
thread takes the request, as Django's ASGI handler does, so a client sending its body a byte a
second holds a coroutine, never one of the pool's threads. A body without a length (chunked)
is cut at the same bound.
"""

import os
import tempfile

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosk_central.project.settings")
django_application = get_asgi_application()

# Imported once Django is set up: the largest body any page takes is a complaint with its photo;
# up to a few times that, the complaint form itself answers (with its own words), past it this.
from a2wsgi import WSGIMiddleware  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from kiosk_central.complaints.public import MAX_BODY  # noqa: E402

LARGEST_BODY = 4 * MAX_BODY
CHUNK = 64 * 1024

REFUSED = "Permintaan terlalu besar. · The request is too large.".encode()


async def _refuse(send) -> None:
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


def _announced(scope) -> int:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


def _streams(path: str) -> bool:
    if not path.endswith("/live"):  # every stream's address ends so: most requests stop here
        return False
    try:
        return getattr(resolve(path).func, "streams", False)
    except Resolver404:
        return False


class _Read:
    """A request's body read whole on the event loop, then handed to the thread as if it came
    from the client: ``receive`` gives it back in chunks."""

    def __init__(self, file) -> None:
        self.file = file
        self.size = 0

    async def fill(self, receive) -> bool:
        """False: the client went away, or sent more than any page takes."""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return False
            chunk = message.get("body", b"")
            self.size += len(chunk)
            if self.size > LARGEST_BODY:
                return False
            self.file.write(chunk)
            if not message.get("more_body", False):
                self.file.seek(0)
                return True

    async def receive(self) -> dict:
        chunk = self.file.read(CHUNK)
        return {"type": "http.request", "body": chunk, "more_body": len(chunk) == CHUNK}


class Central:
    def __init__(self, streams_app, pages_app) -> None:
        self.streams_app = streams_app
        self.pages_app = pages_app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.streams_app(scope, receive, send)
            return
        if _announced(scope) > LARGEST_BODY:
            await _refuse(send)
            return
        if _streams(scope["path"]):
            await self.streams_app(scope, receive, send)
            return
        memory = settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        with tempfile.SpooledTemporaryFile(max_size=memory, mode="w+b") as file:
            body = _Read(file)
            if not await body.fill(receive):
                if body.size > LARGEST_BODY:
                    await _refuse(send)
                return
            await self.pages_app(scope, body.receive, send)


pages_application = WSGIMiddleware(get_wsgi_application(), workers=settings.CONFIG.threads)
application = Central(django_application, pages_application)
