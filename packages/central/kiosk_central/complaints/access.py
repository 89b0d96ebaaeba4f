"""Who sees which complaint.

The inbox is for the ``pengaduan`` group (the officials who answer), supervisors and the head
of office (the ``kepala_kantor`` group), each for their own offices. Reports of fees or illegal
charges are the exception: only the office's head (``ComplaintSettings.head``) and the
supervisor the head chose see them, not the technical superuser, not other supervisors; every
time one is opened it is recorded. The Django admin does not list complaints at all.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_noop

from kiosk_central.complaints.models import Category, Complaint, ComplaintSettings

ANSWERERS = gettext_noop("pengaduan")
HEAD = gettext_noop("kepala_kantor")
GROUPS = (ANSWERERS, "supervisor", HEAD)


def make_groups(sender=None, **kwargs) -> None:
    from django.contrib.auth.models import Group

    for name in (ANSWERERS, HEAD):
        Group.objects.get_or_create(name=name)


def may_use_inbox(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name__in=GROUPS).exists())


def offices(user):
    from kiosk_central.dashboard.access import offices as dashboard_offices

    return dashboard_offices(user)


def visible(user):
    """The complaints ``user`` may see: their offices', fees reports only where they are the
    head or the head's chosen supervisor."""
    mine = Complaint.objects.filter(office__in=offices(user))
    trusted = ComplaintSettings.objects.filter(Q(head=user) | Q(fees_supervisor=user)).values(
        "office"
    )
    return mine.exclude(Q(category=Category.FEES) & ~Q(office__in=trusted))


def is_head(user, office) -> bool:
    return ComplaintSettings.of(office).head_id == user.pk


def inbox_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_use_inbox(request.user) or not offices(request.user).exists():
            return render(request, "complaints/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
