"""The supervisor's side of online booking: the office's booking settings, places per slot per
service, and slots closed for a meeting or an outage (whose bookings are told)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext as _

from kiosk_central.booking import notify
from kiosk_central.booking.models import BookingSettings, ServiceSlots, SlotClosure
from kiosk_central.queue.models import Booking


@admin.register(BookingSettings)
class BookingSettingsAdmin(admin.ModelAdmin):
    list_display = ["office", "slot_minutes", "window_days", "release_time", "max_moves"]


@admin.register(ServiceSlots)
class ServiceSlotsAdmin(admin.ModelAdmin):
    list_display = ["service", "places_per_slot"]


@admin.register(SlotClosure)
class SlotClosureAdmin(admin.ModelAdmin):
    list_display = ["start", "end", "service", "reason", "office"]
    list_filter = ["office"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        hit = Booking.objects.filter(
            Q(service=obj.service) if obj.service_id else Q(),
            office=obj.office,
            status=Booking.Status.BOOKED,
            slot_start__lt=obj.end,
            slot_end__gt=obj.start,
        ).select_related("office", "service")
        told = sum(notify.queue(b, "slot_closed") for b in hit)
        messages.info(
            request,
            _("%(n)d bookings are in these slots: their pages say so; %(told)d will be notified.")
            % {"n": hit.count(), "told": told},
        )
