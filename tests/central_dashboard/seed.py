"""Seeded histories written into a real central's database (run in its own process, with the
central's config, as the server would see them): ``python -m tests.central_dashboard.seed
CONFIG SCENARIO``. Times are minutes after 08.00 WIB."""

from __future__ import annotations

import sys
import uuid
from datetime import date, timedelta

from kiosk_testsupport.clocks import WIB
from kiosk_testsupport.clocks import office_minute as at

D1, D2 = date(2026, 11, 23), date(2026, 11, 24)  # Monday, Tuesday
PASSWORD = "rahasia-123"
# One respondent's nine answers, U1..U9, and the exit question from two visitors.
SURVEY = (4, 3, 3, 2, 4, 3, 4, 3, 3)
EXIT = (4, 3)


def users():
    from django.contrib.auth.models import Group, User

    made = {}
    for name, role in (
        ("sari", "loket"),
        ("budi", "loket"),
        ("kepala", "supervisor"),
        ("admin1", "admin"),
    ):
        user = User.objects.create_user(name, password=PASSWORD, first_name=name.title())
        user.groups.add(Group.objects.get(name=role))
        made[name] = user
    return made


def ticket(office, service, day, seq, issued, state, events, source="walk_in", lane="regular"):
    from kiosk_central.queue.models import Ticket, TicketEvent

    t = Ticket.objects.create(
        uid=uuid.uuid4(),
        office=office,
        service=service,
        day=day,
        seq=seq,
        number=f"{service.prefix}-{seq:03d}",
        lane=lane,
        source=source,
        origin="central",
        state=state,
        issued_at=at(day, issued),
        queued_at=at(day, issued),
    )
    TicketEvent.objects.create(ticket=t, kind="issued", at=at(day, issued))
    for kind, minute, counter, staff in events:
        TicketEvent.objects.create(
            ticket=t, kind=kind, at=at(day, minute), counter=counter, staff=staff
        )
    return t


def history() -> None:
    """Two days: on the second, loket 2 is closed. Computed by hand in test_reports.py."""
    from kiosk_central.queue.models import Counter, Kiosk, Office, Rating, Service

    office = Office.objects.get()
    u = users()
    a = Service.objects.get(office=office, prefix="A")
    b = Service.objects.get(office=office, prefix="B")
    c = Service.objects.get(office=office, prefix="C")
    l1, l2 = Counter.objects.get(number=1), Counter.objects.get(number=2)
    sari, budi = u["sari"], u["budi"]
    ticket(office, a, D1, 1, 0, "done", [("called", 10, l1, sari), ("done", 25, l1, sari)])
    ticket(office, a, D1, 2, 5, "done", [("called", 40, l1, sari), ("done", 50, l1, sari)])
    calls = [("called", 20, l2, budi), ("recalled", 23, l2, budi), ("no_show", 26, l2, budi)]
    ticket(office, a, D1, 3, 10, "no_show", calls)
    ticket(
        office,
        b,
        D1,
        1,
        0,
        "done",
        [("called", 5, l2, budi), ("done", 13, l2, budi)],
        source="nik",
        lane="priority",
    )
    ticket(office, a, D1, 4, 30, "waiting", [])
    ticket(office, c, D1, 1, 1, "voided", [("voided", 2, None, None)])  # never in a report
    ticket(office, a, D2, 1, 0, "done", [("called", 20, l1, sari), ("done", 30, l1, sari)])
    k1 = Kiosk.objects.create(office=office, name="kiosk-01", token_hash="1" * 64)
    k2 = Kiosk.objects.create(
        office=office, name="kiosk-02", token_hash="2" * 64, offline_block_start=900
    )
    for i, value in enumerate(SURVEY):
        Rating.objects.create(
            id=uuid.uuid4(),
            office=office,
            kiosk=k1,
            value=value,
            element=f"U{i + 1}",
            at=at(D1, 60 + i),
            clock_synced=True,
            kiosk_sequence=i,
        )
    for i, value in enumerate(EXIT):
        Rating.objects.create(
            id=uuid.uuid4(),
            office=office,
            kiosk=k2,
            value=value,
            element="",
            at=at(D1, 90 + i),
            clock_synced=True,
            kiosk_sequence=i,
        )


