"""What the central's log lines may not say: a booking's private link (``/reservasi/k/<token>/``)
is its key, so a line that names the path (Django's "Internal Server Error: <path>", a
development server's request line) says ``/reservasi/k/…/`` instead. Attached to the log's
handler in the settings, so it sees every line, whichever logger wrote it.

>>> import logging
>>> r = logging.LogRecord("django.request", 40, "", 0, "Error: %s", ("/reservasi/k/Ab_9-x/",), None)
>>> HideSecretPaths().filter(r), r.getMessage()
(True, 'Error: /reservasi/k/…/')
"""

from __future__ import annotations

import logging
import re

SECRET_PATHS = re.compile(r"(/reservasi/k/)[^/\s?#\"']+")


def hide(text: str) -> str:
    return SECRET_PATHS.sub(r"\1…", text)


class HideSecretPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed line is logging's own business
            return True
        if "/reservasi/k/" in message:
            record.msg, record.args = hide(message), None
        return True
