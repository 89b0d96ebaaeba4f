"""The SKM report's follow-up section ("tindak lanjut"): what the office did about the
complaints of the period. The complaints app registers its paragraphs here when Django starts
(as it registers its tables in period.SECTIONS), so the dashboard imports no complaints code;
with nothing registered the section says that none was recorded, in so many words, rather than
leaving a blank that reads as "nothing to follow up". The PDF prints whatever paragraphs come."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

# (office_id, first, last) -> paragraphs
FOLLOW_UPS: list[Callable[[int, date, date], list[str]]] = []

NOTHING_RECORDED = (
    "Tidak ada pengaduan maupun tindak lanjut yang tercatat dalam sistem untuk periode ini. "
    "Tindak lanjut atas unsur dengan nilai terendah di atas ditetapkan oleh pimpinan unit."
)


def follow_up_lines(office_id: int, first: date, last: date) -> list[str]:
    """Paragraphs for the report's follow-up section, for the office's local days ``first``
    to ``last``."""
    lines = [line for follow_up in FOLLOW_UPS for line in follow_up(office_id, first, last)]
    return lines or [NOTHING_RECORDED]
