"""Issue 20: doctor and the technician screen show today's hours and places left."""

from __future__ import annotations

from kiosk.bootstrap import build_kiosk
from kiosk.config import DEFAULT_SERVICES, parse_config
from kiosk.usecases.doctor import check_hours
from kiosk.usecases.live_status import LiveStatus
from kiosk_testsupport.clocks import ALWAYS_OPEN as WEEK
from kiosk_testsupport.clocks import SetClock, wib


def config(tmp_path):
    services = [vars(s) | {"quota": {"walk_in": 3}} if s.prefix == "A" else vars(s)
                for s in DEFAULT_SERVICES]  # fmt: skip
    return parse_config(
        {
            "kiosk": {"state_dir": str(tmp_path)},
            "ratings": {"type": "none"},
            "hours": WEEK,
            "services": services,
        }
    )


def test_doctor_names_todays_hours_and_the_configured_quota(tmp_path):
    result = check_hours(config(tmp_path), None)
    assert result.status == "OK"
    assert result.detail == "today 00.00-24.00; open now; places left A max 3"
    assert result.said("id") == "buka sekarang; hari ini 00.00-24.00; sisa kuota A max 3"
    assert result.named("en") == "Hours & quotas"


def test_doctor_without_hours_says_numbers_at_any_hour(tmp_path):
    config = parse_config({"kiosk": {"state_dir": str(tmp_path)}})
    assert check_hours(config, None).detail == "no [hours]: numbers at any hour"


def test_the_technician_screen_row_counts_the_kiosks_own_tickets(tmp_path):
    kiosk = build_kiosk(
        config(tmp_path), lambda fn: fn(), {"clock": SetClock(wib(2026, 11, 30, 9, 0))}
    )
    try:
        kiosk.desk.issue("paspor_baru")
        rows = kiosk.run_checks(LiveStatus(0, 0.0, {}))
        (row,) = [r for r in rows if r.check == "opening hours"]
        assert row.said("en") == "open now; today 00.00-24.00; places left A 2/3"
        assert row.said("id") == "buka sekarang; hari ini 00.00-24.00; sisa kuota A 2/3"
    finally:
        kiosk.close()
