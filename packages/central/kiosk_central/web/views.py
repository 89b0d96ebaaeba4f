from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from kiosk_central.network import public


class SignIn(auth_views.LoginView):
    # Its lockout is django-axes' (web/lockout.py), the same for the admin's sign-in.
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def home(request):
    return render(request, "central/home.html")


@public
def staff_only(request):
    """The page nginx shows when it refuses a request from outside the staff networks (the
    central's own refusal renders the same template)."""
    return render(request, "central/staff_only.html", status=403)
