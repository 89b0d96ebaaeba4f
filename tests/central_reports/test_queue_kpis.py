"""Queue KPIs over seeded histories, every figure worked out by hand in the comments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk_central.reports.queue_kpis import (
    Period,
    hourly_table,
    in_period,
    kpi_table,
    kpi_tables,
    wait_bands_table,
)
from kiosk_central.reports.records import Lane, Source
from tests.central_reports.conftest import DAY, at, ticket

N, B, W = Source.NIK, Source.BOOKING, Source.WALK_IN
# minutes after 08.00:       issued called done   (wait, service)
HISTORY = [
    ticket("A-001", "A", 0, 5, 15, "1", "sari", source=N),  # 5, 10
    ticket("A-002", "A", 2, 15, 27, "1", "sari", source=B, lane=Lane.BOOKING),  # 13, 12
    ticket("A-003", "A", 4, 27, None, "1", "sari", no_show=True),  # 23, no-show
    ticket(
        "A-004", "A", 10, 40, 50, "2", "budi", source=N, lane=Lane.PRIORITY, answered=45
    ),  # 30, 5 (recalled at 45: service runs from the answered call)
    ticket("A-005", "A", 20, 75, 80, "2", "budi", source=N),  # 55, 5 (called in the 09 hour)
    ticket("A-006", "A", 30),  # never called
    ticket("B-001", "B", 1, 3, 23, "2", "budi", source=N),  # 2, 20
    ticket("B-002", "B", 65, 70, 71, "1", "sari", lane=Lane.PRIORITY),  # 5, 1 (issued 09.05)
]


def _rows(table):
    return {
        row[0]: dict(zip([c.key for c in table.columns], row, strict=True)) for row in table.rows
    }


def test_per_service():
    rows = _rows(kpi_table(HISTORY, "service", target_wait_min=30))
    a, b, total = rows["A"], rows["B"], rows["Total"]
    # A: waits 5 13 23 30 55 -> median 23, p90 = rank ceil(4.5)=5 -> 55
    assert (a["tickets"], a["called"], a["not_called"]) == (6, 5, 1)
    assert (a["wait_median"], a["wait_p90"]) == (23, 55)
    assert a["service_median"] == 7.5  # 5 5 10 12
    assert a["within_target"] == 4 / 5  # 30 is within a 30-minute target, 55 is not
    assert a["no_show_rate"] == 1 / 5
    assert (a["source_nik"], a["source_booking"], a["source_walk_in"]) == (3, 1, 2)
    assert (a["lane_regular"], a["lane_priority"], a["lane_booking"]) == (4, 1, 1)
    # B: waits 2 5, services 20 1
    assert (b["wait_median"], b["wait_p90"], b["service_median"]) == (3.5, 5, 10.5)
    assert (b["within_target"], b["no_show_rate"]) == (1, 0)
    # all: waits 2 5 5 13 23 30 55 -> median 13, p90 rank ceil(6.3)=7 -> 55
    assert (total["tickets"], total["wait_median"], total["wait_p90"]) == (8, 13, 55)
    assert total["service_median"] == 7.5  # 1 5 5 10 12 20
    assert total["within_target"] == 6 / 7 and total["no_show_rate"] == 1 / 7


def test_per_counter_and_staff():
    rows = _rows(kpi_table(HISTORY, "counter", target_wait_min=30))
    assert list(rows) == ["1", "2", "Total"]  # A-006 was never called: no counter
    one, two = rows["1"], rows["2"]
    # counter 1: waits 5 13 23 5 -> median 9, p90 rank 4 -> 23; services 10 12 1 -> 10
    assert (one["tickets"], one["wait_median"], one["wait_p90"]) == (4, 9, 23)
    assert (one["service_median"], one["no_show_rate"]) == (10, 1 / 4)
    # counter 2: waits 30 55 2 -> 30, p90 rank 3 -> 55; services 5 5 20 -> 5
    assert (two["wait_median"], two["wait_p90"], two["service_median"]) == (30, 55, 5)
    assert rows["Total"]["tickets"] == 7
    staff = _rows(kpi_table(HISTORY, "staff", target_wait_min=30))
    assert staff["sari"]["tickets"] == 4 and staff["budi"]["service_median"] == 5


def test_per_hour_of_the_day():
    rows = _rows(kpi_table(HISTORY, "hour", target_wait_min=30))
    assert list(rows) == [8, 9, "Total"]
    assert rows[8]["tickets"] == 7 and rows[9]["tickets"] == 1
    assert rows[8]["wait_median"] == 18  # 2 5 13 23 30 55


def test_arrivals_and_calls_per_hour():
    table = hourly_table(HISTORY)
    assert [row[:4] for row in table.rows] == [
        ("08.00", 7, 5, 4),  # calls at 3 5 15 27 40; done at 15 23 27 50
        ("09.00", 1, 2, 2),  # A-005 called at 09.15, B-002 at 09.10
    ]
    assert table.column("wait_median") == [18, 5]


def test_an_empty_hour_between_two_busy_ones_is_shown_as_zero():
    table = hourly_table([ticket("A-001", issued=0), ticket("A-002", issued=150)])
    assert [row[:3] for row in table.rows] == [("08.00", 1, 0), ("09.00", 0, 0), ("10.00", 1, 0)]


def test_an_empty_period():
    table = kpi_table([], "service", target_wait_min=30)
    assert table.rows == (("Total", 0, 0, 0, None, None, None, None, None, 0, 0, 0, 0, 0, 0),)
    assert hourly_table([]).rows == ()
    assert wait_bands_table([]).rows == ()


def test_a_day_with_a_counter_closed():
    next_day = DAY + timedelta(days=1)
    day_two = [  # counter 2 closed all day: counter 1 serves both services
        ticket("A-001", "A", 0, 10, 20, "1", "sari", day=next_day),  # 10, 10
        ticket("B-001", "B", 0, 20, 50, "1", "sari", day=next_day),  # 20, 30
        ticket("A-002", "A", 5, 50, 60, "1", "sari", day=next_day),  # 45, 10
    ]
    both = HISTORY + day_two
    only_two = in_period(both, Period(next_day, next_day))
    assert [t.number for t in only_two] == ["A-001", "B-001", "A-002"]
    rows = _rows(kpi_table(only_two, "counter", target_wait_min=30))
    assert list(rows) == ["1", "Total"]  # no row of zeros for a closed counter
    assert (rows["1"]["wait_median"], rows["1"]["wait_p90"]) == (20, 45)
    assert rows["1"]["within_target"] == 2 / 3
    week = _rows(kpi_table(in_period(both, Period(DAY, next_day)), "counter", 30))
    assert week["2"]["tickets"] == 3  # counter 2's Monday, untouched by Tuesday
    assert week["1"]["tickets"] == 7


def test_a_ticket_belongs_to_the_local_day_it_was_issued():
    late = ticket("A-099", issued=15 * 60 + 59)  # 23.59 WIB = 16.59 UTC on the same day
    assert in_period([late], Period(DAY, DAY)) == [late]
    early = ticket("A-001", issued=-60 * 7.5)  # 00.30 WIB, still 17.30 UTC the day before
    assert in_period([early], Period(DAY, DAY)) == [early]


def test_wait_bands_per_service():
    table = wait_bands_table(HISTORY)
    rows = _rows(table)
    # A waits 5 13 | 23 30 | 55 -> bands <=15: 2, >15-30: 2, >30-60: 1, >60: 0 (of 5): the
    # wait of exactly 30 is in >15-30, as a target of 30 counts it within target
    assert [rows["A"][k] for k in ("called", "wait_0", "wait_15", "wait_30", "wait_60")] == [
        5,
        2 / 5,
        2 / 5,
        1 / 5,
        0,
    ]
    assert rows["B"]["wait_0"] == 1


@pytest.mark.parametrize(
    "bad",
    [
        dict(issued_at=at(10).replace(tzinfo=None)),
        dict(first_called_at=at(-5)),
        dict(done_at=at(20)),
    ],
)
def test_impossible_histories_are_refused(bad):
    from dataclasses import replace

    with pytest.raises(ValueError):
        replace(ticket("A-001", issued=0), **bad)


def test_the_four_tables_in_one_pass_equal_each_table_alone():
    together = kpi_tables(HISTORY, target_wait_min=30)
    assert list(together) == ["service", "counter", "staff", "hour"]
    for by, table in together.items():
        assert table == kpi_table(HISTORY, by, target_wait_min=30)


def test_a_wait_of_exactly_the_target_is_within_target_and_in_the_band_up_to_it():
    history = [
        ticket("A-001", "A", 0, 15, 20, "1", "sari"),  # wait 15: the target, a band's edge
        ticket("A-002", "A", 0, 30, 35, "1", "sari"),  # wait 30
        ticket("A-003", "A", 0, 0, 5, "1", "sari"),  # wait 0
    ]
    kpis = _rows(kpi_table(history, "service", target_wait_min=15))["A"]
    assert kpis["within_target"] == 2 / 3  # 0 and 15
    bands = _rows(wait_bands_table(history))["A"]
    assert [bands[k] for k in ("wait_0", "wait_15", "wait_30", "wait_60")] == [2 / 3, 1 / 3, 0, 0]
    labels = [c.label("id") for c in wait_bands_table(history).columns[2:]]
    assert labels == ["≤ 15 mnt", "> 15–30 mnt", "> 30–60 mnt", "> 60 mnt"]


def test_the_p90_definition_is_stated_with_the_figures():
    from kiosk_central.reports.export import to_csv

    table = kpi_table(HISTORY, "service", target_wait_min=30)
    assert "peringkat terdekat" in table.note and "⌈0,9 × n⌉" in table.note
    assert "nearest rank" in to_csv(table, "en").splitlines()[0]
    assert "peringkat terdekat" in to_csv(table, "id").splitlines()[0]
