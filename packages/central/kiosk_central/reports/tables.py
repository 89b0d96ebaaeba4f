"""A report table: titled, with typed columns in both languages, that every export can write."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    MINUTES = "minutes"  # float minutes, shown with one decimal
    SHARE = "share"  # 0-1, shown as a percentage
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

    def show(self, value: Any) -> str:
        """The value as a person reads it (exports keep the raw number)."""
        if value is None:
            return "–"
        if self.kind == Kind.MINUTES:
            return f"{value:.1f}"
        if self.kind == Kind.SHARE:
            return f"{value * 100:.1f}%"
        if self.kind == Kind.DECIMAL:
            return f"{value:.{self.places}f}"
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

    def as_dicts(self) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]
