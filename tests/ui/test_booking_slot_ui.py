"""A booking's slot on the kiosk's screen is the office's local time: the central sends it in
UTC (``2026-12-04T14:23:00+00:00``), the visitor booked 21.23 WIB."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.ui


def test_the_booking_screen_shows_the_slot_in_the_offices_time_zone(ui):
    from kiosk.domain.bookings import Booking, Timing

    app = ui.app
    start = datetime(2026, 12, 4, 14, 23, tzinfo=UTC)
    end = datetime(2026, 12, 4, 14, 53, tzinfo=UTC)
    app.go("booking")
    ui.wait_for(lambda: ui.settled_on("booking"))
    app.lang = "id"
    ui.screen.show(
        Booking("MP-2026-00042", "paspor_baru", start, end, "BUDI S*****", True), Timing.EARLY
    )
    ui.pump(3)
    texts = ui.texts()
    assert "04-12-2026 21.23–21.53" in texts  # Asia/Jakarta, UTC+7
    assert "14.23" not in texts and "14.23" not in ui.screen.ids.message.text
    assert "21.23" in ui.screen.ids.message.text  # "come back at ..." says the local time too
    ui.screenshot("booking-slot-local-id")
    ui.home()
