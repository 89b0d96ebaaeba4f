"""Run in a real central's process (``python -m tests.central_dashboard.call_between_reads
CONFIG``) on the "today" seed: a counter calls a waiting ticket for the first time between the
report's two reads of today's events. Prints the tickets the tally counted, as JSON."""

from __future__ import annotations

import json
import sys


def main(config: str) -> None:
    from kiosk_central.cli import setup

    setup(config)
    from zoneinfo import ZoneInfo

    from kiosk_central.dashboard import adapter
    from kiosk_central.queue.models import Counter, Office, Ticket, TicketEvent

    office = Office.objects.order_by("id").first()
    waiting = Ticket.objects.filter(office=office, state=Ticket.State.WAITING).order_by("id")[0]
    calls = []

    def rows(queryset, *args):
        calls.append(1)
        if len(calls) == 2:  # after the times per ticket, before the calls' counter and staff
            counter = Counter.objects.filter(office=office).first()
            TicketEvent.objects.create(
                ticket=waiting, kind=TicketEvent.Kind.CALLED, counter=counter
            )
        yield from adapter.read_rows(queryset, *args)

    day = waiting.day
    tallies = adapter.queue_tallies(office.id, day, day, ZoneInfo(office.time_zone), read=rows)
    print(json.dumps({"tickets": sum(t.every.tickets for t in tallies.values())}))


if __name__ == "__main__":
    main(sys.argv[1])
