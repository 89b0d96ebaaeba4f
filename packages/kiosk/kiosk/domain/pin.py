"""The technician PIN: stored as a salted PBKDF2 hash, checked in constant time, and locked for
a while after repeated wrong tries, so a visitor cannot guess it at the screen.

    >>> stored = hash_pin("482915", salt=b"0123456789abcdef", iterations=MIN_ITERATIONS)
    >>> verify_pin("482915", stored), verify_pin("000000", stored)
    (True, False)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 200_000
# A hash is only accepted within these rounds: fewer is a PIN guessed offline in minutes, more
# keeps a Pi's core busy for seconds on every try (the check runs off the UI thread, but still).
MIN_ITERATIONS = 10_000
MAX_ITERATIONS = 1_000_000


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    import hashlib  # here, not at the top: the kiosk loads this module while it starts

    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    import hashlib
    import hmac

    try:
        algorithm, iterations, salt, digest = stored.split("$")
        if algorithm != ALGORITHM or not MIN_ITERATIONS <= int(iterations) <= MAX_ITERATIONS:
            return False
        mine = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(mine.hex(), digest)


def is_pin_hash(text: str) -> bool:
    parts = text.split("$")
    return (
        len(parts) == 4
        and parts[0] == ALGORITHM
        and parts[1].isdigit()
        and MIN_ITERATIONS <= int(parts[1]) <= MAX_ITERATIONS
    )


@dataclass
class PinGate:
    """``try_pin`` answers "ok", "wrong" or "locked"; after ``max_tries`` wrong ones in a row
    it stays locked for ``lockout_s`` seconds (monotonic time, injected for tests).

    >>> t = [0.0]
    >>> gate = PinGate(hash_pin("1234", iterations=MIN_ITERATIONS), max_tries=2, lockout_s=60,
    ...                clock=lambda: t[0])
    >>> gate.try_pin("1"), gate.try_pin("2"), gate.try_pin("1234")
    ('wrong', 'wrong', 'locked')
    >>> t[0] = 61; gate.try_pin("1234")
    'ok'
    """

    stored: str
    max_tries: int = 5
    lockout_s: float = 300.0
    clock: Callable[[], float] = field(default_factory=lambda: time.monotonic)
    _wrong: int = 0
    _locked_until: float = 0.0

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self.clock())

    def try_pin(self, pin: str) -> str:
        if self.locked_for() > 0:
            return "locked"
        if verify_pin(pin, self.stored):
            self._wrong = 0
            return "ok"
        self._wrong += 1
        if self._wrong >= self.max_tries:
            self._wrong = 0
            self._locked_until = self.clock() + self.lockout_s
        return "wrong"
