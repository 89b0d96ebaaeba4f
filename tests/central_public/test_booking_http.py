"""Booking over real HTTP against the real central (gunicorn), on SQLite and PostgreSQL: never
overbooked under concurrency, one active booking per person, and every kind of bad input
answered with a clear Indonesian message and nothing half-stored."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from tests.central_public.office import Visitor, booked_code, nik, prepare, slot_keys

PARALLEL = 200
LAST_PLACES = 10


def _outcome(reply) -> str:
    """booked, full (said on the form's page, or the times' page it sends back to), or what
    else came back."""
    where = reply.headers.get("Location", "")
    if reply.status_code == 302 and "/reservasi/b/" in where:
        return "booked"
    if reply.status_code == 302 and "penuh=1" in where:
        return "full"
    if reply.status_code == 409 and "sudah penuh" in reply.text:
        return "full"
    return f"{reply.status_code} {reply.text[:200]}"


def _count(central, sql: str, *params) -> int:
    return central.query(sql, *params)[0][0]


def test_200_concurrent_attempts_for_the_last_10_places_give_exactly_10(central):
    base = prepare(central, places=LAST_PLACES)
    slot = slot_keys(base, "penggantian")[0]
    visitors = [Visitor(base, f"198.51.{i // 250}.{i % 250 + 1}") for i in range(PARALLEL)]
    forms = [v.prepared("penggantian", slot, nik(i + 1)) for i, v in enumerate(visitors)]
    for v in visitors:  # a connection idle past the server's keep-alive is closed under it
        v.s.close()
    start = threading.Barrier(PARALLEL)
    replies: list = [None] * PARALLEL

    def attempt(i: int) -> None:
        start.wait()
        replies[i] = visitors[i].post("penggantian", forms[i], allow_redirects=False)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = Counter(_outcome(r) for r in replies)
    assert outcomes == {"booked": LAST_PLACES, "full": PARALLEL - LAST_PLACES}, outcomes
    booked = "SELECT COUNT(*) FROM queue_booking WHERE status = 'booked' AND holder_key <> ''"
    assert _count(central, booked) == LAST_PLACES
    assert _count(central, "SELECT MAX(taken) FROM booking_slottaken") == LAST_PLACES


def test_one_active_booking_per_person_service_and_day_under_concurrency(central):
    base = prepare(central, places=10)
    slots = slot_keys(base, "penggantian")[:8]
    visitors = [Visitor(base, f"198.51.100.{i + 1}") for i in range(len(slots))]
    forms = [v.prepared("penggantian", s, nik(7)) for v, s in zip(visitors, slots, strict=True)]
    start = threading.Barrier(len(slots))
    replies: list = [None] * len(slots)

    def attempt(i: int) -> None:
        start.wait()
        replies[i] = visitors[i].post("penggantian", forms[i], allow_redirects=False)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(slots))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(_outcome(r)[:3] for r in replies) == ["409"] * (len(slots) - 1) + ["boo"]
    # At least one refusal says why; under load another may be refused first for another reason
    # (seen once on a loaded machine: every attempt still 409 but one booking, the test's point).
    refusals = [r.text for r in replies if r.status_code == 409]
    assert any("sudah memiliki reservasi" in text for text in refusals)
    # Every refused attempt gave its place back.
    assert _count(central, "SELECT SUM(taken) FROM booking_slottaken") == 1


@pytest.fixture
def office(central):
    return prepare(central)


def test_bad_input_gets_a_clear_message_and_stores_nothing(central, office):
    v = Visitor(office)
    slot = slot_keys(office, "paspor_baru")[0]
    cases = [
        ({"number": "1234"}, "16 angka"),
        ({"number": "3171015708459999x"}, "16 angka"),
        ({"number": "9971015708450001"}, "kode wilayah"),
        ({"name": "<script>alert(1)</script>"}, "huruf"),
        ({"name": ""}, "tidak boleh kosong"),
        ({"contact": "not-a-phone"}, "9 sampai 15 angka"),
        ({"kind": "passport", "number": "ABC"}, "6 sampai 9"),
    ]
    for change, words in cases:
        data = {**v.prepared("paspor_baru", slot, nik(1)), **change}
        reply = v.post("paspor_baru", data)
        assert reply.status_code == 200, change
        assert words in reply.text.lower(), (change, reply.text[-1500:])
        assert "<script>alert" not in reply.text
        assert nik(1) not in reply.text  # the number is never echoed back
    assert _count(central, "SELECT COUNT(*) FROM queue_booking WHERE holder_key <> ''") == 0
    assert _count(central, "SELECT COALESCE(SUM(taken), 0) FROM booking_slottaken") == 0


def test_a_slot_that_is_not_offered_sends_back_to_the_times(office):
    v = Visitor(office)
    slot = slot_keys(office, "paspor_baru")[0]
    for bad in ("2020-01-06T08:00", "garbage", "2026-13-45T99:99", slot[:-2] + "07", ""):
        reply = v.s.get(f"{office}/reservasi/paspor_baru/data?slot={bad}", allow_redirects=False)
        assert reply.status_code == 302 and "penuh=1" in reply.headers["Location"], bad
    data = {**v.prepared("paspor_baru", slot, nik(2)), "slot": "2020-01-06T08:00"}
    assert v.post("paspor_baru", data, allow_redirects=False).status_code == 302
    assert v.s.get(f"{office}/reservasi/tidak_ada/").status_code == 404


def test_a_holiday_and_a_closed_weekend_are_not_offered(office):
    from tests.central_public.office import holiday

    page = Visitor(office).s.get(f"{office}/reservasi/paspor_baru/", timeout=30).text
    assert f"tanggal={holiday().isoformat()}" not in page
    for day in ("Sab", "Min"):
        assert f"<span>{day}</span>" not in page


def test_a_replayed_form_and_a_huge_body_are_refused(central, office):
    v = Visitor(office)
    slot = slot_keys(office, "paspor_baru")[0]
    data = v.prepared("paspor_baru", slot, nik(3))
    first = v.post("paspor_baru", data, allow_redirects=False)
    assert first.status_code == 302
    again = v.post("paspor_baru", {**data, "number": nik(4)}, allow_redirects=False)
    assert again.status_code == 409 and "sudah dikirim" in again.text
    huge = v.post("paspor_baru", {**data, "name": "A" * (10 * 1024 * 1024)})
    # Answered unread (kiosk_central.public.bodies), in the booking pages' own words.
    assert huge.status_code == 413 and "Traceback" not in huge.text
    assert "Formulir yang dikirim terlalu besar" in huge.text
    assert "Tidak ada reservasi yang dibuat" in huge.text
    assert _count(central, "SELECT COUNT(*) FROM queue_booking WHERE holder_key <> ''") == 1


def test_booking_code_and_second_factor(office):
    v = Visitor(office)
    slot = slot_keys(office, "paspor_baru")[0]
    made = v.book("paspor_baru", slot, nik(5))
    code = booked_code(made)
    assert code and nik(5)[-4:] in made.text and nik(5) not in made.text
    # Another phone: the code alone opens nothing; the code and the wrong digits neither.
    other = Visitor(office, "203.0.113.99")
    page = other.s.get(f"{office}/reservasi/b/{code}/")
    assert "/reservasi/cari/" in page.url and code not in page.text.split("value=")[0]
    assert other.s.get(f"{office}/reservasi/b/{code}/qr.svg").status_code == 404
    assert other.s.get(f"{office}/reservasi/b/{code}/kalender.ics").status_code == 404
    token = other.s.cookies["csrftoken"]
    wrong = other.s.post(
        f"{office}/reservasi/cari/",
        data={"csrfmiddlewaretoken": token, "code": code, "last4": "9999"},
        headers={"Referer": office + "/"},
    )
    assert wrong.status_code == 403 and "Tidak ada reservasi" in wrong.text
    right = other.s.post(
        f"{office}/reservasi/cari/",
        data={
            "csrfmiddlewaretoken": token,
            "code": code.lower().replace("-", " "),
            "last4": nik(5)[-4:],
        },
        headers={"Referer": office + "/"},
    )
    assert right.status_code == 200 and code in right.text
    ics = other.s.get(f"{office}/reservasi/b/{code}/kalender.ics")
    assert ics.headers["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content and code.encode() in ics.content
    assert nik(5).encode() not in ics.content


def test_a_slot_the_supervisor_closed_takes_no_booking_and_tells_its_bookings(central, office):
    v = Visitor(office)
    slot = slot_keys(office, "paspor_baru")[0]
    made = v.book("paspor_baru", slot, nik(6))
    code = booked_code(made)
    [(start, end, office_id)] = central.query(
        "SELECT slot_start, slot_end, office_id FROM queue_booking WHERE code = ?", code
    )
    central.query(
        'INSERT INTO booking_slotclosure (office_id, start, "end", reason) '
        "VALUES (?, ?, ?, ?) RETURNING id",
        office_id,
        start,
        end,
        "Rapat dinas",
    )
    page = v.s.get(f"{office}/reservasi/b/{code}/").text
    assert "Kantor menutup waktu ini: Rapat dinas" in page
    times = v.s.get(f"{office}/reservasi/paspor_baru/?tanggal={slot[:10]}").text
    assert f'value="{slot}" required disabled' in times and "ditutup" in times
    late = Visitor(office, "203.0.113.60")
    other = slot_keys(office, "paspor_baru")[1]
    data = {**late.prepared("paspor_baru", other, nik(8)), "slot": slot}
    assert "sudah tidak tersedia" in late.post("paspor_baru", data).text
