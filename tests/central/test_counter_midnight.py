"""A ticket called before midnight is finished after it: the counter still holds it at 00.05,
Done is accepted and the ticket counts as served (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.central.web import Office


@pytest.fixture
def office(central):
    return Office(central, staff=1, segments=False)


def _stamp(central, moment: datetime) -> str:
    """An instant as the database keeps it: Django writes naive UTC text on SQLite."""
    utc = moment.astimezone(UTC)
    return utc.isoformat(sep=" ") if central.database_url else utc.strftime("%Y-%m-%d %H:%M:%S")


def test_a_ticket_called_before_midnight_is_finished_after_it(office):
    c = office.c
    zone = ZoneInfo(c.query("SELECT time_zone FROM queue_office")[0][0])
    office.issue("penggantian")
    loket = office.session("loket1", 1)
    assert "B-001" in office.act(loket, "call_next")
    uid = office.held(loket)
    # The same ticket, issued and called yesterday evening (the clock has since passed midnight)
    yesterday = datetime.now(zone).date() - timedelta(days=1)
    evening = datetime.combine(yesterday, time(23, 50), zone)
    c.query(
        "UPDATE queue_ticket SET day = ?, issued_at = ?, queued_at = ? RETURNING id",
        yesterday.isoformat(),
        _stamp(c, evening),
        _stamp(c, evening),
    )
    c.query(
        "UPDATE queue_ticketevent SET at = ? WHERE kind = 'called' RETURNING id",
        _stamp(c, evening + timedelta(minutes=5)),
    )
    assert office.held(loket) == uid  # the counter still shows whom it serves
    said = office.act(loket, "done", ticket=uid)
    assert said.startswith("success") and "B-001" in said, said
    assert c.query("SELECT state FROM queue_ticket") == [("done",)]
    # and the counter is free for today's queue
    office.issue("penggantian")
    assert office.act(loket, "call_next").startswith("success: Memanggil B-")
