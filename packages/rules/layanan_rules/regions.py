"""Indonesian region codes as used in the NIK.

The province list is the one in force since the 2022 Papua splits (38 provinces). The
regency/district names are kept only where the kiosk shows them (the office's own province);
elsewhere an unknown regency inside a known province is a warning, never a rejection, because
codes change when regions split.
"""

PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

REGENCIES: dict[str, str] = {
    "1701": "Bengkulu Selatan",
    "1702": "Rejang Lebong",
    "1703": "Bengkulu Utara",
    "1704": "Kaur",
    "1705": "Seluma",
    "1706": "Mukomuko",
    "1707": "Lebong",
    "1708": "Kepahiang",
    "1709": "Bengkulu Tengah",
    "1771": "Kota Bengkulu",
}

DISTRICTS: dict[str, str] = {
    "170101": "Kedurang",
    "170102": "Seginim",
    "170103": "Pino",
    "170104": "Manna",
    "170105": "Kota Manna",
    "170106": "Pino Raya",
    "170107": "Kedurang Ilir",
    "170108": "Air Nipis",
    "170109": "Ulu Manna",
    "170110": "Bunga Mas",
    "170111": "Pasar Manna",
}

# Provinces whose regency list is known completely here; elsewhere we cannot tell "unknown".
_FULLY_LISTED_PROVINCES = {code[:2] for code in REGENCIES}


def regency_is_known(regency: str) -> bool | None:
    """True/False where this module lists the province's regencies, None where it cannot tell."""
    if regency[:2] not in _FULLY_LISTED_PROVINCES:
        return None
    return regency in REGENCIES
