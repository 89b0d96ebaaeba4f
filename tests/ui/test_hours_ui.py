"""Issue 20 through the real app: the kiosk's clock (handed in by overrides) walks over the
minutes that matter, and the screens change at them without a touch."""

from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest

from kiosk.config import DEFAULT_SERVICES, parse_config
from kiosk_testsupport.clocks import WIB

pytestmark = pytest.mark.ui

HOLIDAYS = '[[holidays]]\ndate = 2026-12-25\nname = "Hari Raya Natal"\n'


class RunningClock:
    """Office time from ``start``, running with the real monotonic clock: a boundary a
    second away is crossed a second later, and the kiosk's own timer must notice."""

    def __init__(self, start: datetime) -> None:
        self.start, self.t0 = start, time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.t0)

    def is_synced(self) -> bool:
        return True


def hours_config(tmp_path, **paspor):
    (tmp_path / "holidays.toml").write_text(HOLIDAYS, encoding="utf-8")
    return parse_config(
        {
            "kiosk": {"state_dir": str(tmp_path / "state")},
            "display": {"width": 800, "height": 480},
            "printer": {"type": "simulated", "profile": "TM-T20II", "paper_mm": 80},
            "hours": {
                "monday": ["08:00-12:00", "13:00-16:00"],
                "friday": ["08:00-11:30", "13:30-16:30"],
                "holidays_file": str(tmp_path / "holidays.toml"),
            },
            # The office's usual services (the guides name them); the passport's rules vary.
            "services": [
                dataclasses.asdict(s) | (paspor if s.code == "paspor_baru" else {})
                for s in DEFAULT_SERVICES
            ],
        }
    )


@contextmanager
def office_at(ui, tmp_path, start: datetime, **paspor):
    config = hours_config(tmp_path, **paspor)
    with ui.serving(tmp_path / "state", config, clock=RunningClock(start)) as kiosk:
        ui.home()
        yield kiosk
    ui.home()


def home_card(ui):
    return ui.screen.ids.take_number


def test_closed_at_0759_open_at_0800_without_a_touch(ui, tmp_path):
    with office_at(ui, tmp_path, datetime(2026, 11, 30, 7, 59, 58, tzinfo=WIB)):
        card = home_card(ui)
        assert (card.title, card.subtitle) == ("Kantor tutup", "Buka kembali pukul 08.00 WIB")
        assert ui.screen.ids.walk_in.disabled and ui.screen.ids.walk_in.opacity == 0
        assert not ui.screen.ids.guides.disabled  # the guides stay readable
        ui.tap(card)
        assert ui.screen.name == "home"
        ui.wait_for(lambda: not ui.screen.ids.walk_in.disabled, timeout=6)
        assert home_card(ui).title == "Ambil Nomor Antrean"


@pytest.mark.parametrize(
    ("start", "title", "subtitle"),
    [
        # The break, then the office reopens at 13.00.
        (datetime(2026, 11, 30, 12, 30), "Kantor sedang istirahat", "Buka kembali pukul 13.00 WIB"),
        # Friday's longer break.
        (datetime(2026, 12, 4, 11, 45), "Kantor sedang istirahat", "Buka kembali pukul 13.30 WIB"),
        # A holiday from the office's file.
        (datetime(2026, 12, 25, 9, 0), "Kantor tutup: Hari Raya Natal",
         "Buka kembali Senin, pukul 08.00 WIB"),
        # After hours: Tuesday has none, so Friday.
        (datetime(2026, 11, 30, 16, 0), "Kantor tutup", "Buka kembali Jumat, pukul 08.00 WIB"),
    ],
)  # fmt: skip
def test_closed_says_why_and_when_it_opens(ui, tmp_path, start, title, subtitle):
    with office_at(ui, tmp_path, start.replace(tzinfo=WIB)):
        card = home_card(ui)
        assert (card.title, card.subtitle) == (title, subtitle)
        ui.app.lang = "en"
        ui.pump(3)
        assert home_card(ui).title != title
        ui.app.lang = "id"


