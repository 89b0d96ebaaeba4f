"""A respondent's profile reaches the central as its own record (POST /profiles), with the
month only: no ticket number, no time, no link to the ratings."""

from __future__ import annotations

from layanan_rules.contract import check
from tests.sync.test_sync import drain


def test_a_profile_goes_alone_with_its_month_and_nothing_that_names_the_visitor(
    kiosk, server, clock
):
    from kiosk.store.ratings import SqliteRatingStore
    from kiosk.usecases.rating_flow import RatingFlow
    from layanan_rules.ratings import ELEMENTS, Score

    flow = RatingFlow(SqliteRatingStore(kiosk.db), clock, "kiosk-01", survey=True,
                      survey_gap_s=0.0, send_to_central=True)  # fmt: skip
    flow.pressed(Score.PUAS)
    for _ in ELEMENTS:
        flow.pressed(Score.SANGAT_PUAS)
    assert flow.give_profile({"sex": "L", "age": None, "education": "SMA", "occupation": None})
    assert not flow.give_profile({"sex": None})  # all skipped: nothing kept, nothing sent
    drain(kiosk, server)
    [profile] = server.state.profiles.values()
    now = clock.now()
    assert profile == {
        "id": profile["id"],
        "kiosk_id": "kiosk-01",
        "month": f"{now.year:04d}-{now.month:02d}",
        "sex": "L",
        "age": None,
        "education": "SMA",
        "occupation": None,
    }
    check("RespondentProfile", profile)
    assert profile["id"] not in {r["id"] for r in server.state.ratings.values()}
    assert not server.state.checkins  # never taken for another kind of record
    assert kiosk.outbox.counts()["parked"] == 0
