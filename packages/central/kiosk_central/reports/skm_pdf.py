"""The published SKM report (PermenPANRB 14/2017) as a one-page A4 PDF, ready to sign.

Laid out the way offices publish it: the office and unit, the period, the services, the
respondents (with the minimum-sample check), a table of the nine elements with NRR and
weighted NRR, the total, the IKM and its grade, the grade scale, the exit question's own index
(kept apart: it is not the IKM), and the signature block of the head of office. Made with
reportlab (PyPI); the kiosk's Noto Sans when the repository's fonts are there.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk_central.reports.survey import SurveyResult
from layanan_rules.formatting import format_date
from layanan_rules.ratings import ELEMENTS
from layanan_rules.survey_scales import element_name

FONTS = Path(__file__).resolve().parent / "fonts"
# The regulation's conversion table: (perception value, interval of the mean, converted
# interval, grade, performance). Grade boundaries are the same as layanan_rules.ratings.GRADES.
GRADE_SCALE = (
    ("1", "1,00 – 2,5996", "25,00 – 64,99", "D", "Tidak Baik"),
    ("2", "2,60 – 3,064", "65,00 – 76,60", "C", "Kurang Baik"),
    ("3", "3,0644 – 3,532", "76,61 – 88,30", "B", "Baik"),
    ("4", "3,5324 – 4,00", "88,31 – 100,00", "A", "Sangat Baik"),
)


@dataclass(frozen=True)
class ReportHeader:
    """What only the office knows: from the central's settings, never from code."""

    ministry: str
    office: str
    unit: str
    city: str
    signer_title: str
    signer_name: str
    signer_nip: str = ""
    services: Sequence[str] = field(default_factory=tuple)


def indonesian_date(day: date) -> str:
    """The date as a signed letter writes it.

    >>> indonesian_date(date(2026, 11, 29))
    '29 November 2026'
    """
    return format_date(day, "id", weekday=False)


def _number(value: float | None, places: int) -> str:
    """Indonesian decimals use a comma."""
    return "–" if value is None else f"{value:.{places}f}".replace(".", ",")


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FONTS / "NotoSans-Regular.ttf", FONTS / "NotoSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoSans", str(regular)))
        pdfmetrics.registerFont(TTFont("NotoSans-Bold", str(bold)))
    return "NotoSans", "NotoSans-Bold"


