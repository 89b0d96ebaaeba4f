"""Procedure guides: content the office edits (TOML files), checked against a schema.

A guide is one service's procedure in Bahasa Indonesia and English: who it is for, the
documents to bring, the steps, fees, processing time, where to go, and official links. Both
languages must list the same documents and steps in the same order, because the visitor's
ticks on the checklist carry over when they switch language.

Errors name the file, the field and the language (``paspor_anak.toml:
text.en.documents[2].name: expected text, not empty``); a broken file is reported and left
out, the others still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

SCHEMA = 1
LANGS = ("id", "en")
# A fee the office has not confirmed says so in its own text, e.g. "(belum diverifikasi)". The
# mark stays in the file and in `kiosk guides check`; a visitor is told to ask at the counter.
UNCONFIRMED_MARKS = ("belum diverifikasi", "unverified")
ICONS = ("passport", "child", "renew", "lost", "damaged", "permit", "info")


class GuideError(ValueError):
    def __init__(self, source: str, where: str, problem: str) -> None:
        super().__init__(f"{source}: {where}: {problem}")
        self.source = source
        self.where = where


@dataclass(frozen=True)
class Document:
    name: str
    original: bool = True
    copies: int = 0
    note: str = ""


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class GuideText:
    title: str
    summary: str
    documents: tuple[Document, ...]
    steps: tuple[str, ...]
    fees: tuple[str, ...]
    processing_time: str
    location: str
    links: tuple[Link, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def confirmed_fees(self) -> tuple[str, ...]:
        return tuple(fee for fee in self.fees if fee_confirmed(fee))

    @property
    def unconfirmed_fees(self) -> tuple[str, ...]:
        return tuple(fee for fee in self.fees if not fee_confirmed(fee))


def fee_confirmed(fee: str) -> bool:
    """False for a fee the office marked as not yet checked.

    >>> fee_confirmed("Rp 350.000 (sumber lama, belum diverifikasi)."), fee_confirmed("Gratis")
    (False, True)
    """
    text = fee.lower()
    return not any(mark in text for mark in UNCONFIRMED_MARKS)


@dataclass(frozen=True)
class Guide:
    id: str
    service: str  # the service code "take a number" issues; "" for none
    icon: str
    order: int
    checked: date  # when its facts were last checked against official sources
    texts: dict[str, GuideText] = field(repr=False)

    def text(self, lang: str) -> GuideText:
        return self.texts.get(lang) or self.texts["id"]


class _Reader:
    """Reads one mapping, recording where it is, so every error says exactly what is wrong."""

    def __init__(self, source: str, data: Any, where: str = "") -> None:
        self.source, self.data, self.where = source, data, where
        if not isinstance(data, dict):
            self.fail("", "expected a table")

    def fail(self, key: str, problem: str):
        raise GuideError(self.source, self._at(key) or "(file)", problem)

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where and key else (self.where or key)

    def only(self, *allowed: str) -> None:
        for key in self.data:
            if key not in allowed:
                self.fail(key, "unknown field (known: " + ", ".join(allowed) + ")")

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key, None if required else "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(key, "expected text" + (", not empty" if required else ""))
        return value.strip()

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key, None if required else [])
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if not ok or (required and not value):
            self.fail(key, "expected a list of texts" + (", at least one" if required else ""))
        return tuple(v.strip() for v in value)

    def tables(self, key: str) -> list[_Reader]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, "expected a list of tables")
        return [_Reader(self.source, item, f"{self._at(key)}[{i}]") for i, item in enumerate(value)]

    def sub(self, key: str) -> _Reader:
        if key not in self.data:
            self.fail(key, "missing")
        return _Reader(self.source, self.data[key], self._at(key))


def _text(r: _Reader) -> GuideText:
    r.only("title", "summary", "documents", "steps", "fees", "processing_time", "location",
           "links", "notes")  # fmt: skip
    documents = []
    for d in r.tables("documents"):
        d.only("name", "original", "copies", "note")
        original, copies = d.data.get("original", True), d.data.get("copies", 0)
        if not isinstance(original, bool):
            d.fail("original", "expected true or false")
        if not isinstance(copies, int) or isinstance(copies, bool) or not 0 <= copies <= 10:
            d.fail("copies", "expected a whole number from 0 to 10")
        documents.append(Document(d.text("name"), original, copies, d.text("note", False)))
    links = []
    for link in r.tables("links"):
        link.only("label", "url")
        url = link.text("url")
        if not url.startswith("https://") or any(c.isspace() for c in url):
            link.fail("url", "expected an https:// address")
        links.append(Link(link.text("label"), url))
    return GuideText(
        title=r.text("title"),
        summary=r.text("summary"),
        documents=tuple(documents),
        steps=r.texts("steps"),
        fees=r.texts("fees"),
        processing_time=r.text("processing_time"),
        location=r.text("location"),
        links=tuple(links),
        notes=r.texts("notes", required=False),
    )


def parse_guide(data: Any, source: str, today: date | None = None) -> Guide:
    """One guide from a parsed TOML file (or a bundle entry); GuideError names what is wrong."""
    r = _Reader(source, data)
    r.only("schema", "id", "service", "icon", "order", "checked", "text")
    if r.data.get("schema") != SCHEMA:
        r.fail("schema", f"expected {SCHEMA}")
    guide_id = r.text("id")
    stem = source.rsplit("/", 1)[-1].removesuffix(".toml")
    if source.endswith(".toml") and guide_id != stem:
        r.fail("id", f"expected {stem!r}, the file's name")
    icon = r.text("icon")
    if icon not in ICONS:
        r.fail("icon", "expected one of " + ", ".join(ICONS))
    order = r.data.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        r.fail("order", "expected a whole number")
    checked = r.data.get("checked")
    if isinstance(checked, str):
        try:
            checked = date.fromisoformat(checked)  # JSON bundles carry dates as text
        except ValueError:
            r.fail("checked", "expected a date such as 2026-11-28")
    if not isinstance(checked, date) or (today is not None and checked > today):
        r.fail("checked", "expected the date the facts were checked (not in the future)")
    languages = r.sub("text")
    languages.only(*LANGS)
    texts = {lang: _text(languages.sub(lang)) for lang in LANGS}
    first, other = texts["id"], texts["en"]
    for name in ("documents", "steps"):
        if len(getattr(first, name)) != len(getattr(other, name)):
            r.fail(f"text.en.{name}", f"expected as many entries as text.id.{name}, same order")
    return Guide(guide_id, r.text("service", False), icon, order, checked, texts)


def sort_guides(guides: list[Guide]) -> list[Guide]:
    return sorted(guides, key=lambda g: (g.order, g.id))
