"""Run in a real central's process (``python -m tests.central_dashboard.digest_check CONFIG
ZONE``): seeds five weeks of an office in ZONE and prints, as JSON lines, the period report
the dashboard makes (digests missing, then kept, then after late data) beside the report the
pure functions make from records read here the plain way (model instances, datetimes): the
reference the digests must equal, figure for figure. test_digest.py compares them."""

from __future__ import annotations

import json
import random
import sys
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SEED = 27


def reference(office, first: date, last: date, target: int, lang: str = "id") -> dict:
    """The report's tables from TicketHistory and RatingRecord built one by one."""
    from kiosk_central.queue.models import Rating
    from kiosk_central.reports.queue_kpis import (
        hourly_table,
        kpi_tables,
        wait_bands_table,
    )
    from kiosk_central.reports.records import RatingRecord
    from kiosk_central.reports.survey import (
        kiosk_table,
        monthly_ikm_table,
        nrr_table,
        survey_result,
    )

    tz = ZoneInfo(office.time_zone)
    tickets = _histories(office, first, last)
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    ratings = [
        RatingRecord(r.kiosk.name, r.at, r.element or "overall", r.value)
        for r in Rating.objects.filter(office=office, at__gte=start, at__lt=end).select_related(
            "kiosk"
        )
        if 1 <= r.value <= 4
    ]
    served = sum(1 for t in tickets if t.done_at is not None and not t.no_show)
    result = survey_result(ratings, population=served)
    kpis = kpi_tables(tickets, target, tz=tz)
    tables = [
        kpis["service"],
        hourly_table(tickets, tz),
        wait_bands_table(tickets),
        kpis["counter"],
        kpis["staff"],
        kpis["hour"],
        nrr_table(result, ratings, lang),
        monthly_ikm_table(ratings, tz),
        kiosk_table(ratings),
    ]
    return {
        "tickets": len(tickets),
        "served": served,
        "respondents": result.respondents,
        "tables": {t.name: [list(r) for r in t.rows] for t in tables},
    }


def _histories(office, first: date, last: date) -> list:
    """Each ticket of the period as a TicketHistory, from its events one by one."""
    from django.contrib.auth.models import User

    from kiosk_central.queue.models import Ticket
    from kiosk_central.reports.records import Lane, Source, TicketHistory

    lanes = {"regular": Lane.REGULAR, "priority": Lane.PRIORITY, "appointment": Lane.BOOKING}
    names = {u.pk: u.get_full_name() or u.username for u in User.objects.all()}
    tickets = []
    chosen = Ticket.objects.filter(office=office, day__gte=first, day__lte=last, superseded=False)
    for t in chosen.exclude(state="voided").select_related("service"):
        events = sorted(t.events.all(), key=lambda e: (e.at, e.id))
        calls = [e for e in events if e.kind in ("called", "recalled")]
        dones = [e for e in events if e.kind == "done"]
        first_call = calls[0].at if calls else None
        issued = min(t.queued_at, first_call) if first_call else t.queued_at
        answered = calls[-1] if calls else None
        tickets.append(
            TicketHistory(
                number=t.number,
                service=t.service.name_id,
                source=Source(t.source),
                lane=lanes[t.lane],
                issued_at=issued,
                first_called_at=first_call,
                answered_call_at=answered.at if answered else None,
                done_at=dones[-1].at if dones and calls else None,
                counter=f"Loket {answered.counter.number}" if answered else None,
                staff=names.get(answered.staff_id) if answered else None,
                no_show=t.state == "no_show",
            )
        )
    return tickets


def dashboard(office, first: date, last: date) -> dict:
    """The report's queue and survey tables; other apps' sections (the complaints') are not
    made from digests and are left out of the comparison."""
    from kiosk_central.dashboard.period import SECTIONS, build_uncached

    report = build_uncached(office, first, last)
    others = {t.name for tables_of, _ in SECTIONS for t in tables_of(office, first, last)}
    return {
        "tickets": report.tickets,
        "served": report.served,
        "respondents": report.survey.respondents,
        "tables": {
            name: [list(r) for r in t.rows]
            for name, t in report.tables.items()
            if name not in others
        },
    }