def skm_pdf(result: SurveyResult, header: ReportHeader, period: str, signed_on: date) -> bytes:
    """The report as PDF bytes. ``period`` is how the office names it ("Oktober 2026")."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font, bold = _fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor="#444444")
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    head = ParagraphStyle("head", parent=centre, fontName=bold, fontSize=11, leading=14)
    title = ParagraphStyle("title", parent=head, fontSize=13.5, leading=17, spaceBefore=4)
    navy = colors.HexColor("#0b3d6b")
    grid = colors.HexColor("#9aa7b4")

    story = [
        Paragraph(header.ministry.upper(), head),
        Paragraph(header.office.upper(), head),
        Spacer(1, 2 * mm),
        Table(
            [[""]],
            colWidths=[170 * mm],
            rowHeights=[1],
            style=[("LINEABOVE", (0, 0), (-1, 0), 1.4, navy)],
        ),
        Paragraph("HASIL SURVEI KEPUASAN MASYARAKAT (SKM)", title),
        Paragraph(f"Periode {period}", centre),
        Spacer(1, 4 * mm),
    ]

    index = result.index
    if result.minimum_sample is None:
        sample = "–"
    elif result.below_minimum:
        sample = (
            f"<font color='#b3261e'><b>{result.respondents} dari minimal "
            f"{result.minimum_sample} responden: di bawah sampel minimum</b></font>"
        )
    else:
        sample = f"{result.minimum_sample} (terpenuhi)"
    facts = [
        ("Unit pelayanan", header.unit),
        ("Jenis layanan", "; ".join(header.services) or "–"),
        ("Periode survei", period),
        ("Jumlah responden", f"{result.respondents} orang"),
        (
            "Populasi (pengguna layanan)",
            "–" if result.population is None else f"{result.population} orang",
        ),
        ("Sampel minimum (Krejcie-Morgan)", sample),
    ]
    story.append(
        Table(
            [[Paragraph(k, body), ":", Paragraph(v, body)] for k, v in facts],
            colWidths=[58 * mm, 5 * mm, 107 * mm],
            style=[
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("FONT", (1, 0), (1, -1), font, 9.5),
                ("LEFTPADDING", (1, 0), (1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ],
        )
    )
    story.append(Spacer(1, 4 * mm))

    weighted = result.weighted
    rows = [["No", "Unsur", "Unsur pelayanan", "NRR", "NRR tertimbang"]]
    for n, element in enumerate(ELEMENTS, start=1):
        rows.append(
            [
                str(n),
                element,
                Paragraph(element_name(element, "id"), body),
                _number(index.nrr.get(element), 2),
                _number(weighted.get(element), 3),
            ]
        )
    rows.append(["", "", "Jumlah NRR tertimbang", "", _number(result.weighted_total, 3)])
    rows.append(
        ["", "", "IKM unit pelayanan (jumlah NRR tertimbang x 25)", "", _number(index.ikm, 2)]
    )
    verdict = f"{index.grade[0]} ({index.grade[1]})" if index.grade else "–"
    rows.append(["", "", "Mutu pelayanan (kinerja unit)", "", verdict])
    table = Table(rows, colWidths=[10 * mm, 14 * mm, 92 * mm, 18 * mm, 36 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9.5),
                ("FONT", (0, 0), (-1, 0), bold, 9.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("BACKGROUND", (0, 0), (-1, 0), navy),
                ("ROWBACKGROUNDS", (0, 1), (-1, 9), [colors.white, colors.HexColor("#f2f5f8")]),
                ("FONT", (0, 10), (-1, -1), bold, 9.5),
                ("BACKGROUND", (0, 10), (-1, -1), colors.HexColor("#e6edf4")),
                ("SPAN", (2, 10), (3, 10)),
                ("SPAN", (2, 11), (3, 11)),
                ("SPAN", (2, 12), (3, 12)),
                ("ALIGN", (3, 0), (4, -1), "RIGHT"),
                ("ALIGN", (0, 0), (1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.5, grid),
            ]
        )
    )
    story += [table, Spacer(1, 2 * mm)]
    if not index.grade:
        warning = ParagraphStyle("warning", parent=body, textColor="#b3261e", fontName=bold)
        story.append(Paragraph("IKM belum dapat dihitung: tidak semua unsur terjawab.", warning))
    story.append(Spacer(1, 1 * mm))

    scale = [
        [
            "Nilai persepsi",
            "Nilai interval (NI)",
            "Nilai interval konversi (NIK)",
            "Mutu pelayanan",
            "Kinerja unit",
        ],
        *GRADE_SCALE,
    ]
    story.append(Paragraph("Nilai persepsi, interval, mutu pelayanan dan kinerja unit:", small))
    story.append(
        Table(
            scale,
            colWidths=[26 * mm, 36 * mm, 46 * mm, 28 * mm, 34 * mm],
            style=[
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("FONT", (0, 0), (-1, 0), bold, 8),
                ("GRID", (0, 0), (-1, -1), 0.4, grid),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edf4")),
            ],
        )
    )
    story.append(Spacer(1, 3 * mm))
    overall = result.overall
    exit_line = (
        f"Pertanyaan penutup (kepuasan umum, dihitung terpisah, bukan IKM): "
        f"{overall.answers} jawaban, indeks {_number(overall.ikm, 2)}"
        if overall.answers
        else "Pertanyaan penutup (kepuasan umum): tidak ada jawaban."
    )
    story.append(Paragraph(exit_line, small))
    story.append(
        Paragraph(
            "Dihitung sesuai PermenPANRB No. 14 Tahun 2017: NRR per unsur = jumlah nilai / jumlah "
            "jawaban; NRR tertimbang = NRR x 1/9; IKM = jumlah NRR tertimbang x 25. "
            f"Data dari kios layanan ({len(result.kiosks)} kios). Tabel sampel Krejcie-Morgan: "
            "sumber publik, belum diverifikasi terhadap lampiran peraturan.",
            small,
        )
    )
    story.append(Spacer(1, 5 * mm))

    sign = [
        [", ".join(filter(None, (header.city, indonesian_date(signed_on))))],
        [header.signer_title],
        [""],
        # No name configured: a line to write it on, by hand, when signing.
        [Paragraph(f"<u><b>{header.signer_name or '_' * 28}</b></u>", centre)],
        [f"NIP. {header.signer_nip}" if header.signer_nip else ""],
    ]
    story.append(
        Table(
            [
                [
                    "",
                    Table(
                        sign,
                        colWidths=[75 * mm],
                        rowHeights=[None, None, 17 * mm, None, None],
                        style=[
                            ("FONT", (0, 0), (-1, -1), font, 9.5),
                            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                        ],
                    ),
                ]
            ],
            colWidths=[95 * mm, 75 * mm],
        )
    )

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"Hasil SKM {header.unit} {period}",
        author=header.office,
    )
    doc.build(story)
    return out.getvalue()
