"""A complaint form's body past ``MAX_BODY`` is answered before anything reads it: Django's
CSRF check would otherwise parse it first, writing the upload to a temporary file (a script
sending gigabytes would fill the disk). Placed before CsrfViewMiddleware; the reverse proxy's
own body limit (client_max_body_size) should be the first line, this is the second."""

from __future__ import annotations


class BodyLimit:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        from kiosk_central.complaints.public import MAX_BODY, SEND_PATH, too_big

        if request.method == "POST" and request.path == SEND_PATH:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY:
                return too_big(request, length)
        return self.get_response(request)
