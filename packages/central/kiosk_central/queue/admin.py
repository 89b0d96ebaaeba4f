"""The back office in Django's admin, in Indonesian and English: offices, services, counters,
kiosks (register with the token shown once, revoke, health), bookings (with a CSV import),
guide versions (a zip of guide files, checked before it becomes a version), tickets and their
events (read-only: the event log is never edited), and the SKM's respondent profiles (read-only,
the month and the answers only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kiosk_central.queue import kiosks as kiosk_registry
from kiosk_central.queue.access import offices
from kiosk_central.queue.bookings_csv import BookingsError, import_bookings
from kiosk_central.queue.guides_zip import GuideBundleError, new_version
from kiosk_central.queue.holidays_toml import import_holidays
from kiosk_central.queue.models import (
    Booking,
    Counter,
    GuideVersion,
    Holiday,
    Kiosk,
    Office,
    Rating,
    RespondentProfile,
    Service,
    Ticket,
    TicketEvent,
)
from layanan_rules.opening import HoursError
from layanan_rules.respondent_profile import QUESTIONS, answer_label

admin.site.site_header = _("Layanan Kiosk: central")
admin.site.site_title = _("Layanan Kiosk")


class OfficeScoped(admin.ModelAdmin):
    """The one office-access rule (queue/access.py) in the admin too: someone who is not a
    superuser lists, opens and picks only the offices they may act in."""

    office_field = "office"

    def get_queryset(self, request):
        mine = super().get_queryset(request)
        if request.user.is_superuser:
            return mine
        return mine.filter(**{f"{self.office_field}__in": offices(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office" and not request.user.is_superuser:
            kwargs["queryset"] = offices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnly(OfficeScoped):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Office)
class OfficeAdmin(OfficeScoped):
    office_field = "pk"
    list_display = ["code", "name", "time_zone", "priority_ratio", "nik_retention_days"]


@admin.register(Service)
class ServiceAdmin(OfficeScoped):
    list_display = [
        "prefix",
        "code",
        "name_id",
        "enabled",
        "last_issue",
        "quota_walk_in",
        "quota_priority",
        "quota_booking",
    ]
    list_filter = ["office", "enabled"]


@admin.register(Holiday)
class HolidayAdmin(OfficeScoped):
    list_display = ["date", "name", "office"]
    list_filter = ["office"]
    date_hierarchy = "date"
    change_list_template = "admin/queue/holiday_changelist.html"

    def get_urls(self):
        return [
            path(
                "import/", self.admin_site.admin_view(self.import_toml), name="queue_holiday_import"
            ),
            *super().get_urls(),
        ]

    def import_toml(self, request):
        def handle(office, upload):
            text = upload.read().decode("utf-8-sig", errors="strict")
            n = import_holidays(office, text, upload.name)
            return _("%(n)d holidays imported") % {"n": n}

        return _upload_view(self, request, _("Import holidays (TOML)"), handle)


@admin.register(Counter)
class CounterAdmin(OfficeScoped):
    list_display = ["number", "name", "office", "active"]
    filter_horizontal = ["services"]


class KioskForm(forms.ModelForm):
    class Meta:
        model = Kiosk
        fields = ["office", "name", "offline_block_start", "offline_block_size"]


@admin.register(Kiosk)
class KioskAdmin(OfficeScoped):
    form = KioskForm
    list_display = [
        "name",
        "office",
        "live",
        "last_seen",
        "printer_fault",
        "backlog_pending",
        "backlog_parked",
        "clock_skew_s",
        "offline_block_start",
    ]
    readonly_fields = [
        "created_at",
        "revoked_at",
        "last_seen",
        "version",
        "printer_fault",
        "printer_warning",
        "scanner_fault",
        "backlog_pending",
        "backlog_parked",
        "clock_skew_s",
        "clock_synced",
        "guides_version",
    ]
    actions = ["revoke"]

    @admin.display(boolean=True, description=_("token valid"))
    def live(self, kiosk: Kiosk) -> bool:
        return kiosk.revoked_at is None

    def get_readonly_fields(self, request, obj=None):
        # A registered kiosk's block is changed only by registering it again.
        fixed = ["name", "offline_block_start", "offline_block_size"] if obj else []
        return [*self.readonly_fields, *fixed]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        try:
            kiosk, token = kiosk_registry.register(
                obj.office, obj.name, obj.offline_block_start, obj.offline_block_size
            )
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return None
        obj.pk = kiosk.pk
        self.message_user(
            request,
            _("Kiosk %(name)s registered. Its token, shown only this once: %(token)s")
            % {"name": kiosk.name, "token": token},
            messages.WARNING,
        )
        return None

    @admin.action(description=_("Revoke the selected kiosks' tokens"))
    def revoke(self, request, queryset):
        for kiosk in queryset:
            kiosk_registry.revoke(kiosk)
        self.message_user(request, _("%(n)d kiosk token(s) revoked") % {"n": queryset.count()})


class UploadForm(forms.Form):
    office = forms.ModelChoiceField(Office.objects.all(), label=_("office"))
    file = forms.FileField(label=_("file"))


def _upload_view(model_admin, request, title: str, handle):
    form = UploadForm(request.POST or None, request.FILES or None)
    form.fields["office"].queryset = offices(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            done = handle(form.cleaned_data["office"], form.cleaned_data["file"])
        except (BookingsError, GuideBundleError, HoursError, UnicodeDecodeError) as exc:
            for problem in getattr(exc, "problems", [str(exc)]):
                model_admin.message_user(request, problem, messages.ERROR)
        else:
            model_admin.message_user(request, done)
            return redirect("..")
    context = {
        **model_admin.admin_site.each_context(request),
        "form": form,
        "title": title,
        "opts": model_admin.model._meta,
    }
    return render(request, "admin/queue/upload.html", context)


@admin.register(Booking)
class BookingAdmin(OfficeScoped):
    list_display = ["code", "service", "slot_start", "slot_end", "holder_masked", "status"]
    list_filter = ["office", "status", "service"]
    search_fields = ["code"]
    date_hierarchy = "slot_start"  # issue 29: the day's bookings, slot by slot
    change_list_template = "admin/queue/booking_changelist.html"

    def get_urls(self):
        return [
            path(
                "import/", self.admin_site.admin_view(self.import_csv), name="queue_booking_import"
            ),
            *super().get_urls(),
        ]

    def import_csv(self, request):
        def handle(office, upload):
            # The upload as a file (Django keeps a big one on disk), never read whole here.
            return _("%(n)d bookings imported") % {"n": import_bookings(office, upload)}

        return _upload_view(self, request, _("Import bookings (CSV)"), handle)


@admin.register(GuideVersion)
class GuideVersionAdmin(ReadOnly):
    list_display = ["version", "office", "uploaded_at", "note", "guides"]
    change_list_template = "admin/queue/guideversion_changelist.html"

    @admin.display(description=_("guides"))
    def guides(self, obj: GuideVersion) -> str:
        return ", ".join(sorted(obj.bundle))

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("queue.add_guideversion")

    def get_urls(self):
        return [
            path(
                "upload/", self.admin_site.admin_view(self.upload), name="queue_guideversion_upload"
            ),
            *super().get_urls(),
        ]

    def upload(self, request):
        def handle(office, upload):
            version = new_version(office, upload.read(), upload.name)
            return _("guides v%(v)d: %(n)d guides") % {
                "v": version.version,
                "n": len(version.bundle),
            }

        return _upload_view(self, request, _("Upload guides (zip)"), handle)


class EventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "counter", "staff", "kiosk", "to_service", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnly):
    list_display = [
        "number",
        "day",
        "service",
        "lane",
        "state",
        "origin",
        "kiosk",
        "received_at",
        "over_quota",
        "outside_hours",
    ]
    # Offline numbers past a quota or outside the hours: honoured, listed for the supervisor.
    list_filter = ["day", "state", "service", "origin", "over_quota", "outside_hours"]
    search_fields = ["number"]
    exclude = ["nik"]  # never shown
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnly):
    list_display = ["at", "kiosk", "value", "ticket_number"]
    list_filter = ["kiosk", "value"]


def _answer(question: str, title: str):
    def shown(profile: RespondentProfile) -> str:
        code = getattr(profile, question)
        return answer_label(question, code, _lang()) if code else "—"

    shown.short_description = title
    shown.admin_order_field = question
    return shown


def _lang() -> str:
    return "en" if translation.get_language() == "en" else "id"


def _answer_filter(question: str, title: str):
    """A filter by one question's answers, in words (the codes mean nothing to a supervisor)."""

    class ByAnswer(admin.SimpleListFilter):
        parameter_name = question

        def lookups(self, request, model_admin):
            return [
                (code, answer_label(question, code, _lang())) for code, *_ in QUESTIONS[question][1]
            ]

        def queryset(self, request, queryset):
            return queryset.filter(**{question: self.value()}) if self.value() else queryset

    ByAnswer.title = title
    return ByAnswer


@admin.register(RespondentProfile)
class RespondentProfileAdmin(ReadOnly):
    """The SKM's respondent profiles for supervisors: the month and the four answers, nothing
    else (no kiosk, no id, no page of its own), so nothing links a row to a visit or a time."""

    list_display = [
        "month",
        _answer("sex", _("sex")),
        _answer("age", _("age")),
        _answer("education", _("education")),
        _answer("occupation", _("occupation")),
    ]
    list_display_links = None
    list_filter = [
        "month",
        _answer_filter("sex", _("sex")),
        _answer_filter("age", _("age")),
        _answer_filter("education", _("education")),
        _answer_filter("occupation", _("occupation")),
    ]
    ordering = ["-month"]
    fields = ["month", "sex", "age", "education", "occupation"]

    def has_view_permission(self, request, obj=None):
        return obj is None and super().has_view_permission(request, obj)
