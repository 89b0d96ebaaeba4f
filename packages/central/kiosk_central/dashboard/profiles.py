"""Respondent profiles: kept as a kiosk sends them (``POST /profiles``), counted for the SKM
report. Nothing here reads or writes a ticket, a rating or a time of day."""

from __future__ import annotations

from collections import Counter
from datetime import date

from kiosk_central.dashboard.models import RespondentProfile
from kiosk_central.queue.models import Kiosk
from kiosk_central.queue.records import server_time
from layanan_rules.respondent_profile import QUESTIONS, answer_label, label, problem

__all__ = ["keep", "problem", "profile_counts"]


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


def _months(first: date, last: date) -> list[str]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def profile_counts(office_id: int, first: date, last: date, lang: str = "id") -> list:
    """Each question's answers with their counts over the months the period touches (a
    profile keeps its month only), for ``skm_pdf``'s profile; [] when nobody answered any.
    Unanswered questions are not counted: each share is of those who answered it."""
    rows = RespondentProfile.objects.filter(
        office_id=office_id, month__in=_months(first, last)
    ).values_list(*QUESTIONS)
    counts = {q: Counter() for q in QUESTIONS}
    for row in rows:
        for q, code in zip(QUESTIONS, row, strict=True):
            if code:
                counts[q][code] += 1
    out = []
    for q, (_, choices) in QUESTIONS.items():
        if counts[q]:
            answered = [(answer_label(q, c, lang), counts[q][c]) for c, _, _ in choices]
            out.append((label(q, lang), tuple(answered)))
    return out
