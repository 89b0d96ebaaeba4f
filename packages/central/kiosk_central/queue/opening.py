"""The office's opening rules over the stored queue: its calendar (weekly hours and holidays),
the tickets each service and lane has issued today, and each service's state as the kiosks are
told it. The rules themselves are the kiosk's (layanan_rules.opening): both sides refuse the same
ticket for the same reason.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Count

from kiosk_central.queue.models import Booking, Holiday, Office, Service, Ticket, weekly_hours
from layanan_rules.opening import Availability, Holidays, OfficeCalendar, Refusal, availability
from layanan_rules.services import Lane

# "Opens next" looks three weeks ahead (the domain's reach): holidays past that do not matter.
_REACH = timedelta(days=22)
CLOSED_TEXT = {
    Refusal.QUOTA_REACHED: ("Kuota hari ini habis", "Today's quota is full"),
    Refusal.PAST_CUTOFF: ("Layanan sudah tutup", "This service has closed for today"),
    Refusal.OFFICE_CLOSED: ("Kantor sedang tutup", "The office is closed"),
}


def calendar(office: Office, today: date) -> OfficeCalendar:
    names = dict(
        Holiday.objects.filter(office=office, date__gte=today, date__lte=today + _REACH)
        .values_list("date", "name")
    )  # fmt: skip
    return OfficeCalendar(weekly_hours(office.hours), Holidays(names))


def issued(services: Iterable[int], days: Iterable[date]) -> Tally:
    """Tickets per (service id, day, lane) that count against a quota: all but voided ones."""
    rows = (
        Ticket.objects.filter(service_id__in=list(services), day__in=list(days))
        .exclude(state=Ticket.State.VOIDED)
        .values_list("service_id", "day", "lane")
        .annotate(n=Count("id"))
    )
    return Tally({(s, d, lane): n for s, d, lane, n in rows})


def bookings(office: Office, codes: Iterable[str]) -> dict[str, Booking]:
    """The office's live bookings by code, for the appointment tickets at hand."""
    codes = [c for c in codes if c]
    if not codes:  # a walk-in's: no query, and none compiled (under the write lock, often)
        return {}
    found = Booking.objects.filter(office=office, code__in=codes)
    return {b.code: b for b in found.exclude(status=Booking.Status.CANCELLED)}


def in_slot(
    office: Office, service: Service, lane: str, booking: Booking | None, now: datetime
) -> bool:
    """A booking for this service whose slot (widened by the office's late tolerance) holds
    ``now``: the office gave that time, so no cut-off or walk-in quota refuses it."""
    if lane != Lane.APPOINTMENT or booking is None or booking.service_id != service.pk:
        return False
    if booking.slot_start is None:
        return True  # booked for the day, no time given
    grace = timedelta(minutes=office.late_tolerance_minutes)
    end = booking.slot_end or booking.slot_start
    return booking.slot_start - grace <= now < end + grace


def judge(
    cal: OfficeCalendar, service: Service, lane: str, now: datetime, count: int, slot: bool
) -> Availability:
    return availability(cal, service.rules(), Lane(lane), now, count, booking_in_slot=slot)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def service_states(office: Office) -> list[dict]:
    """Every service of the office as GET /services tells it: open or closed and why, when it
    opens next, and the places left today per lane (null: no quota)."""
    now = office.local_now()
    today = now.date()
    cal = calendar(office, today)
    services = list(office.services.all())
    counts = issued((s.pk for s in services), [today])
    listed = []
    for s in services:
        rules = s.rules()
        lanes = {}
        for lane in Lane:
            count = counts[(s.pk, today, str(lane))]
            verdict = judge(cal, s, lane, now, count, slot=lane is Lane.APPOINTMENT)
            quota = rules.quota(lane)
            lanes[str(lane)] = {
                "open": s.enabled and verdict.issuing,
                "reason": _reason(s, verdict),
                "remaining": None if quota is None else max(0, quota - count),
            }
        walk_in = judge(cal, s, Lane.REGULAR, now, counts[(s.pk, today, "regular")], slot=False)
        listed.append(
            {
                "code": s.code,
                "prefix": s.prefix,
                "name_id": s.name_id,
                "name_en": s.name_en,
                "open": s.enabled and walk_in.issuing,
                "closed_reason": _reason(s, walk_in),
                "next_open": _iso(walk_in.next_open) if s.enabled else None,
                "last_issue": s.last_issue.strftime("%H:%M") if s.last_issue else None,
                "lanes": lanes,
            }
        )
    return listed


def _reason(service: Service, verdict: Availability) -> str | None:
    if not service.enabled:
        return "not_offered"
    return str(verdict.refusal) if verdict.refusal else None


def refusal_fields(verdict: Availability) -> dict:
    text_id, text_en = CLOSED_TEXT[verdict.refusal]
    return {
        "reason": str(verdict.refusal),
        "next_open": _iso(verdict.next_open),
        "message_id": text_id,
        "message_en": text_en,
    }
