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


def _profile(kiosk, clock):
    from kiosk.store.ratings import SqliteRatingStore
    from kiosk.usecases.rating_flow import RatingFlow

    flow = RatingFlow(SqliteRatingStore(kiosk.db), clock, "kiosk-01", survey=False,
                      survey_gap_s=0.0, send_to_central=True)  # fmt: skip
    assert flow.give_profile({"sex": "P", "age": None, "education": "S1", "occupation": None})


def _profile_row(kiosk):
    return kiosk.db.query("SELECT state, not_before, last_error FROM outbox WHERE kind = 'profile'")


def test_an_older_central_without_profiles_keeps_them_pending_and_asks_again_in_an_hour(
    kiosk, server, clock, caplog
):
    """A central older than the SKM profile answers POST /profiles 404: nothing is parked or
    lost, the upload pauses for an hour (one log line), the rest of the sync goes on."""
    import time

    from kiosk.sync.worker import PROFILE_RETRY_S

    server.state.missing.add("/profiles")
    _profile(kiosk, clock)
    _profile(kiosk, clock)
    with caplog.at_level("INFO", logger="kiosk.sync.worker"):
        kiosk.worker.run_once()
        asked = server.state.requests
        for _ in range(3):
            kiosk.worker.run_once()  # paused: not asked again
    assert server.state.requests == asked
    assert not server.state.profiles
    rows = _profile_row(kiosk)
    assert [r[0] for r in rows] == ["pending", "pending"]
    assert all(r[1] > time.time() + PROFILE_RETRY_S - 60 for r in rows)
    assert kiosk.outbox.counts()["parked"] == 0
    lines = [r.getMessage() for r in caplog.records if "profiles" in r.getMessage()]
    assert len(lines) == 1 and "POST /profiles" in lines[0]
    assert "Traceback" not in caplog.text

    # The central is upgraded; an hour later the profiles go.
    server.state.missing.clear()
    kiosk.worker.monotonic = lambda: time.monotonic() + PROFILE_RETRY_S + 1
    with kiosk.db.transaction() as conn:  # an hour later
        conn.execute("UPDATE outbox SET not_before = 0 WHERE kind = 'profile'")
    drain(kiosk, server)
    assert len(server.state.profiles) == 2
    for profile in server.state.profiles.values():
        check("RespondentProfile", profile)


def test_a_profile_the_central_never_took_is_dropped_after_the_retention_window(
    kiosk, server, clock
):
    from datetime import UTC, datetime, timedelta

    from kiosk.store.retention import purge

    server.state.missing.add("/profiles")
    _profile(kiosk, clock)
    kiosk.worker.run_once()
    assert [r[0] for r in _profile_row(kiosk)] == ["pending"]
    today = datetime.now(UTC).date()  # the outbox row's own date
    early = purge(kiosk.db, today + timedelta(days=89), 90)
    assert early["profiles never sent"] == 0
    assert _profile_row(kiosk)  # still within the window: kept
    counts = purge(kiosk.db, today + timedelta(days=130), 90)  # the month after, too
    assert counts["profiles never sent"] == 1
    assert early["profiles"] + counts["profiles"] == 1  # the kiosk's copy goes by its month
    assert not _profile_row(kiosk)
    assert not kiosk.db.query("SELECT 1 FROM respondent_profiles")
