from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from kiosk_central.web.lockout import SignInForm


class SignIn(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def home(request):
    return render(request, "central/home.html")
