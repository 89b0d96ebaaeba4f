"""The live event bus: every change to the queue is a TicketEvent row (issued, called, recalled,
no-show, transferred, done, voided), so the table itself is the bus.

Each server process runs one poller thread that asks the database every ``POLL_S`` for the
events' high-water mark and, when it moved, rebuilds the snapshot of every office someone is
watching (one ``queue.load`` per office and change, however many pages watch) and wakes the
waiting streams (kiosk_central.live.stream: coroutines on the worker's event loop, no thread
and no database connection each).

Why polling the table rather than PostgreSQL's LISTEN/NOTIFY: it is the same code on SQLite
(which has no notification across processes) and on PostgreSQL, across gunicorn's threads and
processes, with nothing to lose when a notification is missed; the cost is one indexed query
per process every 100 ms, and at most ``POLL_S`` of latency. The mark is the highest event id
plus the count of the last ids, because on PostgreSQL an id taken by a transaction that commits
later than a higher one would not move the highest id alone.

In a morning rush the kiosks issue tickets many times a second. The mark moving, the bus
brings the office's held day up to date (kiosk_central.calling.queue.held: the events since,
not the day read again) and learns which events came: a call, a transfer, a void or a no-show
(what a board and a visitor's page must show at once) rebuilds at the next tick, new tickets
alone at most every ``ISSUED_S`` and never more than a twentieth of the time (a snapshot still
estimates every waiting ticket's wait). A kiosk's answer does not wait for it: it counts the
tickets issued since the snapshot (kiosk_central.live.place).

A counter's press in this process pokes the bus, which then waits for the presses to settle
(``SETTLE_S``, at most ``SETTLE_MAX_S``): the clerk's answers first, one rebuild for the burst.
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
ISSUED_S = 2.0  # only new tickets since the last rebuild: not sooner than this,
ISSUED_SHARE = 20  # nor sooner than 20 rebuilds' time: a twentieth of a core, however long
# the day's queue (a kiosk's answer counts the tickets since; a call rebuilds at once)
WINDOW = 2000  # the recent ids counted with the mark
# After a counter's press, the rebuild waits until no press came for this long: the press's
# answer and the page's next requests (the panel, a Call next right after Done) are served
# first rather than sharing the GIL with it, and a burst of presses is one rebuild. Never
# longer than SETTLE_MAX_S: the boards hear of a call that much later at most.
SETTLE_S = 0.025
SETTLE_MAX_S = 0.1


class Bus:
    def __init__(
        self,
        build: Callable[[int], dict],
        poll_s: float = POLL_S,
        changes: Callable[[int], tuple] | None = None,
    ) -> None:
        self.build = build
        # office id -> (version, acted) now; compared with a snapshot's "_version" (None: every
        # change counts as a call)
        self.changes = changes
        self.poll_s = poll_s
        self.cond = threading.Condition()
        self.mark: tuple[int, ...] = (-1, -1, -1, -1)
        self.pending: set[int] = set()  # offices with a change not rebuilt yet
        self.snapshots: dict[int, dict] = {}  # office id -> its snapshot
        self.built_at: dict[int, float] = {}
        self.build_s: dict[int, float] = {}  # how long the office's last rebuild took
        self.generation = 0  # bumped on every rebuild: what streams wait on
        self._build_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._poked = threading.Event()
        self._settle = False  # a poke asked for :data:`SETTLE_S` first
        self._urgent = False  # a poke asked for the rebuild at once
        self.listeners: list[Callable[[], None]] = []  # told of each rebuild (event loops)

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

    def poke(self, settle: bool = False) -> None:
        """A change committed in this process: poll now rather than at the next tick (the
        other processes still see it within ``poll_s``); ``settle``: after the presses settled
        (:data:`SETTLE_S`), unless a poke without it (a kiosk's answer waiting) comes first."""
        if settle:
            self._settle = True
        else:
            self._urgent = True
        self._poked.set()

    def wait(self, generation: int, timeout: float) -> int:
        """Block until a rebuild after ``generation`` (or ``timeout``); the new generation."""
        with self.cond:
            self.cond.wait_for(lambda: self.generation != generation, timeout)
            return self.generation

    # --- the poller ---------------------------------------------------------------------
    def _rebuild(self, office_id: int) -> dict:
        start = time.monotonic()
        snap = self.build(office_id)
        self.build_s[office_id] = time.monotonic() - start
        with self.cond:
            self.snapshots[office_id] = snap
            self.built_at[office_id] = time.monotonic()
            self.generation += 1
            self.cond.notify_all()
        for tell in list(self.listeners):
            try:
                tell()
            except RuntimeError:  # that event loop has closed (its worker is stopping)
                self.listeners.remove(tell)
        return snap

    def _read_mark(self) -> tuple[int, int, int, int]:
        """The highest event id and the count of the recent ids; the highest id and the count
        of the recent ones that are not an issue (a call, a transfer, a void...)."""
        with connection.cursor() as cur:
            cur.execute("SELECT MAX(id) FROM queue_ticketevent")
            top = cur.fetchone()[0] or 0
            cur.execute(
                "SELECT COUNT(*), MAX(CASE WHEN kind <> 'issued' THEN id END),"
                " COUNT(CASE WHEN kind <> 'issued' THEN 1 END)"
                " FROM queue_ticketevent WHERE id > %s",
                [top - WINDOW],
            )
            recent, acted_top, acted = cur.fetchone()
            return top, recent, acted_top or 0, acted

    def poll_once(self) -> None:
        mark = self._read_mark()
        # a newer call, transfer, void...: at once (only a rise: the window of recent ids
        # slides past the old ones as tickets are issued)
        called = mark[2] > self.mark[2]
        if mark != self.mark:
            self.pending = set(self.snapshots)
        self.mark = mark
        now = time.monotonic()
        for office_id in list(self.snapshots):
            age = now - self.built_at.get(office_id, 0)
            wait = max(ISSUED_S, ISSUED_SHARE * self.build_s.get(office_id, 0.0))
            acted = new = office_id in self.pending
            if new and not called and self.changes is not None:
                # which events came for this office (the mark is every office's, and its
                # window of recent ids slides past old calls as tickets are issued)
                version, acts = self.changes(office_id)
                built, built_acts = self.snapshots[office_id].get("_version", (-1, -1))
                new, acted = version != built, acts != built_acts
                if not new:
                    self.pending.discard(office_id)
            if (new and (acted or age >= wait)) or age > REFRESH_S:
                self.pending.discard(office_id)
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
            if self._poked.wait(self.poll_s) and self._settle:
                self._settled()
            self._settle = self._urgent = False
            self._poked.clear()

    def _settled(self) -> None:
        """Until no press came for :data:`SETTLE_S`, or :data:`SETTLE_MAX_S` passed."""
        until = time.monotonic() + SETTLE_MAX_S
        while not self._urgent:
            self._poked.clear()
            left = until - time.monotonic()
            if left <= 0 or not self._poked.wait(min(SETTLE_S, left)):
                return

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
                from kiosk_central.live.snapshot import build, changes

                _BUS = Bus(build, changes=changes)
    return _BUS
