"""Privacy and the no-show cool-down: a booking never stores the NIK (the database files hold
neither the number nor, after retention, its last four digits or the name); a booking not used
is counted by a keyed hash for the office's cool-down, which refuses the same NIK's next online
booking and ends on its own."""

from __future__ import annotations

from datetime import date, timedelta

from tests.central_public.office import Visitor, booked_code, nik, prepare, slot_keys

NIK = nik(777)


def _files(central) -> bytes:
    state = central.root / "state"
    return b"".join(p.read_bytes() for p in state.glob("central.sqlite3*"))


def _to_the_past(central, code: str, days: int) -> None:
    day = date.today() - timedelta(days=days)
    central.query(
        "UPDATE queue_booking SET day = ?, slot_start = ?, slot_end = ? WHERE code = ? "
        "RETURNING id",
        day.isoformat(),
        f"{day.isoformat()} 01:00:00",
        f"{day.isoformat()} 01:30:00",
        code,
    )


def test_the_nik_is_never_stored_and_the_rest_goes_with_retention(central):
    base = prepare(central)
    slot = slot_keys(base, "paspor_baru")[0]
    made = Visitor(base).book("paspor_baru", slot, NIK, name="Rahmat Hidayat")
    code = booked_code(made)
    assert NIK.encode() not in _files(central)
    [(last4, key)] = central.query(
        "SELECT holder_last4, holder_key FROM queue_booking WHERE code = ?", code
    )
    assert last4 == NIK[-4:] and len(key) == 64 and NIK not in key

    _to_the_past(central, code, days=3)  # past the office's retention (1 day)
    assert "erased" in central.cli("purge-niks").stdout
    [row] = central.query(
        "SELECT status, holder_key, holder_last4, holder_name, holder_masked, contact "
        "FROM queue_booking WHERE code = ?",
        code,
    )
    assert row == ("no_show", "", "", "", "", "")
    data = _files(central)
    assert b"Rahmat" not in data and NIK.encode() not in data
    # Counted for the cool-down by a keyed hash only.
    [(mark_key, until)] = central.query("SELECT key, until FROM booking_noshowmark")
    assert len(mark_key) == 64 and mark_key != key
    assert str(until) > date.today().isoformat()  # the office's 30 days from the missed day


def test_a_no_show_cools_down_the_next_online_booking(central):
    base = prepare(central)
    slots = slot_keys(base, "paspor_baru")
    code = booked_code(Visitor(base).book("paspor_baru", slots[0], NIK))
    _to_the_past(central, code, days=1)
    central.cli("purge-niks")
    again = Visitor(base, "203.0.113.50").book("paspor_baru", slots[1], NIK)
    assert again.status_code == 409 and "tidak digunakan" in again.text
    other = Visitor(base, "203.0.113.51").book("paspor_baru", slots[1], nik(778))
    assert booked_code(other)
    # The cool-down ends on its own: the mark goes when its day comes.
    central.query("UPDATE booking_noshowmark SET until = ? RETURNING id", date.today().isoformat())
    central.cli("purge-niks")
    assert central.query("SELECT COUNT(*) FROM booking_noshowmark")[0][0] == 0
    assert booked_code(Visitor(base, "203.0.113.52").book("paspor_baru", slots[2], NIK))
