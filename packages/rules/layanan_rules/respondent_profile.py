"""The SKM respondent profile: four optional questions a visitor may answer on the kiosk's
touch screen after rating (sex, age band, education, occupation), as SKM reports customarily
describe their respondents. Every question may be skipped.

A profile is kept apart from anything that could name the person: no ticket, no time but the
month (the report's smallest period), no link to the ratings just given. The kiosk and the
central read the same codes from here; the words are for the screen and the report.
"""

from __future__ import annotations

import re

# question -> ((label id, label en), ((code, answer id, answer en), ...))
QUESTIONS: dict[str, tuple[tuple[str, str], tuple[tuple[str, str, str], ...]]] = {
    "sex": (
        ("Jenis kelamin", "Sex"),
        (("L", "Laki-laki", "Male"), ("P", "Perempuan", "Female")),
    ),
    "age": (
        ("Usia", "Age"),
        (
            ("<25", "Di bawah 25 tahun", "Under 25"),
            ("25-39", "25–39 tahun", "25–39"),
            ("40-54", "40–54 tahun", "40–54"),
            ("55+", "55 tahun ke atas", "55 and over"),
        ),
    ),
    "education": (
        ("Pendidikan", "Education"),
        (
            ("SD", "SD ke bawah", "Primary or less"),
            ("SMP", "SMP", "Junior high"),
            ("SMA", "SMA/SMK", "Senior high"),
            ("D", "Diploma (D1–D3)", "Diploma"),
            ("S1", "D4/S1", "Bachelor's"),
            ("S2", "S2/S3", "Master's, doctorate"),
        ),
    ),
    "occupation": (
        ("Pekerjaan", "Occupation"),
        (
            ("ASN", "PNS/TNI/Polri", "Civil servant, military, police"),
            ("SWASTA", "Pegawai swasta", "Private employee"),
            ("USAHA", "Wiraswasta", "Self-employed"),
            ("PELAJAR", "Pelajar / Mahasiswa", "Student"),
            ("LAIN", "Lainnya", "Other"),
        ),
    ),
}
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def answers(question: str) -> tuple[str, ...]:
    """The codes a question takes.

    >>> answers("sex")
    ('L', 'P')
    """
    return tuple(code for code, _, _ in QUESTIONS[question][1])


def label(question: str, lang: str) -> str:
    return QUESTIONS[question][0][1 if lang == "en" else 0]


def answer_label(question: str, code: str, lang: str) -> str:
    """The words of an answer.

    >>> answer_label("age", "55+", "id")
    '55 tahun ke atas'
    """
    for known, words_id, words_en in QUESTIONS[question][1]:
        if known == code:
            return words_en if lang == "en" else words_id
    raise KeyError(f"{question}: no answer {code!r}")


def problem(profile: dict) -> str | None:
    """What is wrong with a profile record from a kiosk, or None: a month, each question's
    answer one of its codes or null, and at least one answered.

    >>> problem({"month": "2026-12", "sex": "P", "age": None}), problem({"month": "2026-12"})
    (None, 'no question answered')
    >>> problem({"month": "2026-12", "age": "99"})
    "age: '99' is not one of <25, 25-39, 40-54, 55+"
    """
    if not isinstance(profile.get("month"), str) or not MONTH.fullmatch(profile["month"]):
        return "month: YYYY-MM"
    given = 0
    for question in QUESTIONS:
        value = profile.get(question)
        if value is None:
            continue
        if value not in answers(question):
            return f"{question}: {value!r} is not one of {', '.join(answers(question))}"
        given += 1
    return None if given else "no question answered"
