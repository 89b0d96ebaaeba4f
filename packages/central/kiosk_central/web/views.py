from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render


class SignIn(auth_views.LoginView):
    # Its lockout is django-axes' (web/lockout.py), the same for the admin's sign-in.
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def home(request):
    return render(request, "central/home.html")
