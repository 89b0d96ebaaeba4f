"""The live event bus: every change to the queue is a TicketEvent row (issued, called, recalled,
no-show, transferred, done, voided), so the table itself is the bus.

Each server process runs one poller thread that asks the database every ``POLL_S`` for the
events' high-water mark and, when it moved, rebuilds the snapshot of every office someone is
watching (one ``queue.load`` per office and change, however many pages watch) and wakes the
waiting streams. The pages' threads never touch the database while they stream, so 220 open
pages hold 220 idle threads but no database connections.

Why polling the table rather than PostgreSQL's LISTEN/NOTIFY: it is the same code on SQLite
(which has no notification across processes) and on PostgreSQL, across gunicorn's threads and
processes, with nothing to lose when a notification is missed; the cost is one indexed query
per process every 100 ms, and at most ``POLL_S`` of latency. The mark is the highest event id
plus the count of the last ids, because on PostgreSQL an id taken by a transaction that commits
later than a higher one would not move the highest id alone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import connection

log = logging.getLogger(__name__)
POLL_S = 0.1
REFRESH_S = 30.0  # rebuild anyway: estimates and "served for" move with the clock
WINDOW = 2000  # the recent ids counted with the mark


class Bus:
    def __init__(self, build: Callable[[int], dict], poll_s: float = POLL_S) -> None:
        self.build = build
        self.poll_s = poll_s
        self.cond = threading.Condition()
        self.mark: tuple[int, int] = (-1, -1)
        self.snapshots: dict[int, dict] = {}  # office id -> its snapshot
        self.built_at: dict[int, float] = {}
        self.generation = 0  # bumped on every rebuild: what streams wait on
        self._build_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._poked = threading.Event()

    # --- for pages ----------------------------------------------------------------------
    def snapshot(self, office_id: int) -> dict:
        """The office's current snapshot, built now if nobody watched it yet."""
        snap = self.snapshots.get(office_id)
        if snap is None and connection.in_atomic_block:
            # inside a write (a kiosk's ticket): it may see rows not yet committed, which
            # must never reach the pages; built for this caller only
            return self.build(office_id)
        if snap is None:
            with self._build_lock:
                snap = self.snapshots.get(office_id)
                if snap is None:
                    snap = self._rebuild(office_id)
        self._ensure_thread()
        return snap

    def poke(self) -> None:
        """A change committed in this process: poll now rather than at the next tick (the
        other processes still see it within ``poll_s``)."""
        self._poked.set()

    def wait(self, generation: int, timeout: float) -> int:
        """Block until a rebuild after ``generation`` (or ``timeout``); the new generation."""
        with self.cond:
            self.cond.wait_for(lambda: self.generation != generation, timeout)
            return self.generation

    # --- the poller ---------------------------------------------------------------------
    def _rebuild(self, office_id: int) -> dict:
        snap = self.build(office_id)
        with self.cond:
            self.snapshots[office_id] = snap
            self.built_at[office_id] = time.monotonic()
            self.generation += 1
            self.cond.notify_all()
        return snap

    def _read_mark(self) -> tuple[int, int]:
        with connection.cursor() as cur:
            cur.execute("SELECT MAX(id) FROM queue_ticketevent")
            top = cur.fetchone()[0] or 0
            cur.execute("SELECT COUNT(*) FROM queue_ticketevent WHERE id > %s", [top - WINDOW])
            return top, cur.fetchone()[0]

    def poll_once(self) -> None:
        mark = self._read_mark()
        moved = mark != self.mark
        self.mark = mark
        now = time.monotonic()
        for office_id in list(self.snapshots):
            if moved or now - self.built_at.get(office_id, 0) > REFRESH_S:
                with self._build_lock:
                    self._rebuild(office_id)

    def _run(self) -> None:
        while True:
            try:
                self.poll_once()
            except Exception:  # a database restart: say it once a try, keep polling
                log.exception("live bus: polling the events failed")
                connection.close()
                time.sleep(1.0)
            self._poked.wait(self.poll_s)
            self._poked.clear()

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            with self._build_lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(target=self._run, name="live-bus", daemon=True)
                    self._thread.start()


_BUS: Bus | None = None
_BUS_LOCK = threading.Lock()


def bus() -> Bus:
    """This process's bus (a gunicorn worker forks before any request: one per worker)."""
    global _BUS
    if _BUS is None:
        with _BUS_LOCK:
            if _BUS is None:
                from kiosk_central.live.snapshot import build

                _BUS = Bus(build)
    return _BUS
