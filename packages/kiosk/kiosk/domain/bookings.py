"""Online bookings checked in at the kiosk.

Where a booking is looked up is the :class:`~kiosk.domain.ports.CentralQueue`'s business: the
office's central API when there is one, else :class:`TrustingQueue`, which accepts any
well-formed code unverified (the office decided a scanned booking proof is enough).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kiosk.errors import KioskError


class BookingNotFound(KioskError, LookupError):
    """The central system does not know this code (or it is cancelled or for another office)."""


class CentralUnavailable(KioskError, ConnectionError):
    """The central system did not answer in time; the kiosk decides what to do offline."""


@dataclass(frozen=True)
class Booking:
    code: str
    service_code: str | None  # None: unknown until the visitor picks one (standalone)
    slot_start: datetime | None = None
    slot_end: datetime | None = None
    holder_masked: str = ""  # e.g. "BUDI S*****" or "**** **** **** 1234", from the central API
    verified: bool = False


class Timing(StrEnum):
    ON_TIME = "on_time"
    EARLY = "early"
    LATE = "late"
    UNKNOWN = "unknown"  # no slot known: accepted


@dataclass(frozen=True)
class SlotPolicy:
    early_minutes: float = 60.0
    late_minutes: float = 30.0

    def timing(self, booking: Booking, now: datetime) -> Timing:
        """Whether ``now`` is within the slot, widened by the office's tolerance.

        >>> from datetime import timezone
        >>> t = lambda h, m: datetime(2026, 11, 30, h, m, tzinfo=timezone.utc)
        >>> b = Booking("X", "a", t(9, 0), t(9, 30))
        >>> [SlotPolicy(30, 15).timing(b, now) for now in (t(8, 0), t(8, 45), t(9, 50))]
        [<Timing.EARLY: 'early'>, <Timing.ON_TIME: 'on_time'>, <Timing.LATE: 'late'>]
        """
        if booking.slot_start is None:
            return Timing.UNKNOWN
        end = booking.slot_end or booking.slot_start
        if now < booking.slot_start - timedelta(minutes=self.early_minutes):
            return Timing.EARLY
        if now > end + timedelta(minutes=self.late_minutes):
            return Timing.LATE
        return Timing.ON_TIME


class TrustingQueue:
    """Standalone: a well-formed booking code is taken on trust and marked unverified."""

    def lookup_booking(self, code: str) -> Booking:
        return Booking(code=code, service_code=None, verified=False)
