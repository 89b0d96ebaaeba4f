"""The release moment of online booking (issue 29): a new day opens and 100 clients with
distinct valid NIKs send 1,000 booking attempts at once for 50 places, through the real central
(gunicorn) on SQLite and PostgreSQL. Each client comes from its own address, as the office's
trusted proxy reports it, and has loaded its forms and solved their challenges before the
moment (a person's browser does that while they type). Prints places booked, answers by kind,
the answer time's median and p99, the same for the first wave (each client's first attempt,
when the 50 places go) and the server's CPU per answer (bench figures, never assertions)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 100
ATTEMPTS = 10
PLACES = 50


def _server_cpu_s(c) -> float:
    """User and system CPU of the central's processes (the arbiter's children: its workers)."""
    with open(f"/proc/{c.proc.pid}/task/{c.proc.pid}/children") as f:
        pids = f.read().split()
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


def release(engine: str, pg=None) -> None:
    from tests.central.conftest import Central
    from tests.central_public.office import Visitor, nik, prepare, slot_keys
    from tests.central_public.test_booking_http import _outcome

    with tempfile.TemporaryDirectory() as tmp:
        url = pg.create(f"bench{uuid.uuid4().hex[:8]}") if pg else ""
        c = Central(Path(tmp), url).setup()
        try:
            base = prepare(c, places=PLACES)
            slot = slot_keys(base, "penggantian")[0]
            visitors = [Visitor(base, f"198.51.{i // 250}.{i % 250 + 1}") for i in range(CLIENTS)]
            forms = [
                [
                    v.prepared("penggantian", slot, nik(i * ATTEMPTS + j + 1))
                    for j in range(ATTEMPTS)
                ]
                for i, v in enumerate(visitors)
            ]
            for v in visitors:
                v.s.close()  # fresh connections at the moment, as phones would open
            start = threading.Barrier(CLIENTS)
            times: list[float] = []
            first: list[float] = []
            outcomes: Counter = Counter()
            lock = threading.Lock()

            def client(i: int) -> None:
                start.wait()
                for n, data in enumerate(forms[i]):
                    t0 = time.perf_counter()
                    reply = visitors[i].post("penggantian", data, allow_redirects=False)
                    took = time.perf_counter() - t0
                    with lock:
                        times.append(took)
                        if n == 0:
                            first.append(took)
                        outcomes[_outcome(reply)[:40]] += 1

            threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
            cpu0 = _server_cpu_s(c)
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            cpu_ms = (_server_cpu_s(c) - cpu0) / len(times) * 1000
            booked = c.query(
                "SELECT COUNT(*) FROM queue_booking WHERE holder_key <> '' AND status = 'booked'"
            )[0][0]
            print(
                f"booking release {engine}: {CLIENTS} clients x {ATTEMPTS} attempts for {PLACES} "
                f"places: {booked} booked; answers {dict(outcomes)}; "
                f"median {statistics.median(times) * 1000:.0f} ms, "
                f"p99 {_p99(times) * 1000:.0f} ms, all in {wall:.1f} s; "
                f"first wave median {statistics.median(first) * 1000:.0f} ms, "
                f"p99 {_p99(first) * 1000:.0f} ms; the central's CPU {cpu_ms:.1f} ms an answer"
            )
        finally:
            c.kill()


def main() -> None:
    if str(ROOT) not in sys.path:  # also when scripts/bench calls it
        sys.path.insert(0, str(ROOT))
    from tests.central.conftest import Postgres

    release("sqlite")
    pg = Postgres().start() if Path("/usr/lib/postgresql").exists() else None
    try:
        if pg is None:
            print("booking release postgresql: not installed (scripts/test installs it)")
        else:
            release("postgresql", pg)
    finally:
        if pg is not None:
            pg.stop()


if __name__ == "__main__":
    main()
