"""Run in a real central's process (``python -m tests.central_dashboard.busy_writer CONFIG``)
on the "history" seed: a year-long report while another thread holds the SQLite writer (a
kiosk's write that takes long). Prints the tickets reported and the digests kept, as JSON."""

from __future__ import annotations

import json
import sys
import threading
from datetime import timedelta


def main(config: str) -> None:
    from kiosk_central.cli import setup

    setup(config)
    from kiosk_central.dashboard.digest import period_tallies
    from kiosk_central.dashboard.models import DayDigest
    from kiosk_central.queue.models import Office
    from kiosk_central.queue.writer import writer

    office = Office.objects.order_by("id").first()
    last = office.local_now().date()
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        # Well inside the config's db_wait_s (5 s), which a report once waited out to keep
        # its digests; far longer than the report's own 0.1 s.
        with writer():
            holding.set()
            done.wait(2.5)

    threading.Thread(target=hold, daemon=True).start()
    holding.wait(10)
    queue, _ = period_tallies(office, last - timedelta(days=365), last)
    done.set()
    print(json.dumps({"tickets": queue.every.tickets, "kept": DayDigest.objects.count()}))


if __name__ == "__main__":
    main(sys.argv[1])
