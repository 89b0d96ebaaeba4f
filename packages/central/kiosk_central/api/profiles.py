"""Respondent profiles as a kiosk sends them (``POST /profiles``): checked by the shared rules,
kept apart from tickets, ratings and times (the month only)."""

from __future__ import annotations

from kiosk_central.api.records import server_time
from kiosk_central.queue.models import Kiosk, RespondentProfile
from layanan_rules.respondent_profile import QUESTIONS, problem

__all__ = ["keep", "problem"]


def keep(kiosk: Kiosk, body: dict) -> tuple[int, dict]:
    """Store one profile, checked by ``problem`` first (a retry of the same id changes
    nothing)."""
    RespondentProfile.objects.get_or_create(
        id=body["id"],
        defaults={
            "office_id": kiosk.office_id,
            "kiosk": kiosk,
            "month": body["month"],
            **{q: body.get(q) or "" for q in QUESTIONS},
        },
    )
    return 201, {"id": body["id"], "server_time": server_time(kiosk)}
