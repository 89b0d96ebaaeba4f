"""``user|may_use_inbox`` for the central's nav: the "Pengaduan" link only for the roles that
may open the inbox (the same rule as the views)."""

from __future__ import annotations

from django import template

from kiosk_central.complaints.access import may_use_inbox as allowed

register = template.Library()


@register.filter
def may_use_inbox(user) -> bool:
    return bool(user and user.is_authenticated and allowed(user))