def seed(office, today: date, rng: random.Random) -> None:
    """Five weeks to today: busy days and empty ones; tickets and ratings at the edges of the
    local day (00.00:30, 23.59:59); no-shows with a recall; a transfer; loket 3 closed on
    every other day; a ticket voided, one superseded; surveys of nine answers and the exit
    question from two kiosks."""
    from django.contrib.auth.models import Group, User

    from kiosk_central.queue.models import Counter, Kiosk, Rating, Service, Ticket, TicketEvent

    tz = ZoneInfo(office.time_zone)
    services = list(Service.objects.filter(office=office))
    counters = list(Counter.objects.filter(office=office).order_by("number"))[:3]
    while len(counters) < 3:
        counters.append(Counter.objects.create(office=office, number=len(counters) + 1))
    staff = []
    for name, first_name in (("sari", "Sari"), ("budi", "Budi"), ("wati", "")):  # wati: username
        user = User.objects.create_user(name, password="x", first_name=first_name)
        user.groups.add(Group.objects.get(name="loket"))
        staff.append(user)
    kiosks = [
        Kiosk.objects.create(
            office=office, name=f"kiosk-{i}", token_hash=str(i) * 64, offline_block_start=900 * i
        )
        for i in (1, 2)
    ]
    seqs: dict = {}

    def moment(day: date, seconds: int) -> datetime:
        return datetime.combine(day, time(0), tz) + timedelta(seconds=seconds)

    def ticket(day: date, at: datetime, state: str, **extra) -> Ticket:
        service = extra.pop("service", None) or rng.choice(services)
        seq = extra.pop("seq", None) or seqs.get((service.pk, day), 0) + 1
        seqs[(service.pk, day)] = seq
        return Ticket.objects.create(
            uid=uuid.uuid4(),
            office=office,
            service=service,
            day=day,
            seq=seq,
            number=f"{service.prefix}-{seq:03d}",
            lane=rng.choice(("regular", "priority", "appointment")),
            source=rng.choice(("nik", "walk_in", "booking")),
            origin="central",
            state=state,
            issued_at=at,
            queued_at=at,
            **extra,
        )

    def event(t: Ticket, kind: str, at: datetime, k: int | None = None, **extra) -> None:
        where = {} if k is None else {"counter": counters[k], "staff": staff[k]}
        TicketEvent.objects.create(ticket=t, kind=kind, at=at, **where, **extra)

    for back in range(35, -1, -1):
        day = today - timedelta(days=back)
        if back % 6 == 4:
            continue  # a day without anything
        open_counters = 3 if back % 2 else 2  # loket 3 closed every other day
        for _ in range(rng.randrange(8, 25)):
            issued = moment(day, rng.randrange(7 * 3600, 15 * 3600))
            r = rng.random()
            state = "waiting" if r < 0.1 else "no_show" if r < 0.25 else "done"
            t = ticket(day, issued, state)
            event(t, "issued", issued)
            if state == "waiting":
                continue
            k = rng.randrange(open_counters)
            called = issued + timedelta(seconds=rng.randrange(30, 5400))
            event(t, "called", called, k)
            if state == "no_show":
                later = called + timedelta(seconds=180)
                event(t, "recalled", later, k)
                event(t, "no_show", later, k)
            else:
                if rng.random() < 0.2:  # answered at the recall: service runs from it
                    called += timedelta(seconds=rng.randrange(60, 300))
                    event(t, "recalled", called, k)
                event(t, "done", called + timedelta(seconds=rng.randrange(60, 1800)), k)
        # the edges of the day: issued half a minute after midnight, served after 01.00;
        # issued a second before midnight, called the next day
        early = ticket(day, moment(day, 30), "done")
        event(early, "issued", early.queued_at)
        event(early, "called", moment(day, 3700), 0)
        event(early, "done", moment(day, 4000), 0)
        late = ticket(day, moment(day, 86399), "done")
        event(late, "issued", late.queued_at)
        event(late, "called", moment(day, 86399 + 600), 1)
        event(late, "done", moment(day, 86399 + 900), 1)
        # a transfer: called at A, sent on to another service that served it
        moved = ticket(day, moment(day, 9 * 3600), "done", service=services[0], seq=800)
        event(moved, "issued", moved.queued_at)
        event(moved, "called", moment(day, 9 * 3600 + 300), 0)
        event(moved, "transferred", moment(day, 9 * 3600 + 400), 0, to_service=services[1])
        Ticket.objects.filter(pk=moved.pk).update(service=services[1])
        event(moved, "called", moment(day, 9 * 3600 + 900), 1)
        event(moved, "done", moment(day, 9 * 3600 + 1500), 1)
        voided = ticket(day, moment(day, 10 * 3600), "voided")
        event(voided, "issued", voided.queued_at)
        event(voided, "voided", moment(day, 10 * 3600 + 5))
        gone = ticket(day, moment(day, 11 * 3600), "voided", superseded=True)
        event(gone, "issued", gone.queued_at)
        for n in range(rng.randrange(1, 5)):  # surveys
            kiosk = kiosks[n % 2]
            at = moment(day, rng.randrange(8 * 3600, 16 * 3600))
            for i in range(9):
                rate(Rating, office, kiosk, rng.randrange(1, 5), f"U{i + 1}", at)
            rate(Rating, office, kiosk, rng.randrange(1, 5), "", at)
        rate(Rating, office, kiosks[1], 4, "", moment(day, 86399))  # 23.59:59, this day
        rate(Rating, office, kiosks[0], 2, "", moment(day, 0))  # 00.00:00, this day
        rate(Rating, office, kiosks[0], 9, "U1", moment(day, 43200))  # out of range: left out


