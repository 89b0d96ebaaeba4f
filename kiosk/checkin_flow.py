"""One visitor's way from the first touch to a ticket in hand, without any UI code.

Screens call these methods and render the state they report; the desk's slow work (SQLite,
the printer) runs on the background worker, so a touch never waits on the disk or the paper.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.background import Background
from kiosk.domain.nik import Nik
from kiosk.domain.services import Lane
from kiosk.domain.tickets import PrintFailed, Ticket, TicketDesk

log = logging.getLogger(__name__)


@dataclass
class TicketCallbacks:
    issued: Callable[[Ticket], None]
    printed: Callable[[Ticket], None]
    print_failed: Callable[[Ticket, str], None]
    issue_failed: Callable[[BaseException], None]


class CheckInFlow:
    def __init__(self, desk: TicketDesk, background: Background) -> None:
        self.desk = desk
        self._background = background
        self.nik: Nik | None = None
        self.lane = Lane.REGULAR
        self.busy = False

    def reset(self) -> None:
        """Forget the visitor: called on Done, on idle timeout and on Home."""
        self.nik = None
        self.lane = Lane.REGULAR
        self.busy = False

    def take_ticket(self, service_code: str, callbacks: TicketCallbacks) -> bool:
        """Issue then print; False if a ticket is already on its way (a double tap)."""
        if self.busy:
            return False
        self.busy = True
        nik, lane = self.nik, self.lane

        def issued(ticket: Ticket) -> None:
            # The NIK is no longer needed once the ticket exists.
            self.nik = None
            callbacks.issued(ticket)
            self._print(ticket, callbacks)

        def failed(exc: BaseException) -> None:
            self.busy = False
            callbacks.issue_failed(exc)

        self._background.submit(
            self.desk.issue, service_code, lane, nik, on_done=issued, on_error=failed
        )
        return True

    def reprint(self, ticket: Ticket, callbacks: TicketCallbacks) -> None:
        """Only on the visitor's request: a retry never prints a ticket twice by itself."""
        self.busy = True
        self._print(ticket, callbacks)

    def _print(self, ticket: Ticket, callbacks: TicketCallbacks) -> None:
        def done(_: object) -> None:
            self.busy = False
            callbacks.printed(ticket)

        def failed(exc: BaseException) -> None:
            self.busy = False
            fault = exc.fault if isinstance(exc, PrintFailed) else "error"
            callbacks.print_failed(ticket, fault)

        self._background.submit(self.desk.print, ticket, on_done=done, on_error=failed)