def today() -> None:
    """The live page: two waiting, one served, one no-show, loket 1 serving A-004; kiosk-01
    out of paper, kiosk-02 offline for an hour, kiosk-03 fine."""
    from django.utils import timezone

    from kiosk_central.queue.models import Counter, Kiosk, Office, Service

    office = Office.objects.get()
    history()
    now = timezone.now()
    local = now.astimezone(WIB)
    day = local.date()
    minutes = (local - at(day, 0)).total_seconds() / 60  # now, in minutes after 08.00
    a = Service.objects.get(office=office, prefix="A")
    b = Service.objects.get(office=office, prefix="B")
    l1 = Counter.objects.get(number=1)
    from django.contrib.auth.models import User

    sari = User.objects.get(username="sari")
    ticket(
        office,
        a,
        day,
        1,
        minutes - 50,
        "done",
        [("called", minutes - 40, l1, sari), ("done", minutes - 30, l1, sari)],
    )
    ticket(
        office,
        a,
        day,
        2,
        minutes - 45,
        "no_show",
        [("called", minutes - 29, l1, sari), ("no_show", minutes - 25, l1, sari)],
    )
    ticket(office, a, day, 3, minutes - 42, "waiting", [])
    ticket(office, a, day, 4, minutes - 20, "called", [("called", minutes - 2, l1, sari)])
    ticket(office, b, day, 1, minutes - 12, "waiting", [])
    Kiosk.objects.filter(name="kiosk-01").update(last_seen=now, printer_fault="paper_out")
    Kiosk.objects.filter(name="kiosk-02").update(last_seen=now - timedelta(hours=1))
    Kiosk.objects.create(
        office=office, name="kiosk-03", token_hash="3" * 64, offline_block_start=1000, last_seen=now
    )


def alerting(webhook: str) -> None:
    """kiosk-01 out of paper, alerted at once (after 0 minutes) to ``webhook``."""
    from django.utils import timezone

    from kiosk_central.dashboard.models import DashboardSettings
    from kiosk_central.queue.models import Kiosk, Office

    office = Office.objects.get()
    DashboardSettings.objects.create(office=office, alert_after_minutes=0, webhook_url=webhook)
    Kiosk.objects.create(
        office=office,
        name="kiosk-01",
        token_hash="1" * 64,
        last_seen=timezone.now(),
        printer_fault="paper_out",
    )


def paper_loaded() -> None:
    from django.utils import timezone

    from kiosk_central.queue.models import Kiosk

    Kiosk.objects.filter(name="kiosk-01").update(printer_fault="", last_seen=timezone.now())


def two_offices() -> None:
    """The history's office (kepala is its supervisor) and a second office with a ticket of
    its own; admin1 is assigned to no office; root is a superuser."""
    from django.contrib.auth.models import User

    from kiosk_central.dashboard.models import OfficeAccess
    from kiosk_central.queue.models import Office, Service

    history()
    first = Office.objects.get()
    OfficeAccess.objects.create(user=User.objects.get(username="kepala"), office=first)
    other = Office.objects.create(code="kanim-b", name="Kantor Imigrasi B")
    service = Service.objects.create(
        office=other, code="paspor_b", prefix="P", name_id="Paspor B", name_en="Passport B"
    )
    ticket(other, service, D1, 1, 0, "waiting", [])
    User.objects.create_superuser("root", password=PASSWORD)


def main(config: str, scenario: str, *args: str) -> None:
    from kiosk_central.cli import setup

    setup(config)
    scenarios = {
        "history": history,
        "today": today,
        "alerting": alerting,
        "paper_loaded": paper_loaded,
        "two_offices": two_offices,
    }
    scenarios[scenario](*args)


if __name__ == "__main__":
    main(*sys.argv[1:])
