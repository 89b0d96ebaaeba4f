from django import template

from kiosk_central.booking import words

register = template.Library()


@register.filter
def when(booking_or_slot) -> str:
    """A booking's (in its office's time zone) or a slot's day and times."""
    if hasattr(booking_or_slot, "slot_start"):
        b = booking_or_slot
        return words.when_text(b.slot_start, b.slot_end, b.office.time_zone)
    return words.when_text(booking_or_slot.start, booking_or_slot.end)


@register.filter
def service_name(service) -> str:
    return words.service_name(service)


@register.filter
def times(slot) -> str:
    return words.span_text(slot.start, slot.end).removeprefix("pukul ")
