"""``{% figure value places lang %}``: a number on a page as the reports round and write it
(half up, the decimal comma in Indonesian), never Django's floatformat, which follows the
server's locale settings rather than the page's language."""

from __future__ import annotations

from django import template

from layanan_rules.formatting import decimal

register = template.Library()


@register.simple_tag
def figure(value, places: int = 2, lang: str = "id") -> str:
    return "–" if value is None else decimal(value, lang, places)
