"""Who may see the dashboard: supervisors and admins, signed in, each for their own office
(``OfficeAccess``; a superuser for all). Counter staff get a 403 page that says why and where
to go instead; asking for another office's figures is a 404, as if it did not exist."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

ROLES = ("supervisor", "admin")


def may_see(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name__in=ROLES).exists())


def offices(user):
    """The offices ``user`` (who may see the dashboard) may see, in order."""
    from kiosk_central.dashboard.models import OfficeAccess
    from kiosk_central.queue.models import Office

    every = Office.objects.order_by("pk")
    if user.is_superuser:
        return every
    assigned = OfficeAccess.objects.filter(user=user).values("office")
    if not assigned.exists() and every.count() == 1:
        return every  # one office: nobody has to be assigned to it
    return every.filter(pk__in=assigned)


def supervisor_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            # The central's one sign-in (settings.LOGIN_URL, /masuk/), the one with the lockout.
            return redirect_to_login(request.get_full_path())
        if not may_see(request.user):
            return render(request, "dashboard/forbidden.html", status=403)
        if not offices(request.user).exists():
            context = {"no_office": True}
            return render(request, "dashboard/forbidden.html", context, status=403)
        return view(request, *args, **kwargs)

    return wrapped
