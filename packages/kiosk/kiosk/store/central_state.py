"""What the kiosk last heard from the central and must remember across a restart offline:
named text values in the ``central_state`` table (the generation it knows, the complaint
address, ...)."""

from __future__ import annotations

import sqlite3

from kiosk.store.database import Database


def recall(db: Database, name: str) -> str | None:
    rows = db.query("SELECT value FROM central_state WHERE name = ?", (name,))
    return rows[0][0] if rows else None


def keep(conn: sqlite3.Connection, name: str, value: str) -> None:
    """Inside the caller's transaction, so a value is kept together with what it goes with."""
    conn.execute(
        "INSERT INTO central_state (name, value) VALUES (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )
