"""The counter's actions over real HTTP on both engines: counters pressing Call next at the same
instant never get the same ticket, and bad input (another counter's ticket, a stale page
pressing Done twice, a post without its CSRF token, a signed-out session, a password guesser)
gets a clear message and changes nothing."""

from __future__ import annotations

import threading

import pytest

from tests.central.hours_setup import settings_changed
from tests.central.web import Office

EXTRA_COUNTERS = (4, 5, 6, 7)  # with loket 1 and 2, six counters serve Penggantian (B)
ROUNDS = 6


@pytest.fixture
def office(central):
    return Office(central, staff=2, segments=False)


def _events(office: Office, kind: str) -> int:
    return office.c.query("SELECT COUNT(*) FROM queue_ticketevent WHERE kind = ?", kind)[0][0]


def test_counters_pressing_call_next_at_once_never_share_a_ticket(office):
    c = office.c
    office_id, b = c.query("SELECT office_id, id FROM queue_service WHERE code = 'penggantian'")[0]
    for n in EXTRA_COUNTERS:
        # RETURNING: the PostgreSQL driver wants rows back from every statement here
        counter_id = c.query(
            "INSERT INTO queue_counter (office_id, number, name, active) VALUES (?, ?, '', ?)"
            " RETURNING id",
            office_id,
            n,
            True,
        )[0][0]
        c.query(
            "INSERT INTO queue_counter_services (counter_id, service_id) VALUES (?, ?)"
            " RETURNING id",
            counter_id,
            b,
        )
    settings_changed(c)
    lokets = [1, 2, *EXTRA_COUNTERS]
    for _ in range(len(lokets) * ROUNDS):
        office.issue("penggantian")
    sessions = {n: office.session("loket1", n) for n in lokets}
    called: list[str] = []
    problems: list[str] = []
    for _ in range(ROUNDS):
        start = threading.Barrier(len(lokets))

        def press(n: int, start: threading.Barrier = start) -> None:
            s = sessions[n]
            start.wait()
            said = office.act(s, "call_next")
            if not said.startswith("success"):
                problems.append(f"loket {n}: {said}")
                return
            called.append(said.split()[-1].rstrip("."))
            done = office.act(s, "done", ticket=office.held(s))
            if not done.startswith("success"):
                problems.append(f"loket {n}: {done}")

        threads = [threading.Thread(target=press, args=(n,)) for n in lokets]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert problems == []
    assert len(called) == len(set(called)) == len(lokets) * ROUNDS
    assert sorted(called) == [f"B-{i:03d}" for i in range(1, len(lokets) * ROUNDS + 1)]
    assert _events(office, "called") == _events(office, "done") == len(lokets) * ROUNDS


def test_bad_input_gets_a_message_and_changes_nothing(office):
    office.issue("penggantian")
    one = office.session("loket1", 1)
    two = office.session("loket2", 2)
    assert "Memanggil B-001" in office.act(one, "call_next")
    uid = office.held(one)

    # another counter acting on the ticket loket 1 holds
    said = office.act(two, "done", ticket=uid)
    assert "sedang dilayani di loket 1" in said
    assert office.held(one) == uid and _events(office, "done") == 0

    # a stale page pressing Done twice: the first is done, the second changes nothing
    assert "selesai" in office.act(one, "done", ticket=uid)
    said = office.act(one, "done", ticket=uid)
    assert said.startswith("error") and "B-001" in said
    assert _events(office, "done") == 1

    # a post without its CSRF token: refused with a page that says so
    office.issue("penggantian")
    reply = one.post(f"{office.base}/loket/aksi/call_next", data={}, timeout=10)
    assert reply.status_code == 403 and "Tidak ada yang diubah" in reply.text
    assert _events(office, "called") == 1

    # a signed-out session: back to sign-in, with a message, nothing called
    one.post(f"{office.base}/keluar/", data={"csrfmiddlewaretoken": one.cookies["csrftoken"]})
    reply = one.post(
        f"{office.base}/loket/aksi/call_next",
        data={"csrfmiddlewaretoken": one.cookies.get("csrftoken", "")},
        timeout=10,
    )
    assert "/masuk/" in reply.url and "Sesi Anda sudah berakhir" in reply.text
    assert _events(office, "called") == 1


def test_lockout_after_repeated_failed_sign_ins(office):
    import requests

    s = requests.Session()
    s.get(office.base + "/masuk/")

    def sign_in(password: str) -> str:
        return s.post(
            office.base + "/masuk/",
            data={
                "username": "loket2",
                "password": password,
                "csrfmiddlewaretoken": s.cookies["csrftoken"],
            },
            timeout=10,
        ).text

    for _ in range(5):
        sign_in("salah")
    page = sign_in("loket-rahasia-1")  # the right password, too late
    assert "dikunci 15 menit" in page and "Keluar" not in page
