from django.contrib import admin

from kiosk_central.dashboard.models import DashboardSettings, KioskAlert, OfficeAccess


@admin.register(DashboardSettings)
class DashboardSettingsAdmin(admin.ModelAdmin):
    list_display = ("office", "target_wait_minutes", "alert_after_minutes", "webhook_url")


@admin.register(KioskAlert)
class KioskAlertAdmin(admin.ModelAdmin):
    list_display = ("kiosk", "problem", "since", "cleared_at", "start_sent_at", "clear_sent_at")
    list_filter = ("problem",)
    readonly_fields = [f.name for f in KioskAlert._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(OfficeAccess)
class OfficeAccessAdmin(admin.ModelAdmin):
    list_display = ("user", "office")
    list_filter = ("office",)
