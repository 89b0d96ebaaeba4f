"""SIGKILL a kiosk process mid-sync, many times: nothing lost, nothing doubled."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from kiosk.store.database import Database

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def run_child(db, server, n, kill_after=None):
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.sync_child", str(db), server.url, str(n)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    if kill_after is None:
        out, _ = proc.communicate(timeout=120)
        return out.splitlines()
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    return out.splitlines()


def test_sigkill_mid_sync_many_times(tmp_path, server):
    rng = random.Random(11)
    db = tmp_path / "kiosk.sqlite3"
    issued: dict[str, str] = {}
    faults = ["reset", "500", "503", "commit_drop", "garbage"]
    for _ in range(12):
        server.inject(*rng.choices(faults, k=rng.randrange(0, 6)))
        lines = run_child(db, server, n=rng.randrange(1, 8), kill_after=rng.uniform(0.4, 1.5))
        for line in lines:
            if line.startswith("issued "):
                _, ticket_id, number = line.split()
                issued[ticket_id] = number
    server.faults.clear()
    assert "drained" in run_child(db, server, n=0)

    # Every ticket a visitor was shown is at the server, once, under the number shown.
    held = {i: t["number"] for i, t in server.state.tickets.items()}
    assert {i: held.get(i) for i in issued} == issued
    with Database(db) as check:
        assert check.integrity_ok()
        local = {row[0]: row[1] for row in check.query("SELECT id, number FROM tickets")}
        assert check.query("SELECT COUNT(*) FROM outbox WHERE state != 'done'")[0][0] == 0
    # Tickets committed but killed before their line was printed are delivered too.
    assert held == local
