"""When to try a record again: pure functions, so the policy is tested without a network.

Capped exponential backoff with full jitter (every kiosk of an office comes back online at the
same moment; jitter keeps them from hammering the server in step), and a server's Retry-After
honoured as a floor.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from enum import StrEnum


class Verdict(StrEnum):
    DONE = "done"
    RETRY = "retry"  # the record is fine; the link or the server is not
    PARK = "park"  # the server refuses this record: a person must look at it


def verdict(status: int | None) -> Verdict:
    """What an HTTP status (None: no answer at all) means for the record that was sent.

    >>> [str(verdict(s)) for s in (201, None, 302, 408, 429, 503, 401, 409, 422)]
    ['done', 'retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'park', 'park']
    """
    # A redirect is never followed: the central (or something in front of it) is misbehaving,
    # which says nothing against the record.
    if status is None or status in (408, 429) or status >= 500 or 300 <= status < 400:
        return Verdict.RETRY
    if status in (401, 403):
        # A revoked or expired token is the kiosk's problem, not the record's: keep it.
        return Verdict.RETRY
    if 200 <= status < 300:
        return Verdict.DONE
    return Verdict.PARK


def backoff_s(
    attempt: int,
    *,
    base_s: float = 1.0,
    cap_s: float = 300.0,
    retry_after_s: float | None = None,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 1).

    >>> [backoff_s(n, rand=lambda: 1.0) for n in (1, 4, 30)]
    [1.0, 8.0, 300.0]
    >>> backoff_s(1, retry_after_s=120, rand=lambda: 0.0)
    120.0
    """
    ceiling = min(cap_s, base_s * 2 ** max(0, attempt - 1))
    delay = ceiling * rand()
    if retry_after_s is not None:
        delay = max(delay, float(min(retry_after_s, cap_s * 4)))
    return delay
