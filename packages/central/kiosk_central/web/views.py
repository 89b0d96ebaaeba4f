from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse

from kiosk_central.network import public
from kiosk_central.queue.models import Office
from kiosk_central.web import lockout


def lockout_terms() -> tuple[int, int]:
    """How many wrong passwords lock a name, and for how many minutes: what the sign-in page
    warns of, read from what enforces it (django-axes, through web/lockout.py)."""
    window = settings.AXES_COOLOFF_TIME
    if isinstance(window, int | float):  # django-axes also takes hours as a number
        window = timedelta(hours=window)
    return lockout.PER_NAME, int(window.total_seconds() // 60)


class SignIn(auth_views.LoginView):
    # Its lockout is django-axes' (web/lockout.py), the same for the admin's sign-in.
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = Office.objects.order_by("pk").only("name").first()
        limit, minutes = lockout_terms()
        context.update(
            office_name=office.name if office else "",
            resuming=context.get("next") == reverse("counter-resume"),
            lockout_limit=limit,
            lockout_minutes=minutes,
        )
        return context


def home(request):
    return render(request, "central/home.html")


@public
def staff_only(request):
    """The page nginx shows when it refuses a request from outside the staff networks (the
    central's own refusal renders the same template)."""
    return render(request, "central/staff_only.html", status=403)
