"""Plain HTTP to the central, for the tests that speak the API by hand."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import requests


def ticket_body(kiosk_id: str, service: str = "paspor_baru", **extra) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "kiosk_id": kiosk_id,
        "service_code": service,
        "lane": "regular",
        "source": "walk_in",
        "issued_at": datetime.now(ZoneInfo("Asia/Jakarta")).isoformat(),
        "clock_synced": True,
        **extra,
    }


def post(url: str, path: str, token: str, body=None, key: str | None = None, raw=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    if raw is not None:
        headers["Content-Type"] = "application/json"
        return requests.post(url + path, data=raw, headers=headers, timeout=30)
    return requests.post(url + path, json=body, headers=headers, timeout=30)
