"""Each survey element's own four answers, as the regulation's questionnaire words them.

PermenPANRB 14/2017 (Pedoman Penyusunan Survei Kepuasan Masyarakat) gives an example
questionnaire in its annex in which every element U1-U9 is answered on its own scale
("tidak sesuai ... sangat sesuai", "tidak mudah ... sangat mudah", "sangat mahal ... gratis"),
not with the generic "tidak puas ... sangat puas". The Indonesian wording below follows that
questionnaire as offices reproduce it (seen in a Kantor Camat Ulu Manna, Bengkulu Selatan SKM
form); the English is ours. Scores are always 1 (worst) to 4 (best), so the IKM formula in
``layanan_rules.ratings`` is unchanged; only the words next to each button differ.

The exit question ("overall") keeps the generic satisfaction labels of ``ratings.LABELS``.
"""

from __future__ import annotations

from layanan_rules.ratings import ELEMENTS

# element -> (short name id, short name en), then answers for scores 1, 2, 3, 4 as (id, en)
ELEMENT_NAMES = {
    "U1": ("Persyaratan", "Requirements"),
    "U2": ("Sistem, mekanisme, dan prosedur", "System, mechanism and procedure"),
    "U3": ("Waktu penyelesaian", "Completion time"),
    "U4": ("Biaya/tarif", "Cost/fee"),
    "U5": ("Produk spesifikasi jenis pelayanan", "Service product"),
    "U6": ("Kompetensi pelaksana", "Staff competence"),
    "U7": ("Perilaku pelaksana", "Staff conduct"),
    "U8": ("Penanganan pengaduan, saran dan masukan", "Complaints and suggestions"),
    "U9": ("Sarana dan prasarana", "Facilities"),
}

SCALES: dict[str, tuple[tuple[str, str], ...]] = {
    # "Suitable", not "Appropriate": the longer word did not fit its answer card at 800x480.
    "U1": (("Tidak sesuai", "Not suitable"), ("Kurang sesuai", "Not quite suitable"),
           ("Sesuai", "Suitable"), ("Sangat sesuai", "Very suitable")),
    "U2": (("Tidak mudah", "Not easy"), ("Kurang mudah", "Not quite easy"),
           ("Mudah", "Easy"), ("Sangat mudah", "Very easy")),
    "U3": (("Tidak cepat", "Not fast"), ("Kurang cepat", "Not quite fast"),
           ("Cepat", "Fast"), ("Sangat cepat", "Very fast")),
    "U4": (("Sangat mahal", "Very expensive"), ("Cukup mahal", "Rather expensive"),
           ("Murah", "Cheap"), ("Gratis", "Free")),
    "U5": (("Tidak sesuai", "Not as promised"), ("Kurang sesuai", "Not quite as promised"),
           ("Sesuai", "As promised"), ("Sangat sesuai", "Fully as promised")),
    "U6": (("Tidak kompeten", "Not competent"), ("Kurang kompeten", "Not quite competent"),
           ("Kompeten", "Competent"), ("Sangat kompeten", "Very competent")),
    "U7": (("Tidak sopan dan ramah", "Not polite and friendly"),
           ("Kurang sopan dan ramah", "Not quite polite and friendly"),
           ("Sopan dan ramah", "Polite and friendly"),
           ("Sangat sopan dan ramah", "Very polite and friendly")),
    "U8": (("Tidak ada", "None"), ("Ada tetapi tidak berfungsi", "Exists but does not work"),
           ("Berfungsi kurang maksimal", "Works, not fully"),
           ("Dikelola dengan baik", "Well managed")),
    "U9": (("Buruk", "Poor"), ("Cukup", "Fair"), ("Baik", "Good"), ("Sangat baik", "Very good")),
}  # fmt: skip

assert tuple(SCALES) == ELEMENTS == tuple(ELEMENT_NAMES)


def answer_label(element: str, score: int, lang: str) -> str:
    """The words for ``score`` (1-4) on ``element``'s own scale.

    >>> answer_label("U4", 4, "id"), answer_label("U2", 1, "en")
    ('Gratis', 'Not easy')
    """
    if not 1 <= score <= 4:
        raise ValueError(f"a survey score is 1 to 4: {score}")
    return SCALES[element][score - 1][1 if lang == "en" else 0]


def element_name(element: str, lang: str) -> str:
    """The element's short name, as the report's table heads it.

    >>> element_name("U9", "id")
    'Sarana dan prasarana'
    """
    return ELEMENT_NAMES[element][1 if lang == "en" else 0]
