"""Respondent profiles counted for the SKM report (the API keeps them: ``api/profiles.py``).
Nothing here reads a ticket, a rating or a time of day."""

from __future__ import annotations

from collections import Counter
from datetime import date

from kiosk_central.queue.models import RespondentProfile
from layanan_rules.respondent_profile import QUESTIONS, answer_label, label


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
