"""Builders for seeded histories: times in minutes after opening (08.00 WIB) on a given day."""

from __future__ import annotations

from datetime import date, datetime

from kiosk_central.reports.records import Lane, RatingRecord, Source, TicketHistory
from kiosk_testsupport.clocks import office_minute

DAY = date(2026, 11, 23)  # a Monday


def at(minute: float, day: date = DAY) -> datetime:
    return office_minute(day, minute)


def ticket(
    number,
    service="A",
    issued=0.0,
    called=None,
    done=None,
    counter=None,
    staff=None,
    no_show=False,
    source=Source.WALK_IN,
    lane=Lane.REGULAR,
    day=DAY,
    answered=None,
):
    return TicketHistory(
        number=number,
        service=service,
        source=source,
        lane=lane,
        issued_at=at(issued, day),
        first_called_at=None if called is None else at(called, day),
        answered_call_at=None if answered is None else at(answered, day),
        done_at=None if done is None else at(done, day),
        counter=counter,
        staff=staff,
        no_show=no_show,
    )


def ratings(kiosk, element, values, day=DAY, respondent_prefix=None):
    return [
        RatingRecord(
            kiosk,
            at(i, day),
            element,
            v,
            None if respondent_prefix is None else f"{respondent_prefix}{i}",
        )
        for i, v in enumerate(values)
    ]