def rate(rating, office, kiosk, value: int, element: str, at: datetime) -> None:
    rating.objects.create(
        id=uuid.uuid4(),
        office=office,
        kiosk=kiosk,
        value=value,
        element=element,
        at=at,
        clock_synced=True,
        kiosk_sequence=rating.objects.count(),
    )


def late_data(office, day: date) -> None:
    """What a kiosk offline since ``day`` sends when it is back: a ticket of that day (with
    its issued event, as the API writes it) and a batch of ratings given that day."""
    from kiosk_central.queue.models import Kiosk, Rating, Service, Ticket, TicketEvent

    tz = ZoneInfo(office.time_zone)
    at = datetime.combine(day, time(13, 7, 9), tz)
    service = Service.objects.filter(office=office).order_by("prefix").last()
    kiosk = Kiosk.objects.get(name="kiosk-2")
    t = Ticket.objects.create(
        uid=uuid.uuid4(),
        office=office,
        service=service,
        kiosk=kiosk,
        day=day,
        seq=900,
        number=f"{service.prefix}-900",
        lane="regular",
        source="walk_in",
        origin="offline",
        state="waiting",
        issued_at=at,
        queued_at=at,
    )
    TicketEvent.objects.create(ticket=t, kind="issued", at=at, kiosk=kiosk)
    for i in range(9):
        rate(Rating, office, kiosk, 1, f"U{i + 1}", at)


def main(config: str, zone: str) -> None:
    from kiosk_central.cli import setup

    setup(config)
    from kiosk_central.dashboard.digest import digest_closed_days
    from kiosk_central.dashboard.models import DashboardSettings, DayDigest
    from kiosk_central.queue.models import Office

    office = Office.objects.get()
    office.time_zone = zone
    office.save(update_fields=["time_zone"])
    today = office.local_now().date()
    seed(office, today, random.Random(SEED))
    first, last = today - timedelta(days=34), today  # the day before first has data too

    def show(phase: str, **extra) -> None:
        target = DashboardSettings.of(office).target_wait_minutes
        line = {
            "phase": phase,
            "digests": DayDigest.objects.filter(office=office).count(),
            "dashboard": dashboard(office, first, last),
            "reference": reference(office, first, last, target),
            **extra,
        }
        print(json.dumps(line), flush=True)

    show("no digests yet")  # the report makes the closed days' digests and keeps them
    show("digests kept")
    DayDigest.objects.all().delete()
    made = digest_closed_days(office, 40)
    show("digests made by the job", made=made, again=digest_closed_days(office, 40))
    late_data(office, today - timedelta(days=3))
    show("late ticket and ratings for a digested day")
    DashboardSettings.objects.update_or_create(office=office, defaults={"target_wait_minutes": 9})
    show("target wait changed after the days were digested")


if __name__ == "__main__":
    main(*sys.argv[1:])
