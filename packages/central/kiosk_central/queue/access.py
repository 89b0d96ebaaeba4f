"""Which offices a staff member may see and act in: the one office-access rule of every staff
page and action (the counter terminal and its actions, the dashboard, the admin).

A superuser: every office. Anyone else: the offices assigned to them (the dashboard app's
OfficeAccess rows, reached through the user so this layer imports no page app); on a central
with one office, someone with no assignment has that office (nobody has to be assigned)."""

from __future__ import annotations


def offices(user):
    """The offices ``user`` may see and act in, in order."""
    from kiosk_central.queue.models import Office

    every = Office.objects.order_by("pk")
    if user.is_superuser:
        return every
    assigned = user.dashboard_offices.values("office")
    if not assigned.exists() and every.count() == 1:
        return every
    return every.filter(pk__in=assigned)
