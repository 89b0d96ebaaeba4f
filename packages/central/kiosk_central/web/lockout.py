"""Lockout after repeated failed sign-ins: ``LIMIT`` failures for one user name within
``WINDOW`` lock it for the rest of that window, whoever types the password (a password guesser
changes address more easily than the account it wants). A good sign-in clears the count."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiosk_central.web.models import SignInFailure

LIMIT = 5
WINDOW = timedelta(minutes=15)


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def locked(username: str) -> bool:
    since = timezone.now() - WINDOW
    return SignInFailure.objects.filter(username=_key(username), at__gte=since).count() >= LIMIT


def failed(username: str) -> None:
    SignInFailure.objects.create(username=_key(username))
    SignInFailure.objects.filter(at__lt=timezone.now() - WINDOW).delete()


def succeeded(username: str) -> None:
    SignInFailure.objects.filter(username=_key(username)).delete()


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed sign-ins: this account is locked for 15 minutes. "
            "Ask the supervisor if you need it now."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if locked(username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            failed(username)
            if locked(username):
                raise forms.ValidationError(self.error_messages["locked"], code="locked") from None
            raise
        succeeded(username)
        return cleaned
