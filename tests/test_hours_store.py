"""Issue 20: the quota is counted in the transaction that commits the number, so two visitors
tapping the last place at the same instant cannot both get it; a booking in its slot is never
refused for the walk-in quota or the cut-off."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from kiosk.bootstrap import build_kiosk
from kiosk.config import parse_config
from kiosk.domain.bookings import Booking
from kiosk.usecases.opening_state import ServiceClosed
from kiosk_testsupport.clocks import WIB, SetClock
from layanan_rules.services import Lane


def hours_config(state_dir, **service):
    return parse_config(
        {
            "kiosk": {"state_dir": str(state_dir)},
            "printer": {"type": "simulated"},
            "ratings": {"type": "none"},
            "hours": {"monday": ["08:00-12:00", "13:00-16:00"]},
            "services": [
                {"code": "paspor", "prefix": "A", "name_id": "Paspor", "name_en": "Passport"}
                | service
            ],
        }
    )


@pytest.fixture
def kiosk_at(tmp_path):
    built = []

    def make(now: datetime, **service):
        kiosk = build_kiosk(
            hours_config(tmp_path, **service), lambda fn: fn(), {"clock": SetClock(now)}
        )
        built.append(kiosk)
        return kiosk

    yield make
    for kiosk in built:
        kiosk.close()


def test_two_taps_for_the_last_place_give_one_number(kiosk_at):
    kiosk = kiosk_at(datetime(2026, 11, 30, 9, 0, tzinfo=WIB), quota={"walk_in": 3})
    kiosk.desk.issue("paspor")
    kiosk.desk.issue("paspor")
    barrier, results = threading.Barrier(2), []

    def tap() -> None:
        barrier.wait()
        try:
            results.append(kiosk.desk.issue("paspor").number)
        except ServiceClosed as exc:
            results.append(exc.availability.refusal)

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, results)) == ["A-003", "quota_reached"]
    assert kiosk.opening.service("paspor").remaining == 0


def test_a_booking_in_its_slot_passes_the_walk_in_quota_and_the_cutoff(kiosk_at):
    kiosk = kiosk_at(
        datetime(2026, 11, 30, 15, 0, tzinfo=WIB), last_issue="14:30", quota={"walk_in": 1}
    )
    with pytest.raises(ServiceClosed) as refused:
        kiosk.desk.issue("paspor")
    assert refused.value.availability.refusal == "past_cutoff"
    booking = Booking("MP-1", "paspor", verified=True)
    assert kiosk.desk.issue("paspor", Lane.APPOINTMENT, booking=booking).number == "A-001"


@pytest.mark.parametrize(
    ("now", "refusal"),
    [
        (datetime(2026, 11, 30, 7, 59, 59, tzinfo=WIB), "office_closed"),
        (datetime(2026, 11, 30, 8, 0, tzinfo=WIB), None),
        (datetime(2026, 11, 30, 12, 30, tzinfo=WIB), "office_closed"),  # the break
        (datetime(2026, 12, 4, 9, 0, tzinfo=WIB), "office_closed"),  # a Friday without hours
    ],
)
def test_the_store_numbers_only_in_opening_hours(kiosk_at, now, refusal):
    kiosk = kiosk_at(now)
    if refusal is None:
        assert kiosk.desk.issue("paspor").number == "A-001"
    else:
        with pytest.raises(ServiceClosed) as refused:
            kiosk.desk.issue("paspor")
        assert refused.value.availability.refusal == refusal


def test_no_hours_means_open_always(tmp_path):
    config = parse_config({"kiosk": {"state_dir": str(tmp_path)}, "ratings": {"type": "none"}})
    clock = SetClock(datetime(2026, 12, 6, 3, 0, tzinfo=WIB))  # a Sunday night
    kiosk = build_kiosk(config, lambda fn: fn(), {"clock": clock})
    try:
        assert kiosk.desk.issue("paspor_baru").number == "A-001"
        assert not kiosk.opening.configured
    finally:
        kiosk.close()


def test_the_screens_count_from_the_gate_not_sqlite_on_every_redraw(kiosk_at):
    kiosk = kiosk_at(datetime(2026, 11, 30, 9, 0, tzinfo=WIB), quota={"walk_in": 5})
    asked = []
    store_count = kiosk.opening.count
    kiosk.opening.count = lambda *key: asked.append(key) or store_count(*key)
    for _ in range(3):
        assert kiosk.opening.service("paspor").remaining == 5
    kiosk.desk.issue("paspor")
    kiosk.desk.issue("paspor")
    assert kiosk.opening.service("paspor").remaining == 3
    assert len(asked) == 1  # once for the day; the gate keeps the count since
