"""Kiosk tokens: made once, shown once, stored as a SHA-256 hash, revocable.

A token is 256 random bits, so a fast hash is enough: there is nothing to guess by brute force,
and the database never holds a token that would work if it leaked."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
