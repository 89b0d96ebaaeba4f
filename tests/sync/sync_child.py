"""A kiosk process for the crash test: issues tickets and drains the outbox until killed.

    python -m tests.sync.sync_child DB URL N_TICKETS
Prints "issued <id> <number>" after each ticket is committed.
"""

from __future__ import annotations

import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.store.database import Database
from kiosk.sync.worker import LinkDown
from layanan_rules.nik import parse_nik
from layanan_rules.services import Lane
from tests.sync.conftest import make_sync


class Clock:
    def now(self):
        return datetime.now(ZoneInfo("Asia/Jakarta"))

    def is_synced(self):
        return True


def main() -> None:
    db_path, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    server = type("S", (), {"url": url})()
    db = Database(db_path)
    kiosk = make_sync(db, server, Clock(), budget_s=0.3)
    kiosk.outbox.recover()
    for i in range(n):
        nik = parse_nik("1701054101900001") if i % 2 else None
        ticket = kiosk.desk.issue("paspor_baru", Lane.REGULAR, nik)
        print("issued", ticket.id, ticket.number, flush=True)
    while True:
        try:
            if not kiosk.worker.run_once() and not kiosk.outbox.counts()["pending"]:
                print("drained", flush=True)
                return
        except LinkDown:
            pass


if __name__ == "__main__":
    main()
