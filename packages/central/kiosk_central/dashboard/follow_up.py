"""The SKM report's follow-up section ("tindak lanjut"): what the office did about the
complaints of the period. The central records no complaints yet (the public complaints pages
come next), so the section says that none was recorded, in so many words, rather than leaving
a blank that reads as "nothing to follow up". Replace ``follow_up_lines`` when complaints and
their handling are recorded; the PDF prints whatever paragraphs it returns."""

from __future__ import annotations

from datetime import date


def follow_up_lines(office_id: int, first: date, last: date) -> list[str]:
    """Paragraphs for the report's follow-up section, for the office's local days ``first``
    to ``last``."""
    return [
        "Tidak ada pengaduan maupun tindak lanjut yang tercatat dalam sistem untuk periode ini: "
        "pencatatan pengaduan belum tersedia. Tindak lanjut atas unsur dengan nilai terendah "
        "di atas ditetapkan oleh pimpinan unit."
    ]
