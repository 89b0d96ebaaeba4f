"""The calling rules as data: booked-in-slot first, the priority ratio, oldest regular first,
a transfer's kept place; and the wait estimate that replays them."""

from __future__ import annotations

import pytest

from kiosk_central.calling.estimate import Desk, estimate_waits, naive_wait
from kiosk_central.calling.rules import Waiting, calling_order, next_ticket


def w(key, lane="regular", at=0.0, service="a", slot=None):
    return Waiting(key, service, lane, at, slot)


def keys(order):
    return [t.key for t in order]


def test_booked_visitor_in_slot_goes_first_one_before_slot_waits_as_regular():
    q = [w("r1", at=1), w("p1", "priority", at=2), w("b1", "appointment", at=3, slot=10.0)]
    assert next_ticket(q, {"a"}, 10.0, 2, 0).key == "b1"
    # before the slot starts, the booked ticket queues like a regular one by its time
    assert keys(calling_order(q, {"a"}, 9.0, 2)) == ["p1", "r1", "b1"]


def test_earliest_slot_first_among_booked():
    q = [w("late", "appointment", at=1, slot=8.0), w("early", "appointment", at=2, slot=7.0)]
    assert keys(calling_order(q, {"a"}, 9.0, 2)) == ["early", "late"]


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (1, ["p1", "r1", "p2", "r2", "p3", "p4"]),
        (2, ["p1", "p2", "r1", "p3", "p4", "r2"]),
        (3, ["p1", "p2", "p3", "r1", "p4", "r2"]),
    ],
)
def test_at_most_ratio_priority_calls_in_a_row_while_a_regular_waits(ratio, expected):
    q = [w("r1", at=0), w("r2", at=1)] + [w(f"p{i}", "priority", at=1 + i) for i in range(1, 5)]
    assert keys(calling_order(q, {"a"}, 9.0, ratio)) == expected


def test_priority_streak_carries_over_from_earlier_calls():
    q = [w("r1", at=0), w("p1", "priority", at=1)]
    assert next_ticket(q, {"a"}, 9.0, 2, priority_streak=1).key == "p1"
    assert next_ticket(q, {"a"}, 9.0, 2, priority_streak=2).key == "r1"


def test_priority_without_regulars_waiting_is_never_held_back():
    q = [w(f"p{i}", "priority", at=i) for i in range(4)]
    assert next_ticket(q, {"a"}, 9.0, 1, priority_streak=5).key == "p0"


def test_regular_oldest_first_and_a_transferred_ticket_keeps_its_issue_time():
    # "t" was issued at 1 in service b and transferred into a: it goes before those after 1
    q = [w("x", at=2, service="a"), w("t", at=1, service="a"), w("y", at=3, service="a")]
    assert keys(calling_order(q, {"a"}, 9.0, 2)) == ["t", "x", "y"]


def test_only_the_counters_services():
    q = [w("a1", at=0, service="a"), w("b1", at=1, service="b"), w("c1", at=2, service="c")]
    assert keys(calling_order(q, {"b", "c"}, 9.0, 2)) == ["b1", "c1"]
    assert next_ticket(q, {"z"}, 9.0, 2, 0) is None


def test_estimate_spreads_the_queue_over_the_counters_that_serve_it():
    q = [w(i, at=float(i)) for i in range(4)]
    desks = [Desk("one", frozenset({"a"}), 2.0), Desk("two", frozenset({"a", "b"}), 6.0)]
    assert estimate_waits(q, desks, 9.0, 2, {"a": 10.0}) == {0: 2.0, 1: 6.0, 2: 12.0, 3: 16.0}


def test_estimate_leaves_out_a_ticket_no_open_counter_serves():
    assert estimate_waits([w("x", service="z")], [Desk(1, frozenset({"a"}))], 9.0, 2, {}) == {}


def test_naive_wait():
    assert naive_wait(5, 10.0, 2) == 25
    assert naive_wait(3, 10.0, 0) == 30
