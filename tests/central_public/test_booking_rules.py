"""The office's booking rules over real HTTP against the real central, on SQLite and PostgreSQL:
a booking is moved at most the office's number of times (then refused, nothing changed); a day
beyond the window, or the window's last day before the hour it opens, is not offered and a
forged form for it books nothing; and a slot the supervisor closed tells its bookings, which
may move out of it even past the limit, the move not counted."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.central_public.office import Visitor, booked_code, holiday, nik, prepare, slot_keys

SERVICE = "penggantian"  # the supervisor's places per slot (office.py)
MOVE = re.compile(r'href="/reservasi/b/[^"]+/pindah"')


def _move(v: Visitor, code: str, slot: str):
    return v.s.post(
        f"{v.base}/reservasi/b/{code}/pindah",
        data={"csrfmiddlewaretoken": v.s.cookies["csrftoken"], "slot": slot},
        headers={"Referer": v.base + "/"},
        timeout=30,
    )


def _row(central, code: str) -> tuple:
    [row] = central.query("SELECT slot_start, moves FROM queue_booking WHERE code = ?", code)
    return row


def _taken(central) -> list[tuple]:
    return central.query("SELECT start, taken FROM booking_slottaken WHERE taken > 0 ORDER BY 1")


def test_moves_past_the_office_limit_are_refused_and_change_nothing(central):
    base = prepare(central)
    central.query("UPDATE booking_bookingsettings SET max_moves = 2 RETURNING id")
    slots = slot_keys(base, SERVICE)
    v = Visitor(base)
    code = booked_code(v.book(SERVICE, slots[0], nik(51)))
    for n, slot in enumerate(slots[1:3], start=1):
        moved = _move(v, code, slot)
        assert "Reservasi dipindah ke waktu yang baru" in moved.text, moved.text[-800:]
        assert _row(central, code)[1] == n
    page = v.s.get(f"{base}/reservasi/b/{code}/", timeout=30).text
    assert not MOVE.search(page) and "Pindah jadwal" not in page  # no way offered ...
    before, taken = _row(central, code), _taken(central)
    refused = _move(v, code, slots[3])  # ... and a forged move is refused with the reason
    assert refused.status_code == 200 and "Traceback" not in refused.text
    assert "sudah dipindah 2 kali, batas yang diizinkan" in refused.text
    assert _row(central, code) == before and _taken(central) == taken
    assert len(taken) == 1  # the one place it holds; the slots it left are free


def _office_today(central) -> date:
    [(zone,)] = central.query("SELECT time_zone FROM queue_office")
    now = datetime.now(ZoneInfo(zone))
    if now.hour == 23 and now.minute >= 58:
        pytest.skip("the office's day ends during the test")
    return now.date()


def test_a_day_not_yet_released_or_past_the_window_is_not_offered_nor_booked(central):
    base = prepare(central, always_open=True)
    today = _office_today(central)
    last = today + timedelta(days=2)  # the window's last day (3 days); the holiday is later
    beyond = next(
        today + timedelta(days=i) for i in range(3, 10) if today + timedelta(days=i) != holiday()
    )
    central.query(
        "UPDATE booking_bookingsettings SET window_days = 3, release_time = ? RETURNING id",
        "00:00:00",
    )
    released = slot_keys(base, SERVICE, last.isoformat())
    assert released and released[0].startswith(last.isoformat())  # open from midnight: offered
    forged = f"{beyond.isoformat()}T{released[0][11:]}"

    central.query("UPDATE booking_bookingsettings SET release_time = ? RETURNING id", "23:59:59")
    page = Visitor(base).s.get(f"{base}/reservasi/{SERVICE}/", timeout=30).text
    assert f"tanggal={today + timedelta(days=1)}" in page
    assert f"tanggal={last}" not in page and f"tanggal={beyond}" not in page
    asked = slot_keys(base, SERVICE, last.isoformat())  # asked for anyway: another day shown
    assert asked and not any(k.startswith(last.isoformat()) for k in asked)
    v = Visitor(base)
    for slot in (released[0], forged):
        form = v.s.get(f"{base}/reservasi/{SERVICE}/data?slot={slot}", allow_redirects=False)
        assert form.status_code == 302 and "penuh=1" in form.headers["Location"], slot
        # The form of an offered slot, its slot changed to this one: nothing booked.
        data = {**v.prepared(SERVICE, asked[0], nik(52)), "slot": slot}
        sent = v.post(SERVICE, data, allow_redirects=False)
        assert sent.status_code == 302 and "penuh=1" in sent.headers["Location"], slot
    assert central.query("SELECT COUNT(*) FROM queue_booking WHERE holder_key <> ''") == [(0,)]
    assert _taken(central) == []

    # Released (the hour passed): the same day is offered and books.
    central.query("UPDATE booking_bookingsettings SET release_time = ? RETURNING id", "00:00:00")
    assert booked_code(Visitor(base, "203.0.113.53").book(SERVICE, released[0], nik(53)))


def test_a_closed_slots_booking_is_told_and_moves_out_uncounted(central):
    base = prepare(central)
    slots = slot_keys(base, SERVICE)
    v = Visitor(base)
    code = booked_code(v.book(SERVICE, slots[0], nik(54)))
    # Moved as often as allowed already (2), then the supervisor closes its slot.
    central.query("UPDATE queue_booking SET moves = 2 WHERE code = ? RETURNING id", code)
    [(start, end, office_id)] = central.query(
        "SELECT slot_start, slot_end, office_id FROM queue_booking WHERE code = ?", code
    )
    central.query(
        'INSERT INTO booking_slotclosure (office_id, start, "end", reason) '
        "VALUES (?, ?, ?, ?) RETURNING id",
        office_id,
        start,
        end,
        "Listrik padam",
    )
    page = v.s.get(f"{base}/reservasi/b/{code}/", timeout=30).text
    assert "Kantor menutup waktu ini: Listrik padam" in page
    assert MOVE.search(page) and "Pindah jadwal" in page  # offered past the limit
    moved = _move(v, code, slots[1])
    assert "Reservasi dipindah ke waktu yang baru" in moved.text, moved.text[-800:]
    assert _row(central, code)[1] == 2  # the office's doing: not counted
    assert [t for _s, t in _taken(central)] == [1]
    page = v.s.get(f"{base}/reservasi/b/{code}/", timeout=30).text
    assert "Listrik padam" not in page and not MOVE.search(page)  # out of it: the limit again
    refused = _move(v, code, slots[2])
    assert "sudah dipindah 2 kali" in refused.text and _row(central, code)[1] == 2
