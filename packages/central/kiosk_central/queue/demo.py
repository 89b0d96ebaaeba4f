"""Demo data for ``scripts/demo --office`` and the tests: the services the kiosk ships with,
three counters and one booking for today. Only into an office with no services yet."""

from __future__ import annotations

from datetime import timedelta

from kiosk_central.queue.models import Booking, Counter, Office, Service
from layanan_rules.opening import WEEKDAYS

SERVICES = (
    ("paspor_baru", "A", "Paspor Baru", "New Passport", 15),
    ("penggantian", "B", "Penggantian Paspor", "Passport Renewal", 10),
    ("hilang_rusak", "C", "Paspor Hilang / Rusak", "Lost / Damaged Passport", 20),
    ("izin_tinggal", "D", "Izin Tinggal", "Stay Permit", 15),
    ("informasi", "E", "Informasi", "Information", 5),
)


def demo_data(office: Office | None = None, always_open: bool = True) -> str:
    office = office or Office.objects.order_by("pk").first()
    if office.services.exists():
        return f"office {office.code} already has services: nothing added"
    if always_open:
        office.hours = {day: ["00:00-24:00"] for day in WEEKDAYS}
        office.save(update_fields=["hours"])
    services = [
        Service.objects.create(
            office=office,
            code=code,
            prefix=prefix,
            name_id=name_id,
            name_en=name_en,
            average_minutes=minutes,
            order=i,
        )
        for i, (code, prefix, name_id, name_en, minutes) in enumerate(SERVICES)
    ]
    for number, served in ((1, services[:2]), (2, services[1:4]), (3, services[4:])):
        Counter.objects.create(office=office, number=number).services.set(served)
    now = office.local_now().replace(second=0, microsecond=0)
    Booking.objects.create(
        office=office,
        code="MP-2026-00042",
        service=services[1],
        slot_start=now,
        slot_end=now + timedelta(minutes=30),
        holder_masked="BUDI S***",
    )
    return f"office {office.code}: {len(services)} services, 3 counters, 1 booking"
