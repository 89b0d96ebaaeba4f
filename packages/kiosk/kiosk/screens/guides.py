"""The procedure guides: a list with icons, and one guide's page with a document checklist,
a QR to take it home, and a way to take a number for its service."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from kiosk.screens.widgets import CardButton
from layanan_rules.formatting import format_date
from layanan_rules.guides import Guide


class GuidesScreen(Screen):
    def on_kv_post(self, base_widget) -> None:
        app = App.get_running_app()
        app.bind(lang=lambda *_: self.fill(app), guides=lambda *_: self.fill(app))
        self.fill(app)

    def fill(self, app) -> None:
        box = self.ids.list
        box.clear_widgets()
        for guide in app.guides:
            text = guide.text(app.lang)
            card = CardButton(
                icon=guide.icon,
                title=text.title,
                subtitle=_first_sentence(text.summary),
                title_size=22,
                sub_size=20,
                badge_size=54,
            )
            card.guide = guide
            card.bind(on_release=lambda c: app.show_guide(c.guide))
            box.add_widget(card)


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + ("." if dot else "")


class SectionTitle(Label):
    pass


class Paragraph(Label):
    pass


class CheckRow(ButtonBehavior, BoxLayout):
    """A document on the checklist: touch to tick it off as already in hand."""

    text = StringProperty("")
    detail = StringProperty("")
    checked = BooleanProperty(False)


class GuideScreen(Screen):
    guide = ObjectProperty(None, allownone=True)
    ticked = ListProperty([])
    qr_texture = ObjectProperty(None, allownone=True)
    qr_url = StringProperty("")

    def on_kv_post(self, base_widget) -> None:
        App.get_running_app().bind(lang=lambda *_: self._fill())

    def show(self, guide: Guide) -> None:
        self.guide = guide
        self.ticked = [False] * len(guide.text("id").documents)
        link = guide.text("id").links[0].url if guide.text("id").links else ""
        self.qr_url = link
        self.qr_texture = None
        if link:
            App.get_running_app().qr_textures.get(link, self._qr_ready)
        self._fill()
        self.ids.scroll.scroll_y = 1

    def _qr_ready(self, url: str, texture) -> None:
        if url == self.qr_url:  # not a guide left meanwhile
            self.qr_texture = texture

    def _fill(self) -> None:
        app = App.get_running_app()
        box = self.ids.body
        box.clear_widgets()
        if self.guide is None:
            return
        lang, text = app.lang, self.guide.text(app.lang)
        box.add_widget(Paragraph(text=text.summary))
        box.add_widget(SectionTitle(text=app.tr("guide.documents", lang)))
        box.add_widget(Paragraph(text=app.tr("guide.tick_hint", lang), italic=True))
        for i, doc in enumerate(text.documents):
            row = CheckRow(text=doc.name, detail=_document_detail(app, lang, doc))
            row.checked = self.ticked[i]
            row.bind(on_release=lambda r, i=i: self.toggle(i, r))
            box.add_widget(row)
        box.add_widget(SectionTitle(text=app.tr("guide.steps", lang)))
        for n, step in enumerate(text.steps, 1):
            box.add_widget(Paragraph(text=f"{n}.  {step}"))
        sections = [
            ("guide.fees", "\n".join(_fees(app, lang, text))),
            ("guide.time", text.processing_time),
            ("guide.where", text.location),
        ]
        for key, body in sections:
            box.add_widget(SectionTitle(text=app.tr(key, lang)))
            box.add_widget(Paragraph(text=body))
        for note in text.notes:
            box.add_widget(Paragraph(text=note, italic=True))
        checked = format_date(self.guide.checked, lang)
        box.add_widget(Paragraph(text=app.tr("guide.checked", lang, date=checked), italic=True))

    def toggle(self, index: int, row: CheckRow) -> None:
        self.ticked[index] = not self.ticked[index]
        row.checked = self.ticked[index]

    def take_number(self, app) -> None:
        if self.guide is not None and self.guide.service:
            app.take_number_for(self.guide.service)


def _fees(app, lang: str, text) -> list[str]:
    """Confirmed fees as written; an unconfirmed one never looks like a price on screen."""
    shown = list(text.confirmed_fees)
    if text.unconfirmed_fees:
        url = text.links[0].url.removeprefix("https://").rstrip("/") if text.links else ""
        key = "guide.fee_ask_link" if url else "guide.fee_ask"
        shown.insert(0, app.tr(key, lang, url=url))
    return shown


def _document_detail(app, lang: str, doc) -> str:
    parts = [app.tr("guide.original" if doc.original else "guide.copy_only", lang)]
    if doc.copies:
        parts.append(app.tr("guide.copies", lang, n=doc.copies))
    if doc.note:
        parts.append(doc.note)
    return " · ".join(parts)
