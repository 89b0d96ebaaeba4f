"""Random ids (UUID4) for tickets, ratings, surveys and outbox records.

``uuid`` is imported with the first id, not with the modules that make them: it loads libuuid
and ``platform``, and the kiosk's cold start to its home screen makes no id.
"""

from __future__ import annotations


def new_id() -> str:
    import uuid

    return str(uuid.uuid4())
