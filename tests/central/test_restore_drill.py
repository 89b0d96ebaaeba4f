"""The restore drill, on SQLite and PostgreSQL: mid-morning the central's disk dies and a backup
taken an hour of work earlier is restored, while two kiosks (their own sync stack) issue and two
counters call. Afterwards: no ticket lost, no number given twice, and the display board and a
visitor's status page, open the whole time, show the calls again without a reload."""

from __future__ import annotations

import random
import re

import pytest

from kiosk.sync.worker import LinkDown
from tests.central.kiosk_side import drain, make_kiosk
from tests.central.test_backup import backups, stopped_with_port
from tests.central.test_kiosk_sync import _assert_both_sides_agree, _issue
from tests.central.web import CHROMIUM_ARGS, Office


@pytest.fixture
def office(central):
    with central.config.open("a") as f:
        f.write(f'public_url = "http://127.0.0.1:{central.port}"\n')
    yield Office(central, staff=2, segments=False)
    central.kill()


def _seq(number: str) -> int:
    return int(number.split("-")[1])


def test_restoring_an_hour_old_backup_mid_morning_loses_nothing_and_repeats_nothing(
    office, tmp_path, browser_contexts
):
    c = office.c
    tokens = {"kiosk-01": office.token, "kiosk-02": c.register("kiosk-02")}
    blocks = {"kiosk-01": 800, "kiosk-02": 900}
    kiosks = [make_kiosk(tmp_path / f"{n}.sqlite3", c.url, tokens[n], n, blocks[n]) for n in tokens]
    rng = random.Random(31)
    issued = []
    counter = iter(range(10_000))

    def issue_round(n: int) -> list:
        made = []
        for _ in range(n):
            for k in kiosks:
                made.append(_issue(k, rng, next(counter)))
        issued.extend(made)
        return made

    lokets = [office.session("loket1", 1), office.session("loket2", 2)]
    called = []

    def call_round() -> None:
        for s in lokets:
            said = office.act(s, "call_next")
            if said.startswith("success"):
                called.append(re.findall(r"[A-Z]-\d{3,4}", said)[-1])
                office.act(s, "done", ticket=office.held(s))

    def sync_all() -> None:
        for k in kiosks:
            k.heartbeat.beat()
            drain(k)

    board = browser_contexts.new_page(1920, 1080, args=CHROMIUM_ARGS)
    board.goto(office.base + "/display/")
    board.wait_for_function("window.boardLog !== undefined")
    # 08:00-09:00: the kiosks know the central's generation; the morning rush begins.
    issue_round(6)
    call_round()
    sync_all()
    assert c.cli("backup").returncode == 0
    # 09:00-10:00, an hour the backup does not hold: online numbers, check-ins, calls.
    for _ in range(2):  # calls first: the restored database numbers its next events as these
        call_round()
    after_backup = issue_round(8)
    call_round()
    sync_all()
    late = [t for t in after_backup if _seq(t.number) < 800][-1]  # still waiting
    phone = browser_contexts.new_page(390, 844, args=CHROMIUM_ARGS)
    phone.goto(f"{office.base}/s/{late.id}")
    assert phone.inner_text("#number") == late.number
    printed_central = {t.number for t in issued if _seq(t.number) < 800}

    queued = "window.boardLog.filter(e => e.type === 'queued').length"
    board.wait_for_function(f"{queued} > 0")
    heard_before, calls_before = board.evaluate(queued), len(called)
    # 10:00: the disk dies. The kiosks go on with their own numbers.
    c.kill()
    issue_round(3)
    [copy] = backups(c)
    stopped_with_port(c)
    said = c.cli("restore", str(copy)).stdout
    print(said)
    assert "kept aside" in said and "lost on the central itself" in said
    c.start()

    # Back before any kiosk has heard of the restore: no central number yet, nobody waits.
    during = issue_round(2)
    assert all(_seq(t.number) >= 800 for t in during), [t.number for t in during]
    call_round()  # the counters work on what the backup held
    for k in kiosks:  # they hear of the new generation, resend, and say so
        k.heartbeat.beat()
        drain(k)
    for k in kiosks:
        k.heartbeat.beat()
    after = issue_round(4)
    online = [t for t in after if _seq(t.number) < 800]
    assert online, "the central numbers again once every kiosk has resent"
    for t in online:
        prefix = t.number[0]
        highest = (
            max(_seq(n) for n in printed_central if n[0] == prefix)
            if any(n[0] == prefix for n in printed_central)
            else 0
        )
        assert _seq(t.number) > highest, (t.number, highest)
    for k in kiosks:
        for _ in range(3):
            try:
                drain(k)
                break
            except LinkDown:
                continue
        assert k.outbox.counts()["parked"] == 0, k.outbox.parked()

    _assert_both_sides_agree(c, issued)  # 0 tickets lost, 0 numbers repeated at the central
    assert len({t.number for t in issued}) == len(issued)  # nor on paper
    nik_rows = c.query("SELECT COUNT(*) FROM queue_ticket WHERE nik != ''")
    assert nik_rows[0][0] > 0  # the backup's NIKs; resends carried none

    # The board and the phone, never reloaded, follow the calls again.
    for _ in range(6):
        call_round()
        if late.number in called[-2:] or late.number in called:
            break
    assert late.number in called
    last = called[-1]
    board.wait_for_function(
        f"document.getElementById('now-number').textContent === '{last}'"
        f" || [...document.querySelectorAll('#recent .num')].some(e => e.textContent === '{last}')",
        timeout=15000,
    )
    # every call after the restore is announced, though the restored database numbers its
    # call events again from where the backup left off
    calls_after = len(called) - calls_before
    board.wait_for_function(f"{queued} === {heard_before + calls_after}", timeout=15000)
    phone.wait_for_function(
        "!document.getElementById('ticket').classList.contains('state-waiting')", timeout=20000
    )
    for k in kiosks:
        k.client.close()
        k.db.close()
