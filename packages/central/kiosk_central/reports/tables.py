"""A report table: titled, with typed columns in both languages, that every export can write.

Every figure is rounded once, here (``Column.figure``: half up, ``layanan_rules.formatting``),
and the page, the CSV, the XLSX and the PDF all take that figure: a head of office who
checks one against another, or against Excel, finds the same digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from layanan_rules.formatting import decimal, rounded


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    MINUTES = "minutes"  # float minutes, shown with one decimal
    SHARE = "share"  # 0-1, shown as a percentage with one decimal
    DECIMAL = "decimal"  # shown with ``places`` decimals


@dataclass(frozen=True)
class Column:
    key: str
    label_id: str
    label_en: str
    kind: Kind = Kind.TEXT
    places: int = 2

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id

    @property
    def decimals(self) -> int:
        """Decimals the figure is shown with (a share: of its percentage)."""
        return 1 if self.kind in (Kind.MINUTES, Kind.SHARE) else self.places

    def figure(self, value: Any) -> Any:
        """The value as every output carries it: a number rounded half up to what is shown
        (a share to the fraction of its one-decimal percentage: 2/3 is 0.667, "66,7%")."""
        if value is None or self.kind not in (Kind.MINUTES, Kind.SHARE, Kind.DECIMAL):
            return value
        places = self.decimals + 2 if self.kind == Kind.SHARE else self.decimals
        return rounded(value, places)

    def show(self, value: Any, lang: str = "id") -> str:
        """The value as a person reads it, with the decimal comma in Indonesian."""
        if value is None:
            return "–"
        if self.kind == Kind.SHARE:
            return decimal(self.figure(value) * 100, lang, self.decimals) + "%"
        if self.kind in (Kind.MINUTES, Kind.DECIMAL):
            return decimal(self.figure(value), lang, self.decimals)
        return str(value)


@dataclass(frozen=True)
class Table:
    name: str  # a file and sheet name: letters, digits, underscores
    title_id: str
    title_en: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""  # what a reader must know (how a figure was computed, what is missing)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_id

    def column(self, key: str) -> list[Any]:
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.rows]

    def figures(self) -> list[tuple[Any, ...]]:
        """The rows as the exports write them: each number rounded as it is shown."""
        return [
            tuple(c.figure(v) for c, v in zip(self.columns, row, strict=True)) for row in self.rows
        ]

    def as_dicts(self) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]
