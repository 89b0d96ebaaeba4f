"""Records waiting to reach the central API, as the domain hands them to the store.

Each is written in the same transaction as the thing it reports (a ticket, a check-in, a
rating), with an idempotency key made once, here, and sent unchanged on every retry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.ids import new_id


@dataclass(frozen=True)
class OutboxEntry:
    kind: str  # ticket | checkin | rating
    record_id: str
    body: dict[str, Any] = field(repr=False)  # may hold a NIK until acknowledged: never repr it
    key: str = field(default_factory=new_id)


@dataclass(frozen=True)
class OutboxRow:
    seq: int
    key: str
    kind: str
    record_id: str
    body: dict[str, Any] = field(repr=False)
    attempts: int
    batch: str = ""  # ratings: the batch this row was sent in first, and always will be
