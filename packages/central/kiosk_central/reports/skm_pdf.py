"""The published SKM report (PermenPANRB 14/2017) as an A4 PDF, ready to sign.

Laid out the way offices publish it: the office, its address and unit, a document number, the
period and the survey method, the services that had respondents, the respondents (with the
minimum-sample check) and their profile when the kiosks asked for it, a table of the nine
elements with NRR, weighted NRR and each element's grade, the lowest elements, the total, the
IKM and its grade, the grade scale, the exit question's own index (kept apart: it is not the
IKM), the follow-up section, and the signature block of the head of office with name and NIP.
Made with reportlab (PyPI); the kiosk's Noto Sans when the repository's fonts are there.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk_central.reports.survey import SurveyResult
from layanan_rules.formatting import decimal, format_date, rounded
from layanan_rules.ratings import ELEMENTS, grade
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


METHOD = (
    "Survei mandiri dengan kuesioner sembilan unsur pelayanan (PermenPANRB No. 14 Tahun 2017), "
    "skala 1-4, dijawab pengguna layanan pada kios layanan (tombol penilaian dan layar sentuh) "
    "setelah menerima pelayanan; tanpa nama dan tanpa nomor antrean."
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
    services: Sequence[str] = field(default_factory=tuple)  # surveyed: see dashboard.skm
    address: str = ""
    document_number: str = ""


def document_number(prefix: str, office_code: str, first: date, last: date) -> str:
    """The report's number: the office's letter code, then SKM and the period, so the same
    period's report always carries the same number.

    >>> document_number("W3.IMI.IMI.4-UM.01.01", "kanim-a", date(2026, 11, 1), date(2026, 11, 30))
    'W3.IMI.IMI.4-UM.01.01/SKM/20261101-20261130'
    >>> document_number("", "kanim-a", date(2026, 11, 1), date(2026, 11, 1))
    'KANIM-A/SKM/20261101'
    """
    span = f"{first:%Y%m%d}" if first == last else f"{first:%Y%m%d}-{last:%Y%m%d}"
    return f"{prefix.strip() or office_code.upper()}/SKM/{span}"


def lowest_elements(result: SurveyResult, most: int = 3) -> list[str]:
    """The elements with the lowest NRR, lowest first: up to ``most``, and every element tied
    with the last of them (a tie is not broken by the element's number).

    >>> from layanan_rules.ratings import full_ikm
    >>> answers = [("U1", 2), ("U2", 3), ("U3", 2)] + [(f"U{i}", 4) for i in range(4, 10)]
    >>> result = SurveyResult(1, full_ikm(answers), full_ikm([]), 1, 1, ())
    >>> lowest_elements(result, 1)
    ['U1', 'U3']
    >>> even = full_ikm([(e, 3) for e in ELEMENTS])
    >>> lowest_elements(SurveyResult(1, even, even, 1, 1, ()))
    []
    """
    nrr = result.index.nrr
    if not nrr:
        return []
    top = max(nrr.values())  # elements at the top are never "lowest", even all tied
    ordered = sorted((e for e in nrr if nrr[e] < top), key=lambda e: (nrr[e], ELEMENTS.index(e)))
    if len(ordered) <= most:
        return ordered
    cut = nrr[ordered[most - 1]]
    return [e for e in ordered if nrr[e] <= cut]


def element_grade(nrr: float | None) -> str:
    """An element's quality grade: its NRR converted (x 25) on the IKM's scale."""
    return "–" if nrr is None else grade(rounded(nrr * 25, 2))[0]


def indonesian_date(day: date) -> str:
    """The date as a signed letter writes it.

    >>> indonesian_date(date(2026, 11, 29))
    '29 November 2026'
    """
    return format_date(day, "id", weekday=False)


def _number(value: float | None, places: int) -> str:
    """Indonesian decimals use a comma; rounded half up as everywhere else."""
    return "–" if value is None else decimal(value, "id", places)


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


Profile = Sequence[tuple[str, Sequence[tuple[str, int]]]]  # (question, [(answer, count)])


def skm_pdf(
    result: SurveyResult,
    header: ReportHeader,
    period: str,
    signed_on: date,
    follow_up: Sequence[str] = (),
    profile: Profile = (),
    profile_months: str = "",
) -> bytes:
    """The report as PDF bytes. ``period`` is how the office names it ("Oktober 2026");
    ``follow_up``: the paragraphs of the follow-up section; ``profile``: the respondents'
    answers to the optional profile questions, left out when nobody gave any;
    ``profile_months``: the months it covers (a profile keeps no day)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font, bold = _fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor="#444444")
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    head = ParagraphStyle("head", parent=centre, fontName=bold, fontSize=11, leading=14)
    title = ParagraphStyle("title", parent=head, fontSize=13.5, leading=17, spaceBefore=4)
    navy = colors.HexColor("#0b3d6b")
    grid = colors.HexColor("#9aa7b4")

    section = ParagraphStyle("section", parent=body, fontName=bold, spaceBefore=5, spaceAfter=2)
    story = [
        Paragraph(header.ministry.upper(), head),
        Paragraph(header.office.upper(), head),
    ]
    if header.address:
        story.append(
            Paragraph(header.address, ParagraphStyle("address", parent=small, alignment=TA_CENTER))
        )
    story += [
        Spacer(1, 2 * mm),
        Table(
            [[""]],
            colWidths=[170 * mm],
            rowHeights=[1],
            style=[("LINEABOVE", (0, 0), (-1, 0), 1.4, navy)],
        ),
        Paragraph("HASIL SURVEI KEPUASAN MASYARAKAT (SKM)", title),
        Paragraph(f"Nomor: {header.document_number}" if header.document_number else "", centre),
        Paragraph(f"Periode {period}", centre),
        Spacer(1, 4 * mm),
    ]

    index = result.index
    sample = _sample_text(result)
    facts = [
        ("Unit pelayanan", header.unit),
        ("Jenis layanan yang disurvei", "; ".join(header.services) or "–"),
        ("Metode survei", METHOD),
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
    rows = [["No", "Unsur", "Unsur pelayanan", "NRR", "NRR tertimbang", "Mutu"]]
    for n, element in enumerate(ELEMENTS, start=1):
        nrr = index.nrr.get(element)
        rows.append(
            [
                str(n),
                element,
                Paragraph(element_name(element, "id"), body),
                _number(nrr, 2),
                _number(weighted.get(element), 3),
                element_grade(nrr),
            ]
        )
    rows.append(["", "", "Jumlah NRR tertimbang", "", _number(result.weighted_total, 3), ""])
    rows.append(
        ["", "", "IKM unit pelayanan (jumlah NRR tertimbang x 25)", "", _number(index.ikm, 2), ""]
    )
    verdict = f"{index.grade[0]} ({index.grade[1]})" if index.grade else "–"
    rows.append(["", "", "Mutu pelayanan (kinerja unit)", "", verdict, ""])
    table = Table(
        rows, colWidths=[10 * mm, 14 * mm, 80 * mm, 18 * mm, 32 * mm, 16 * mm], repeatRows=1
    )
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
                ("ALIGN", (5, 0), (5, -1), "CENTER"),
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
    lowest = _lowest_text(result)
    if lowest:
        story.append(Paragraph(lowest, body))
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
    if profile:  # its heading stays with its table's first rows
        story.append(
            KeepTogether(
                [
                    Paragraph("Profil responden (pertanyaan pilihan, boleh dilewati)", section),
                    _profile_table(profile, font, bold, grid),
                    Paragraph(
                        f"Dihitung per bulan{f' ({profile_months})' if profile_months else ''}: "
                        "profil tidak menyimpan tanggal, jam, maupun nomor antrean.",
                        small,
                    ),
                ]
            )
        )
    closing = [Paragraph("Tindak lanjut", section)]
    closing += [Paragraph(line, body) for line in follow_up or ("–",)]
    closing.append(Spacer(1, 5 * mm))

    sign = [
        [", ".join(filter(None, (header.city, indonesian_date(signed_on))))],
        [header.signer_title],
        [""],
        # The name and NIP from the settings; not set yet: labelled lines to fill in by hand
        # (the period page says so, with the way to the settings).
        [Paragraph(f"<u><b>{header.signer_name or '.' * 40}</b></u>", centre)],
        [f"NIP. {header.signer_nip or '.' * 30}"],
    ]
    closing.append(
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
    story.append(KeepTogether(closing))  # the follow-up and the signature on one page

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

    def footer(canvas, doc) -> None:  # every page says which report it belongs to
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        stamp = f"SKM {header.unit} · {period}"
        if header.document_number:
            stamp = f"{header.document_number} · {stamp}"
        canvas.drawString(20 * mm, 8 * mm, stamp)
        canvas.drawRightString(190 * mm, 8 * mm, f"halaman {doc.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _profile_table(profile: Profile, font: str, bold: str, grid):
    """Each question's answers with their count and share of those who answered it."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    rows = [["Pertanyaan", "Jawaban", "Jumlah", "Persen"]]
    for question, answers in profile:
        total = sum(n for _, n in answers)
        for i, (answer, n) in enumerate(answers):
            share = decimal(n / total * 100, "id", 1) + "%" if total else "–"
            rows.append([question if i == 0 else "", answer, str(n), share])
    return Table(
        rows,
        repeatRows=1,
        colWidths=[42 * mm, 80 * mm, 22 * mm, 26 * mm],
        style=[
            ("FONT", (0, 0), (-1, -1), font, 8.5),
            ("FONT", (0, 0), (-1, 0), bold, 8.5),
            ("FONT", (0, 1), (0, -1), bold, 8.5),
            ("GRID", (0, 0), (-1, -1), 0.4, grid),
            ("ALIGN", (2, 0), (3, -1), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ],
    )


def _sample_text(result: SurveyResult) -> str:
    """The minimum-sample line: met, missed (in red), or not judged without service users."""
    if result.minimum_sample is None:
        return "–"
    elif not result.sample_judged:
        return "tidak dapat dinilai: tidak ada pengguna layanan dalam periode ini"
    elif result.below_minimum:
        return (
            f"<font color='#b3261e'><b>{result.respondents} dari minimal "
            f"{result.minimum_sample} responden: di bawah sampel minimum</b></font>"
        )
    else:
        return f"{result.minimum_sample} (terpenuhi)"


def _lowest_text(result: SurveyResult) -> str:
    """The lowest elements, named with their NRR and grade: where improvement starts."""
    lowest = lowest_elements(result)
    if not lowest:
        return ""
    nrr = result.index.nrr
    named = "; ".join(
        f"{e} {element_name(e, 'id')} (NRR {_number(nrr[e], 2)}, mutu {element_grade(nrr[e])})"
        for e in lowest
    )
    return f"<b>Unsur dengan nilai terendah</b> (prioritas perbaikan): {named}."
