"""The release moment of online booking (issue 29): a new day opens and 100 clients with
distinct valid NIKs send 1,000 booking attempts at once for 50 places, through the real central
(gunicorn) on SQLite and PostgreSQL. Each client comes from its own address, as the office's
trusted proxy reports it, and has loaded its forms and solved their challenges before the
moment (a person's browser does that while they type). Prints places booked, answers by kind,
and the answer time's median and p99 (bench figures, never assertions)."""

from __future__ import annotations

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
            outcomes: Counter = Counter()
            lock = threading.Lock()

            def client(i: int) -> None:
                start.wait()
                for data in forms[i]:
                    t0 = time.perf_counter()
                    reply = visitors[i].post("penggantian", data, allow_redirects=False)
                    took = time.perf_counter() - t0
                    with lock:
                        times.append(took)
                        outcomes[_outcome(reply)[:40]] += 1

            threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            booked = c.query(
                "SELECT COUNT(*) FROM queue_booking WHERE holder_key <> '' AND status = 'booked'"
            )[0][0]
            times.sort()
            p99 = times[int(len(times) * 0.99) - 1]
            print(
                f"booking release {engine}: {CLIENTS} clients x {ATTEMPTS} attempts for {PLACES} "
                f"places: {booked} booked; answers {dict(outcomes)}; "
                f"median {statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
                f"all in {wall:.1f} s"
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
