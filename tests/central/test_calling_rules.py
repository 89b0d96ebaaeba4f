"""The calling rules as data: booked-in-slot first, the priority ratio, oldest regular first,
a transfer's kept place; and the wait estimate that replays them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_central.calling.estimate import Desk, Replay, estimate_waits, naive_wait
from kiosk_central.calling.rules import (
    Heads,
    Waiting,
    ahead_of_newest,
    calling_order,
    next_ticket,
    places,
)


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


# --- the rules at a queue's size: sorted once, counted not replayed (issue 26) -------------
# The specification the fast forms must match: every pick a scan of what is left.
def spec_order(waiting, services, now, ratio, streak=0):
    left = [t for t in waiting if t.service in set(services)]
    order = []
    while left:
        chosen = next_ticket(left, services, now, ratio, streak)
        order.append(chosen)
        left.remove(chosen)
        streak = streak + 1 if chosen.lane == "priority" else 0
    return order


def spec_waits(waiting, desks, now, ratio, minutes, streak=0):
    import heapq

    left, heap, waits = list(waiting), [(d.free_in, i) for i, d in enumerate(desks)], {}
    heapq.heapify(heap)
    while left and heap:
        free_at, i = heapq.heappop(heap)
        chosen = next_ticket(left, desks[i].services, now, ratio, streak)
        if chosen is None:
            continue
        left.remove(chosen)
        streak = streak + 1 if chosen.lane == "priority" else 0
        waits[chosen.key] = free_at
        heapq.heappush(heap, (free_at + minutes.get(chosen.service, 10.0), i))
    return waits


tickets_st = st.lists(
    st.tuples(
        st.sampled_from("abc"),
        st.sampled_from(["regular", "priority", "appointment"]),
        st.integers(0, 20).map(float),  # repeated times: ties keep the order given
        st.one_of(st.none(), st.integers(0, 20).map(float)),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(tickets_st, st.integers(0, 4), st.integers(0, 3), st.integers(0, 20).map(float))
def test_calling_order_is_the_scan_it_replaces(raw, ratio, streak, now):
    q = [Waiting(i, s, lane, at, slot) for i, (s, lane, at, slot) in enumerate(raw)]
    for services in ({"a"}, {"a", "b"}, {"a", "b", "c"}):
        assert keys(calling_order(q, services, now, ratio, streak)) == keys(
            spec_order(q, services, now, ratio, streak)
        )


@settings(max_examples=300, deadline=None)
@given(tickets_st, st.integers(0, 4), st.integers(0, 20).map(float))
def test_estimate_is_the_replay_it_replaces(raw, ratio, now):
    q = [Waiting(i, s, lane, at, slot) for i, (s, lane, at, slot) in enumerate(raw)]
    desks = [Desk(1, frozenset("ab"), 3.0), Desk(2, frozenset("b"), 0.0), Desk(3, frozenset("c"))]
    minutes = {"a": 7.0, "b": 4.0}
    assert estimate_waits(q, desks, now, ratio, minutes) == spec_waits(
        q, desks, now, ratio, minutes
    )


@settings(max_examples=500, deadline=None)
@given(
    tickets_st,
    st.integers(0, 4),
    st.integers(0, 20).map(float),
    st.sampled_from("abcd"),
    st.sampled_from(["regular", "priority"]),
    st.integers(1, 6),
)
def test_joiners_replayed_from_where_their_line_ran_out_wait_as_in_a_whole_replay(
    raw, ratio, now, service, lane, count
):
    q = [Waiting(i, s, kind, at, slot) for i, (s, kind, at, slot) in enumerate(raw)]
    desks = [Desk(1, frozenset("ab"), 3.0), Desk(2, frozenset("b"), 0.0), Desk(3, frozenset("c"))]
    minutes = {"a": 7.0, "b": 4.0}
    joining = [Waiting(("j", i), service, lane, 21.0 + i) for i in range(count)]
    whole = spec_waits([*q, *joining], desks, now, ratio, minutes)
    replay = Replay(q, desks, now, ratio, minutes)
    assert replay.joiners(joining) == [whole[j.key] for j in joining if j.key in whole]
    assert replay.joiners(joining) == replay.joiners(joining)  # the replay kept is not spent
    assert replay.waits == spec_waits(q, desks, now, ratio, minutes)


@settings(max_examples=300, deadline=None)
@given(tickets_st, st.integers(0, 4), st.integers(0, 20).map(float))
def test_places_counted_are_each_services_calling_order(raw, ratio, now):
    q = [Waiting(i, s, lane, at, slot) for i, (s, lane, at, slot) in enumerate(raw)]
    counted = {t.key: n for t, n in places(Heads(q, now).snapshot(), ratio)}
    ordered = {}
    for service in "abc":
        order = calling_order([t for t in q if t.service == service], {service}, now, ratio)
        ordered.update((t.key, n) for n, t in enumerate(order))
    assert counted == ordered


@settings(max_examples=500, deadline=None)
@given(tickets_st, st.sampled_from(["regular", "priority"]), st.integers(0, 4))
def test_ahead_of_newest_counts_what_the_order_gives(raw, lane, ratio):
    now = 10.0
    q = [Waiting(i, "a", kind, at, slot) for i, (_, kind, at, slot) in enumerate(raw)]
    newest = Waiting("new", "a", lane, 21.0)
    order = keys(calling_order([*q, newest], {"a"}, now, ratio))
    booked = sum(
        1 for t in q if t.lane == "appointment" and t.slot_start is not None and t.slot_start <= now
    )
    priority = sum(1 for t in q if t.lane == "priority")
    regular = len(q) - booked - priority
    assert ahead_of_newest(lane, booked, priority, regular, ratio) == order.index("new")
