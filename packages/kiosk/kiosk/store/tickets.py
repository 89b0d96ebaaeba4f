"""Tickets in SQLite: the number is allocated and the ticket committed in one transaction.

Numbers never repeat within one real office day, whatever the clock did. A Pi has no battery
clock: until NTP syncs it says yesterday (fake-hwclock) or 1970, or even a day ahead. So:

- the day a ticket is numbered under (``tickets.day``) is the clock's day when the clock is
  synced; unsynced, it is never earlier than the day of the last ticket this kiosk numbered
  (an unsynced morning continues yesterday's sequence: B-046, B-047);
- tickets numbered unsynced since the last synced ticket of an earlier day may belong to any
  real day from then on, today included: their numbers are skipped on any day other than the
  one they were filed under (today runs B-001 ... B-045, B-048);
- such tickets are marked (``clock_synced`` 0) and carry their sequence to the central, which
  reconciles them by its own clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from kiosk.domain.outbox import OutboxEntry
from kiosk.domain.tickets import Allocation, Source, Ticket, TicketDraft
from kiosk.store.database import Database
from kiosk.store.outbox import add_entries
from layanan_rules.queue_numbers import format_number, parse_number
from layanan_rules.services import Lane, Service, ServiceCatalogue, UnknownService

log = logging.getLogger(__name__)


class SqliteTicketStore:
    """``local_floor``: where the kiosk's own numbers start. Standalone, 0 (A-001 on); with a
    central API, the kiosk's offline block (e.g. 800: A-801 on), which the central's own
    numbering never reaches, so a ticket issued offline cannot collide with one it issued."""

    def __init__(
        self,
        db: Database,
        services: ServiceCatalogue,
        local_floor: int = 0,
        gate: Callable[..., None] | None = None,
    ) -> None:
        self._db = db
        self._services = services
        self.local_floor = local_floor
        # Hours, cut-off and quota (kiosk.usecases.opening_state): asked with the day's count
        # in the transaction that commits the number, so the count cannot go stale between.
        self.gate = gate

    def hold(self, guard: OutboxEntry, delay_s: float) -> None:
        """Commit a record that fires only if not released within ``delay_s`` (see issue),
        timed on the monotonic clock: an NTP step cannot fire it early."""
        with self._db.transaction() as conn:
            add_entries(conn, [guard], hold_s=delay_s)

    def release(self, key: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM outbox WHERE key = ? AND state = 'held'", (key,))

    def issue(
        self,
        draft: TicketDraft,
        allocation: Allocation | None = None,
        records: Callable[[Ticket], list[OutboxEntry]] | None = None,
        release: str | None = None,
    ) -> Ticket:
        """A central ``allocation`` is used only if it is sound (see :meth:`_refuse`); else the
        ticket is numbered here, and ``records`` sees a ticket whose number is not the
        allocation's (the central's is then superseded)."""
        prefix = draft.service.prefix
        with self._db.transaction() as conn:
            day = self._numbering_day(conn, draft)
            if draft.booking_code:
                row = conn.execute(
                    "SELECT * FROM tickets WHERE day = ? AND booking_code = ?",
                    (day, draft.booking_code),
                ).fetchone()
                if row is not None:
                    return self._ticket(row)
            if release is not None:
                released = conn.execute(
                    "DELETE FROM outbox WHERE key = ? AND state = 'held'", (release,)
                ).rowcount
                if not released and allocation is not None:
                    # The void guard has fired: the central's number is (being) voided, so the
                    # visitor must not hold it.
                    log.warning("central answered after its void was sent: numbering it here")
                    allocation = None
            if allocation is not None:
                fault = self._refuse(conn, day, prefix, allocation.number)
                if fault:
                    log.warning("central fault: number %s %s: numbering it here", *fault)
                    allocation = None
            if self.gate is not None:
                # The central's number was given under its own (authoritative) rules and is
                # only counted; a number the kiosk gives itself passes the kiosk's rules.
                count = self._count(conn, day, draft.service.code, draft.lane)
                self.gate(draft, count, judge=allocation is None)
            if allocation is not None:
                number, n = allocation.number, parse_number(allocation.number)[1]
                origin = "central"
            else:
                n = self._next(conn, day, prefix)
                number = format_number(prefix, n)
                origin = "offline" if self.local_floor else "standalone"
            cur = conn.execute(
                """INSERT INTO tickets (id, day, prefix, n, number, service_code, lane, source,
                       issued_at, clock_synced, nik_last4, booking_code, booking_verified,
                       origin)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    draft.id,
                    day,
                    prefix,
                    n,
                    number,
                    draft.service.code,
                    str(draft.lane),
                    str(draft.source),
                    draft.issued_at.isoformat(),
                    int(draft.clock_synced),
                    draft.nik_last4,
                    draft.booking_code,
                    int(draft.booking_verified),
                    origin,
                ),
            )
            ticket = self._new_ticket(draft, number, cur.lastrowid, allocation)
            if records is not None:
                add_entries(conn, records(ticket))
        return ticket

    @staticmethod
    def _count(conn, day: str, service_code: str, lane: Lane) -> int:
        return conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE day = ? AND service_code = ? AND lane = ?",
            (day, service_code, str(lane)),
        ).fetchone()[0]

    def count(self, day: str, service_code: str, lane: Lane) -> int:
        """This kiosk's tickets of a service in a lane on ``day`` (for the screens)."""
        rows = self._db.query(
            "SELECT COUNT(*) FROM tickets WHERE day = ? AND service_code = ? AND lane = ?",
            (day, service_code, str(lane)),
        )
        return rows[0][0]

    @staticmethod
    def _numbering_day(conn, draft: TicketDraft) -> str:
        day = draft.issued_at.date().isoformat()
        if draft.clock_synced:
            return day
        last = conn.execute("SELECT day FROM tickets ORDER BY seq DESC LIMIT 1").fetchone()
        return max(day, last[0]) if last else day

    @staticmethod
    def _taken_elsewhere(conn, day: str, prefix: str) -> set[int]:
        """Numbers of unsynced tickets filed under another day that may be of real ``day``."""
        rows = conn.execute(
            """SELECT n FROM tickets WHERE prefix = ? AND day != ? AND clock_synced = 0
               AND seq > COALESCE((SELECT MAX(seq) FROM tickets
                                   WHERE clock_synced = 1 AND day < ?), 0)""",
            (prefix, day, day),
        ).fetchall()
        return {row[0] for row in rows}

    def _next(self, conn, day: str, prefix: str) -> int:
        n = conn.execute(
            "SELECT COALESCE(MAX(n), ?) + 1 FROM tickets WHERE day = ? AND prefix = ? AND n > ?",
            (self.local_floor, day, prefix, self.local_floor),
        ).fetchone()[0]
        taken = self._taken_elsewhere(conn, day, prefix)
        while n in taken:
            n += 1
        return n

    def _refuse(self, conn, day: str, prefix: str, number: str) -> tuple[str, str] | None:
        """Why the central's number cannot be the visitor's, or None if it can."""
        try:
            got, n = parse_number(number)
        except ValueError:
            return "?", "is not a queue number"
        if n < 1:
            return number, "is out of range"
        if got != prefix or number != format_number(prefix, n):
            return number, f"is not of the form {prefix}-001"
        if self.local_floor and n > self.local_floor:
            return number, f"is inside this kiosk's offline block ({self.local_floor + 1} on)"
        held = conn.execute(
            "SELECT 1 FROM tickets WHERE day = ? AND prefix = ? AND n = ?", (day, prefix, n)
        ).fetchone()
        if held is not None or n in self._taken_elsewhere(conn, day, prefix):
            return number, "is already held by a visitor today"
        return None

    @staticmethod
    def _new_ticket(
        draft: TicketDraft, number: str, seq: int, allocation: Allocation | None
    ) -> Ticket:
        return Ticket(
            id=draft.id,
            number=number,
            service=draft.service,
            lane=draft.lane,
            source=draft.source,
            issued_at=draft.issued_at,
            clock_synced=draft.clock_synced,
            sequence=seq,
            nik_last4=draft.nik_last4,
            booking_code=draft.booking_code,
            booking_verified=draft.booking_verified,
            people_ahead=allocation.people_ahead if allocation else None,
            estimated_wait_minutes=allocation.estimated_wait_minutes if allocation else None,
        )

    def record_print(self, ticket_id: str, ok: bool, error: str = "") -> None:
        with self._db.transaction() as conn:
            conn.execute(
                """UPDATE tickets SET print_state = ?, print_error = ?,
                       print_count = print_count + ? WHERE id = ?""",
                ("printed" if ok else "failed", error, int(ok), ticket_id),
            )

    def ticket_for_booking(self, day: str, booking_code: str) -> Ticket | None:
        rows = self._db.query(
            "SELECT * FROM tickets WHERE day = ? AND booking_code = ?", (day, booking_code)
        )
        return self._ticket(rows[0]) if rows else None

    def tickets_on(self, day: str) -> list[Ticket]:
        rows = self._db.query("SELECT * FROM tickets WHERE day = ? ORDER BY seq", (day,))
        return [self._ticket(row) for row in rows]

    def _service(self, code: str, prefix: str) -> Service:
        try:
            return self._services.get(code)
        except UnknownService:
            # A service removed from the config still names its old tickets.
            return Service(code, prefix, code, code)

    def _ticket(self, row) -> Ticket:
        return Ticket(
            id=row["id"],
            number=row["number"],
            service=self._service(row["service_code"], row["prefix"]),
            lane=Lane(row["lane"]),
            source=Source(row["source"]),
            issued_at=datetime.fromisoformat(row["issued_at"]),
            clock_synced=bool(row["clock_synced"]),
            sequence=row["seq"],
            nik_last4=row["nik_last4"],
            booking_code=row["booking_code"],
            booking_verified=bool(row["booking_verified"]),
        )
