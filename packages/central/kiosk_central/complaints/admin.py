"""Only the per-office settings are in the admin: complaints themselves are not listed there
(reports of fees or illegal charges must not be readable by whoever runs the admin)."""

from django.contrib import admin

from kiosk_central.complaints.models import ComplaintSettings


@admin.register(ComplaintSettings)
class ComplaintSettingsAdmin(admin.ModelAdmin):
    list_display = ("office", "first_answer_days", "resolution_days", "erase_contact_days", "head")
    readonly_fields = ("fees_supervisor",)
