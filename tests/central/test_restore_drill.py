"""The restore drill, on SQLite and PostgreSQL: mid-morning the central's disk dies and a backup
taken an hour of work earlier is restored, while two kiosks (their own sync stack) issue and two
counters call. Afterwards: no ticket lost, no number given twice, and the display board and a
visitor's status page, open the whole time, show the calls again without a reload."""

from __future__ import annotations

import random
import re

import pytest

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


class Morning:
    """Two kiosks issuing (their own sync stack) and two counters calling, at the real central."""

    def __init__(self, office, tmp_path) -> None:
        c = office.c
        tokens = {"kiosk-01": office.token, "kiosk-02": c.register("kiosk-02")}
        blocks = {"kiosk-01": 800, "kiosk-02": 900}
        self.kiosks = [
            make_kiosk(tmp_path / f"{n}.sqlite3", c.url, tokens[n], n, blocks[n]) for n in tokens
        ]
        self.office, self.rng, self.count = office, random.Random(31), iter(range(10_000))
        self.lokets = [office.session("loket1", 1), office.session("loket2", 2)]
        self.issued: list = []
        self.called: list[str] = []

    def issue_round(self, n: int) -> list:
        made = [_issue(k, self.rng, next(self.count)) for _ in range(n) for k in self.kiosks]
        self.issued.extend(made)
        return made

    def call_round(self) -> None:
        for s in self.lokets:
            said = self.office.act(s, "call_next")
            if said.startswith("success"):
                self.called.append(re.findall(r"[A-Z]-\d{3,4}", said)[-1])
                self.office.act(s, "done", ticket=self.office.held(s))

    def sync_all(self, beats: int = 1) -> None:
        """Heartbeats (a restore heard of: the resend) with the outbox drained after each."""
        for _ in range(beats):
            for k in self.kiosks:
                k.heartbeat.beat()
                drain(k)

    def close(self) -> None:
        for k in self.kiosks:
            assert k.outbox.counts()["parked"] == 0, k.outbox.parked()
            k.client.close()
            k.db.close()


def _above_every_printed(online: list, printed: set[str]) -> None:
    for t in online:
        highest = max((_seq(n) for n in printed if n[0] == t.number[0]), default=0)
        assert _seq(t.number) > highest, (t.number, highest)


def test_restoring_an_hour_old_backup_mid_morning_loses_nothing_and_repeats_nothing(
    office, tmp_path, browser_contexts
):
    c, day = office.c, Morning(office, tmp_path)
    board = browser_contexts.new_page(1920, 1080, args=CHROMIUM_ARGS)
    board.goto(office.base + "/display/")
    board.wait_for_function("() => window.boardLog !== undefined")
    # 08:00-09:00: the kiosks know the central's generation; the morning rush begins.
    day.issue_round(6)
    day.call_round()
    day.sync_all()
    assert c.cli("backup").returncode == 0
    # 09:00-10:00, an hour the backup does not hold: online numbers, check-ins, calls.
    for _ in range(2):  # calls first: the restored database numbers its next events as these
        day.call_round()
    after_backup = day.issue_round(8)
    day.call_round()
    day.sync_all()
    late = [t for t in after_backup if _seq(t.number) < 800][-1]  # still waiting
    phone = browser_contexts.new_page(390, 844, args=CHROMIUM_ARGS)
    phone.goto(f"{office.base}/s/{late.id}")
    assert phone.inner_text("#number") == late.number
    printed_central = {t.number for t in day.issued if _seq(t.number) < 800}
    queued = "window.boardLog.filter(e => e.type === 'queued').length"
    board.wait_for_function(f"() => {queued} > 0")
    heard_before, calls_before = board.evaluate(queued), len(day.called)

    # 10:00: the disk dies. The kiosks go on with their own numbers.
    c.kill()
    day.issue_round(3)
    [copy] = backups(c)
    stopped_with_port(c)
    said = c.cli("restore", str(copy)).stdout
    print(said)
    assert "kept aside" in said and "lost on the central itself" in said
    c.start()

    # Back before any kiosk has heard of the restore: no central number yet, nobody waits.
    during = day.issue_round(2)
    assert all(_seq(t.number) >= 800 for t in during), [t.number for t in during]
    day.call_round()  # the counters work on what the backup held
    day.sync_all(beats=2)  # they hear of the new generation, resend, and say so
    online = [t for t in day.issue_round(4) if _seq(t.number) < 800]
    assert online, "the central numbers again once every kiosk has resent"
    _above_every_printed(online, printed_central)
    day.sync_all()
    _assert_both_sides_agree(c, day.issued)  # 0 tickets lost, 0 numbers repeated at the central
    assert len({t.number for t in day.issued}) == len(day.issued)  # nor on paper
    nik_rows = c.query("SELECT COUNT(*) FROM queue_ticket WHERE nik != ''")
    assert nik_rows[0][0] > 0  # the backup's NIKs; resends carried none

    # The board and the phone, never reloaded, follow the calls again.
    while late.number not in day.called and len(day.called) < calls_before + 40:
        day.call_round()
    assert late.number in day.called
    last = day.called[-1]
    board.wait_for_function(
        f"() => document.getElementById('now-number').textContent === '{last}'"
        f" || [...document.querySelectorAll('#recent .num')].some(e => e.textContent === '{last}')",
        timeout=15000,
    )
    # every call after the restore is announced, though the restored database numbers its
    # call events again from where the backup left off
    calls_after = len(day.called) - calls_before
    board.wait_for_function(f"() => {queued} === {heard_before + calls_after}", timeout=15000)
    phone.wait_for_function(
        "() => !document.getElementById('ticket').classList.contains('state-waiting')",
        timeout=20000,
    )
    day.close()
