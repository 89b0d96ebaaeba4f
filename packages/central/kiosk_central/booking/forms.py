"""The details form: who comes (NIK or passport), their name, a contact for reminders. Text is
data: a name is letters, spaces and a few marks, never markup."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from kiosk_central.booking.holder import Holder, HolderError, parse_holder

NAME = re.compile(r"[^\W\d_][\w .,'’-]{0,79}", re.UNICODE)
PHONE = re.compile(r"\+?[0-9]{9,15}")


class DetailsForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Identity document"),
        choices=[("nik", _("NIK (KTP)")), ("passport", _("Passport (foreigners)"))],
        widget=forms.RadioSelect,
        initial="nik",
    )
    number = forms.CharField(
        label=_("NIK or passport number of the person who will come"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(label=_("Full name, as on the KTP or passport"), max_length=80)
    contact = forms.CharField(
        label=_("Phone (WhatsApp) or e-mail for reminders (optional)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )

    def __init__(self, *args, today, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.holder: Holder | None = None

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not NAME.fullmatch(name):
            raise forms.ValidationError(_("Please write the name with letters only."))
        return name

    def clean_contact(self) -> str:
        text = self.cleaned_data["contact"].strip()
        if not text:
            return ""
        if "@" in text:
            try:
                validate_email(text)
            except forms.ValidationError:
                raise forms.ValidationError(_("This e-mail address is not valid.")) from None
            return text
        digits = re.sub(r"[\s().-]", "", text)
        if digits.startswith("08"):
            digits = "+62" + digits[1:]
        if not PHONE.fullmatch(digits):
            raise forms.ValidationError(
                _("A phone number has 9 to 15 digits, e.g. 0812 3456 7890.")
            )
        return digits

    def clean(self):
        data = super().clean()
        if "number" in data:
            try:
                self.holder = parse_holder(data.get("kind", "nik"), data["number"], self.today)
            except HolderError as exc:
                self.add_error("number", str(exc))
        data.pop("number", None)  # kept only as self.holder
        return data


class FindForm(forms.Form):
    code = forms.CharField(label=_("Booking code"), max_length=40)
    last4 = forms.CharField(
        label=_("Last 4 digits of the NIK or passport number"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
