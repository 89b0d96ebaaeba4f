"""Staff roles as Django groups, kept in step with the models after every migrate.

- loket: counter staff; sees services, counters, bookings and tickets (calls them in the
  counter terminal of the next issue).
- supervisor: also edits bookings and services' opening, sees kiosks, ratings and the SKM's
  respondent profiles.
- admin: everything in the queue app, and staff accounts.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

ROLES = {
    gettext_noop("loket"): {"view": ["service", "counter", "booking", "ticket", "ticketevent"]},
    gettext_noop("supervisor"): {
        "view": [
            "service",
            "counter",
            "booking",
            "ticket",
            "ticketevent",
            "kiosk",
            "rating",
            "respondentprofile",
            "checkin",
            "guideversion",
            "office",
        ],
        "change": ["booking", "service"],
        "add": ["booking"],
    },
    gettext_noop("admin"): {"*": ["queue"], "auth": ["user", "group"]},
}


def sync_roles(sender=None, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.none()
        for action, models in grants.items():
            if action == "*":
                perms |= Permission.objects.filter(content_type__app_label="queue")
            elif action == "auth":
                perms |= Permission.objects.filter(
                    content_type__app_label="auth", content_type__model__in=models
                )
            else:
                perms |= Permission.objects.filter(
                    content_type__app_label="queue",
                    content_type__model__in=models,
                    codename__startswith=f"{action}_",
                )
        group.permissions.set(perms)
