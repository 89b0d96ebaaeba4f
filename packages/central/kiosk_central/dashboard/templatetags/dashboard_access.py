"""``user|may_see_dashboard`` for the central's nav: the "Dasbor" link only for the roles that
may open it (the same rule as the views, not a copy of it)."""

from __future__ import annotations

from django import template

from kiosk_central.dashboard.access import may_see

register = template.Library()


@register.filter
def may_see_dashboard(user) -> bool:
    return bool(user and user.is_authenticated and may_see(user))
