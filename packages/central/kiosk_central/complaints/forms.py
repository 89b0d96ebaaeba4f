"""The public form: every field checked as data from a stranger, every refusal a sentence the
sender can act on (Indonesian first, English after it)."""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.core.validators import EmailValidator

from kiosk_central.complaints import photo as photos
from kiosk_central.complaints import text as words
from kiosk_central.complaints.models import CONTACT_LIMIT, TEXT_LIMIT, Category, Kind

_NUMBER = re.compile(r"^([A-Z])-?(\d{1,4})$")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}$")

KIND_LABELS = {
    Kind.COMPLAINT: ("Pengaduan", "Complaint"),
    Kind.SUGGESTION: ("Saran", "Suggestion"),
    Kind.QUESTION: ("Pertanyaan", "Question"),
    Kind.COMPLIMENT: ("Pujian", "Compliment"),
}
CATEGORY_LABELS = {
    Category.PROCEDURE: ("Prosedur layanan", "Service procedure"),
    Category.CONDUCT: ("Perilaku petugas", "Staff conduct"),
    Category.WAITING: ("Waktu tunggu", "Waiting time"),
    Category.FACILITIES: ("Sarana dan prasarana", "Facilities"),
    Category.FEES: ("Biaya atau pungutan liar", "Fees or illegal charges"),
    Category.INFORMATION: ("Informasi", "Information"),
    Category.OTHER: ("Lainnya", "Other"),
}
STATE_LABELS = {
    "new": ("Diterima", "Received"),
    "in_progress": ("Sedang ditangani", "In progress"),
    "answered": ("Sudah dijawab", "Answered"),
    "closed": ("Selesai", "Closed"),
    "refused": ("Tidak dapat ditindaklanjuti", "Cannot be taken further"),
}


CHOOSE_CONTACT = "Pilih: dengan kontak atau anonim · Choose: with contact or anonymous"


EVENT_LABELS = {
    "received": ("Diterima", "Received"),
    "assigned": ("Ditugaskan", "Assigned"),
    "state": ("Status diubah", "State changed"),
    "reply": ("Jawaban publik", "Public reply"),
    "note": ("Catatan internal", "Internal note"),
    "opened": ("Dibuka", "Opened"),
    "photo": ("Foto diunduh", "Photo downloaded"),
    "overdue": ("Melewati batas waktu", "Overdue"),
    "notified": ("Pengirim diberi tahu", "Sender notified"),
    "erased": ("Kontak dihapus", "Contact erased"),
}


def both(pair: tuple[str, str]) -> str:
    return f"{pair[0]} · {pair[1]}"


