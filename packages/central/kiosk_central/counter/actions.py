"""What counter staff do to tickets: each action one transaction under the office's lock
(``SELECT ... FOR UPDATE`` on the office row on PostgreSQL; on SQLite every transaction begins
IMMEDIATE, which holds the database's write lock), checked against the state it finds there,
and written as one TicketEvent with the counter and the staff member. Two counters pressing
Call next at once are served one after the other and never get the same ticket; a stale page
acting on a ticket that has moved on is refused with a message and changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosk_central.calling import queue
from kiosk_central.counter.models import Press
from kiosk_central.live.bus import bus
from kiosk_central.queue.models import Counter, Office, Ticket, TicketEvent
from kiosk_central.queue.writer import writer


class Refused(Exception):
    """An action that cannot be done: the message is for the person at the counter."""


def _lock_office(counter: Counter) -> None:
    Office.objects.select_for_update().filter(pk=counter.office_id).values_list("pk").first()


def _event(view: queue.TicketView, kind: str, counter: Counter, staff, **extra) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=view.ticket, kind=kind, counter=counter, staff=staff, at=timezone.now(), **extra
    )


def _set_state(view: queue.TicketView, state: str) -> None:
    # the row only: the view is the held day's, which holds what is committed (its next
    # advance reads this ticket's row again, with the event written beside it)
    Ticket.objects.filter(pk=view.ticket.pk).update(state=state)


def _held(d: queue.Day, counter: Counter, ticket_uid: str) -> queue.TicketView:
    """The ticket this counter holds, which must be the one the page acted on."""
    held = d.held_by(counter.pk)
    if held is None or held.uid != str(ticket_uid):
        mine = held.ticket.number if held else None
        target = next((v for v in d.tickets.values() if v.uid == str(ticket_uid)), None)
        if target is not None and target.ticket.state == Ticket.State.CALLED and target.holder:
            raise Refused(
                _("Number %(number)s is being served at loket %(loket)s, not here.")
                % {"number": target.ticket.number, "loket": target.holder.number}
            )
        if target is not None:
            raise Refused(
                _("Number %(number)s is already %(state)s: nothing changed.")
                % {"number": target.ticket.number, "state": target.ticket.get_state_display()}
            )
        if mine:
            raise Refused(_("This page was out of date: you are serving %s.") % mine)
        raise Refused(_("This loket is not serving anyone."))
    return held


def run(action: str, counter: Counter, staff, key: str = "", **kwargs) -> TicketEvent:
    """Do ``action`` at ``counter`` for ``staff``: one transaction, one event.

    ``key`` names one press of a button: a press already done under it (its answer lost to a
    dropped connection, then sent again) is not done twice; its event is returned again."""
    with writer(), transaction.atomic():
        _lock_office(counter)
        # the office's day this process holds, brought up to date under the lock (the events
        # since it was read, not the whole day again): read, never changed here
        with queue.held(counter.office) as d:
            return _run(d, action, counter, staff, key, **kwargs)


def _run(d: queue.Day, action: str, counter: Counter, staff, key: str, **kwargs) -> TicketEvent:
    if key:
        done_before = Press.objects.filter(key=key).select_related("event__ticket").first()
        if done_before is not None:
            if done_before.action != action or done_before.event.counter_id != counter.pk:
                raise Refused(_("This page was out of date: nothing changed."))
            return done_before.event
    event = ACTIONS[action](d, counter, staff, **kwargs)
    if key:
        Press.forget_old()
        Press.objects.create(key=key, event=event, action=action)
    # the pages hear of it now, not at the next poll (once this answer and the next are out)
    transaction.on_commit(lambda: bus().poke(settle=True))
    return event


def call_next(d: queue.Day, counter: Counter, staff, services=None) -> TicketEvent:
    held = d.held_by(counter.pk)
    if held is not None:
        raise Refused(_("Finish %s first (Done, No-show or Transfer).") % held.ticket.number)
    served = d.counter_services.get(counter.pk, frozenset())
    if services is not None:  # the services chosen for this shift, within the counter's own
        served = served & frozenset(services)
    order = d.order_for(counter.pk, served, limit=1)  # the first: the rest stays unordered
    if not order:
        raise Refused(_("Nobody is waiting for this loket's services."))
    chosen = order[0]
    _set_state(chosen, Ticket.State.CALLED)
    return _event(chosen, TicketEvent.Kind.CALLED, counter, staff)


def call_again(d: queue.Day, counter: Counter, staff, ticket: str) -> TicketEvent:
    held = _held(d, counter, ticket)
    return _event(held, TicketEvent.Kind.RECALLED, counter, staff)


def no_show(d: queue.Day, counter: Counter, staff, ticket: str) -> TicketEvent:
    held = _held(d, counter, ticket)
    needed = d.office.calls_before_no_show
    if held.calls < needed:
        raise Refused(
            _("Call %(number)s again first: called %(calls)d of %(needed)d times.")
            % {"number": held.ticket.number, "calls": held.calls, "needed": needed}
        )
    _set_state(held, Ticket.State.NO_SHOW)
    return _event(held, TicketEvent.Kind.NO_SHOW, counter, staff)


def done(d: queue.Day, counter: Counter, staff, ticket: str) -> TicketEvent:
    held = _held(d, counter, ticket)
    _set_state(held, Ticket.State.DONE)
    return _event(held, TicketEvent.Kind.DONE, counter, staff)


def transfer(d: queue.Day, counter: Counter, staff, ticket: str, service: str) -> TicketEvent:
    held = _held(d, counter, ticket)
    target = next((s for s in d.services.values() if s.code == service and s.enabled), None)
    if target is None or target.pk == held.service.pk:
        raise Refused(_("Choose another service to transfer to."))
    _set_state(held, Ticket.State.WAITING)  # its queued_at, its place, is kept
    return _event(held, TicketEvent.Kind.TRANSFERRED, counter, staff, to_service=target)


def late_recall(d: queue.Day, counter: Counter, staff, number: str) -> TicketEvent:
    number = number.strip().upper()
    if len(number) > 1 and number[1:].isdigit():
        number = f"{number[0]}-{number[1:]}"  # typed without the dash: A007
    if d.held_by(counter.pk) is not None:
        raise Refused(_("Finish %s first.") % d.held_by(counter.pk).ticket.number)
    found = [v for v in d.tickets.values() if v.ticket.number == number]
    if not found:
        raise Refused(_("No ticket %s today.") % (number[:8] or "?"))
    view = found[0]
    if view.ticket.state != Ticket.State.NO_SHOW or view.no_show_at is None:
        raise Refused(
            _("Number %(number)s is %(state)s, not a no-show.")
            % {"number": view.ticket.number, "state": view.ticket.get_state_display()}
        )
    tolerance = d.office.late_tolerance_minutes
    late = (d.now - view.no_show_at).total_seconds() / 60
    if late > tolerance:
        raise Refused(
            _("Number %(number)s was marked no-show %(late)d minutes ago (tolerance %(tol)d).")
            % {"number": view.ticket.number, "late": late, "tol": tolerance}
        )
    _set_state(view, Ticket.State.CALLED)
    return _event(view, TicketEvent.Kind.RECALLED, counter, staff, note="late")


ACTIONS = {
    "call_next": call_next,
    "call_again": call_again,
    "no_show": no_show,
    "done": done,
    "transfer": transfer,
    "late_recall": late_recall,
}