def test_closing_at_midnight_reaches_the_next_day(ui, tmp_path):
    """Sunday 23.59.58 -> Monday 00.00: still closed, now 'opens today at 08.00'."""
    with office_at(ui, tmp_path, datetime(2026, 11, 29, 23, 59, 58, tzinfo=WIB)):
        assert home_card(ui).subtitle == "Buka kembali Senin, pukul 08.00 WIB"
        ui.wait_for(lambda: home_card(ui).subtitle == "Buka kembali pukul 08.00 WIB", timeout=6)


def test_a_service_closes_at_its_cutoff_minute_greyed_not_hidden(ui, tmp_path):
    start = datetime(2026, 11, 30, 14, 29, 58, tzinfo=WIB)
    with office_at(ui, tmp_path, start, last_issue="14:30"):
        ui.app.go("service")
        ui.wait_for(lambda: ui.settled_on("service"))
        card = ui.card("Paspor Baru")
        assert card.subtitle == "" and not card.closed
        ui.wait_for(lambda: ui.card("Paspor Baru").closed, timeout=6)
        card = ui.card("Paspor Baru")
        assert card.subtitle == "Tutup sejak pukul 14.30"
        assert not ui.card("Informasi & Pengaduan").closed
        ui.tap(card)
        assert ui.screen.name == "service"  # a closed card leads nowhere but says why
        assert ui.screen.refused == (
            "Layanan ini sudah tutup hari ini (batas pukul 14.30). "
            "Buka kembali Jumat, pukul 08.00 WIB."
        )


def test_the_last_place_then_the_quota_card_with_its_qr(ui, tmp_path):
    start = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    with office_at(ui, tmp_path, start, quota={"walk_in": 1, "priority": 0}):
        ui.app.go("service")
        ui.wait_for(lambda: ui.settled_on("service"))
        assert ui.card("Paspor Baru").subtitle == "Sisa kuota hari ini: 1"
        ui.tap(ui.card("Paspor Baru"))
        ui.answer_priority(False)
        ui.wait_for(lambda: ui.settled_on("ticket") and ui.screen.print_state != "printing")
        assert ui.screen.ticket.number == "A-001"
        ui.app.go("service")
        ui.wait_for(lambda: ui.settled_on("service"))
        card = ui.card("Paspor Baru")
        assert card.closed
        assert card.subtitle == "Kuota hari ini habis"
        ui.tap(card)
        assert ui.screen.refused == "Kuota hari ini habis: daftar antrean online melalui M-Paspor"
        assert ui.screen.quota_qr is not None
        ui.screenshot("hours-quota-reached-id")


def test_a_refusal_from_the_store_is_said_and_no_number_shown(ui, tmp_path):
    """The card was open when drawn; the quota filled before the tap reached the store."""
    start = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    with office_at(ui, tmp_path, start, quota={"walk_in": 1}) as kiosk:
        ui.app.go("service")
        ui.wait_for(lambda: ui.settled_on("service"))
        kiosk.desk.issue("paspor_baru")  # another visitor, a moment earlier
        ui.app.issue_ticket("paspor_baru")
        ui.wait_for(lambda: ui.settled_on("service") and ui.screen.refused != "")
        assert ui.screen.refused == "Kuota hari ini habis: daftar antrean online melalui M-Paspor"
        assert [t.number for t in kiosk.desk._store.tickets_on("2026-11-30")] == ["A-001"]


def test_walk_in_quota_full_but_priority_open_keeps_the_card(ui, tmp_path):
    """The priority question comes after the card: a priority visitor still gets through."""
    start = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
    with office_at(ui, tmp_path, start, quota={"walk_in": 0, "priority": 1}):
        ui.app.go("service")
        ui.wait_for(lambda: ui.settled_on("service"))
        card = ui.card("Paspor Baru")
        assert not card.closed and card.subtitle == "Kuota hari ini habis"
        ui.tap(card)
        ui.answer_priority(True)
        ui.wait_for(lambda: ui.settled_on("ticket") and ui.screen.print_state != "printing")
        assert ui.screen.ticket.number == "A-001"