class ComplaintForm(forms.Form):
    tiket = forms.UUIDField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        choices=[(k.value, both(v)) for k, v in KIND_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih jenisnya · Choose the type",
            "invalid_choice": "Pilih jenisnya · Choose the type",
        },
    )
    category = forms.ChoiceField(
        choices=[(k.value, both(v)) for k, v in CATEGORY_LABELS.items()],
        error_messages={
            "required": "Pilih kategorinya · Choose the category",
            "invalid_choice": "Pilih kategorinya · Choose the category",
        },
    )
    text = forms.CharField(
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": TEXT_LIMIT}),
        error_messages={
            "required": "Tuliskan isi pesan Anda · Please write your message",
            "max_length": f"Paling banyak {TEXT_LIMIT} karakter · At most {TEXT_LIMIT} characters",
        },
    )
    concerns_head = forms.BooleanField(required=False)
    visit_number = forms.CharField(required=False, max_length=8)
    visit_day = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Tanggal tidak valid · Invalid date"},
    )
    photo = forms.FileField(
        required=False,
        error_messages={
            "empty": "Berkas foto kosong; pilih fotonya lagi · "
            "The photo file is empty; choose it again",
            "invalid": "Pilih fotonya lagi · Choose the photo again",
        },
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    anonymous = forms.ChoiceField(
        choices=[("no", "no"), ("yes", "yes")],
        widget=forms.RadioSelect,
        initial="no",
        error_messages={"required": CHOOSE_CONTACT, "invalid_choice": CHOOSE_CONTACT},
    )
    name = forms.CharField(required=False, max_length=CONTACT_LIMIT)
    contact = forms.CharField(required=False, max_length=CONTACT_LIMIT)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.clean_photo_result = None

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\x00", "").strip()
        if not text:
            raise forms.ValidationError(self.fields["text"].error_messages["required"])
        return text

    def clean_visit_number(self) -> str:
        raw = self.cleaned_data["visit_number"].strip().upper().replace(" ", "")
        if not raw:
            return ""
        match = _NUMBER.match(raw)
        if not match:
            raise forms.ValidationError("Nomor antrean seperti A-007 · A queue number like A-007")
        return f"{match.group(1)}-{int(match.group(2)):03d}"

    def clean_visit_day(self):
        day = self.cleaned_data["visit_day"]
        if day and self.today and not (self.today - timedelta(days=366) <= day <= self.today):
            raise forms.ValidationError(
                "Tanggal kunjungan dalam setahun terakhir · A visit within the past year"
            )
        return day

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return photos.clean(upload)
        except photos.PhotoRefused as refused:
            raise forms.ValidationError(PHOTO_REFUSALS[refused.code]) from None

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].replace("\x00", "").strip()
        if words.mask_niks(name)[1]:
            raise forms.ValidationError(NIK_IN_NAME)
        return name

    def clean_contact(self) -> str:
        contact = self.cleaned_data["contact"].strip()
        if not contact:
            return ""
        # Kept until erased after closing, and sent to the office's gateway: never a NIK.
        if words.mask_niks(contact)[1]:
            raise forms.ValidationError(NIK_IN_CONTACT)
        if "@" in contact:
            try:
                EmailValidator()(contact)
            except forms.ValidationError:
                raise forms.ValidationError(CONTACT_WRONG) from None
        elif not _PHONE.match(contact):
            raise forms.ValidationError(CONTACT_WRONG)
        return contact

    def clean(self):
        data = super().clean()
        if data.get("anonymous") == "yes":
            data["name"], data["contact"] = "", ""
        elif "contact" in data and not data.get("contact"):
            self.add_error(
                "contact",
                "Isi nomor HP atau email, atau pilih anonim · "
                "Give a phone number or email, or choose to stay anonymous",
            )
        if bool(data.get("visit_number")) != bool(data.get("visit_day")) and not self.errors.get(
            "visit_number"
        ):
            self.add_error(
                "visit_number",
                "Isi nomor antrean dan tanggalnya, atau kosongkan keduanya · "
                "Give both the number and the date, or neither",
            )
        return data


CONTACT_WRONG = "Nomor HP atau email tidak valid · Not a valid phone number or email"
NIK_IN_CONTACT = (
    "Ini tampaknya NIK (16 angka). Jangan tulis NIK di sini: isi nomor HP (WhatsApp) atau "
    "email Anda · This looks like a NIK (16 digits). Do not give your NIK here: give your "
    "mobile number or email"
)
NIK_IN_NAME = (
    "Nama tidak boleh memuat NIK (16 angka); tulis nama saja, atau kosongkan · "
    "A name may not hold a NIK (16 digits); write the name only, or leave it empty"
)
PHOTO_REFUSALS = {
    "size": f"Foto paling besar {photos.MAX_BYTES // (1024 * 1024)} MB · "
    f"A photo of at most {photos.MAX_BYTES // (1024 * 1024)} MB",
    "type": "Hanya foto JPEG, PNG atau WebP · Only JPEG, PNG or WebP photos",
    "pixels": "Foto terlalu besar ukurannya · The photo's dimensions are too large",
    "broken": "Foto rusak atau tidak lengkap · The photo is damaged or incomplete",
}


class TrackForm(forms.Form):
    code = forms.CharField(max_length=20)
    secret = forms.CharField(max_length=30)
