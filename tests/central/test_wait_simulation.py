"""The wait estimate on seeded simulated office days (kiosk_central.calling.simulate): under
five minutes' median error, and better than people ahead x average service time."""

from __future__ import annotations

from kiosk_central.calling import simulate

SEED, DAYS = 14, 5


def test_estimate_beats_the_naive_figure_and_stays_under_five_minutes():
    s = simulate.run(DAYS, SEED).summary()
    print(s)  # the figures, with their seed
    assert s["visitors"] > 300
    assert s["estimate_median"] < 5.0
    assert s["estimate_median"] < s["naive_median"]
    assert s["estimate_p90"] < s["naive_p90"]


def test_a_seed_gives_the_same_day_again():
    assert simulate.run(1, SEED).summary() == simulate.run(1, SEED).summary()
    assert simulate.run(1, SEED).summary() != simulate.run(1, SEED + 1).summary()


def test_the_day_has_its_rush_lull_and_lunch():
    import random

    visitors = simulate.simulate_day(random.Random(SEED))
    rush = sum(1 for v in visitors if v.arrived < 120) / 120
    lull = sum(1 for v in visitors if 240 <= v.arrived < 300) / 60
    assert rush > 2 * lull
    assert any(v.lane == "priority" for v in visitors) and any(v.no_show for v in visitors)
    at_lunch = [v for v in visitors if v.called is not None and 240 <= v.called < 300]
    assert at_lunch and all(v.counter != simulate.LUNCH_CLOSER for v in at_lunch)
