"""With no counter serving, the central's estimate is unknown (null), never 0 minutes: before
the first call of the day nobody can say when a ticket will be called."""

from __future__ import annotations

import pytest

from tests.central.web import Office


@pytest.fixture
def office(central):
    return Office(central, staff=1, segments=False)


def test_no_counter_serving_gives_an_unknown_wait_then_a_figure(office):
    first = office.issue("penggantian")
    second = office.issue("penggantian")
    assert (first["people_ahead"], first["estimated_wait_minutes"]) == (0, None)
    assert (second["people_ahead"], second["estimated_wait_minutes"]) == (1, None)
    loket = office.session("loket1", 1)
    assert "B-001" in office.act(loket, "call_next")  # loket 1 is serving now
    third = office.issue("penggantian")
    assert third["people_ahead"] == 1 and third["estimated_wait_minutes"] > 0
