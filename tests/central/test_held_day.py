"""The day a process holds and brings up to date by the events since (issue 26) gives exactly
what reading and replaying the whole day gives: after each of a random mix of tickets issued
and voided, calls, recalls, no-shows, late recalls, transfers and done, and a supervisor's
change of a counter, every ticket's state, service, holder, calls, place and wait, and the
counters' streaks, last actions and service times, on both engines."""

from __future__ import annotations

import json

from tests.central import rush

# In the central's own process: the real paths (the kiosk API through Django's test client,
# the counters' actions), the held day compared with a fresh whole read after each step.
MIX = """
import django, json, random, uuid
django.setup()
from datetime import datetime
from zoneinfo import ZoneInfo
from django.contrib.auth.models import User
from django.test import Client
from kiosk_central.calling import queue
from kiosk_central.counter import actions
from kiosk_central.queue.models import Counter, Office, Service, Ticket, TicketEvent

rng = random.Random({seed})
office = Office.objects.order_by("pk").first()
staff = User.objects.create_superuser("mix", "mix@example.org", "mix-pw")
client = Client(HTTP_AUTHORIZATION="Bearer {token}", HTTP_HOST="127.0.0.1")
codes = list(Service.objects.filter(office=office).values_list("code", flat=True))
counters = list(Counter.objects.filter(office=office).order_by("number"))
mine = []
done = {{}}  # what the mix did, by kind
advanced = []
advance = queue.advance
def counted(d, now=None, config=True):
    advanced.append(advance(d, now, config))
    return advanced[-1]
queue.advance = counted

def did(kind):
    done[kind] = done.get(kind, 0) + 1

def state(d):
    tickets = {{
        pk: (v.ticket.state, v.service.pk, v.holder.pk if v.holder else None, v.calls,
             v.called_at, v.no_show_at, v.ahead, v.wait, v.naive)
        for pk, v in d.tickets.items()
    }}
    desks = sorted((k.key, sorted(k.services), round(k.free_in, 6)) for k in d.desks)
    minutes = {{k: round(v, 9) for k, v in d.service_minutes.items()}}
    return (tickets, d.streak, d.last_action, minutes, d.last_ticket, d._slots,
            d.counter_services, desks, d.recent_calls())

def calls_read():
    # the boards' latest calls as the database has them (what the snapshot read until the
    # day kept them): the day's calls and recalls at a counter, newest id first
    today = office.local_now().date()
    events = TicketEvent.objects.filter(ticket__office=office, ticket__day=today,
                                        kind__in=queue.CALLS, counter__isnull=False)
    return list(events.order_by("-id").values_list("id", "ticket_id", "counter_id", "at",
                                                   "kind")[:queue.RECENT_CALLS])

def compare(step):
    with queue.held(office) as held:
        d = held.copy()
    queue.estimate(d)
    fresh = queue.load(Office.objects.get(pk=office.pk), now=d.now)  # as the admin left it
    a, b = state(d), state(fresh)
    if a != b:
        names = ("tickets", "streak", "last_action", "minutes", "last_ticket", "slots",
                 "counter_services", "desks", "calls")
        found = []
        for name, x, y in zip(names, a, b):
            if x != y and name == "tickets":
                diff = {{k: (x.get(k), y.get(k)) for k in set(x) | set(y) if x.get(k) != y.get(k)}}
                found.append(f"tickets differ {{list(diff.items())[:3]}}")
            elif x != y:
                found.append(f"{{name}} differs: {{x}} against {{y}}")
        raise SystemExit(f"step {{step}}: " + "; ".join(found))
    if d.recent_calls() != calls_read():
        raise SystemExit(f"step {{step}}: calls {{d.recent_calls()}} against {{calls_read()}}")
    return len(d.waiting())

def issue():
    body = {{"id": str(uuid.uuid4()), "kiosk_id": "r000", "service_code": rng.choice(codes),
            "lane": rng.choice(["regular"] * 4 + ["priority"]), "source": "walk_in",
            "issued_at": datetime.now(ZoneInfo("Asia/Jakarta")).isoformat(),
            "clock_synced": True}}
    reply = client.post("/api/v1/tickets", json.dumps(body), content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert reply.status_code == 201, reply.content
    mine.append(reply.json()["id"])
    did("issued")

def void():
    waiting = [u for u in mine if Ticket.objects.filter(uid=u, state="waiting").exists()]
    if waiting:
        reply = client.post(f"/api/v1/tickets/{{rng.choice(waiting)}}/void", "{{}}",
                            content_type="application/json",
                            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
        assert reply.status_code == 200, reply.content
        did("voided")

def held_ticket(c):
    with queue.held(office) as d:
        v = d.held_by(c.pk)
        return (str(v.ticket.uid), v.calls) if v else (None, 0)

def counter_step():
    c = rng.choice(counters)
    uid, calls = held_ticket(c)
    try:
        if uid is None:
            no_shows = list(Ticket.objects.filter(office=office, state="no_show"))
            if no_shows and rng.random() < 0.3:
                actions.run("late_recall", c, staff, number=rng.choice(no_shows).number)
                return did("late_recall")
            actions.run("call_next", c, staff)
            return did("call_next")
        choice = rng.random()
        if choice < 0.45:
            actions.run("done", c, staff, ticket=uid)
            did("done")
        elif choice < 0.6:
            actions.run("call_again", c, staff, ticket=uid)
            did("call_again")
        elif choice < 0.75:
            for _ in range(max(0, office.calls_before_no_show - calls)):
                actions.run("call_again", c, staff, ticket=uid)
            actions.run("no_show", c, staff, ticket=uid)
            did("no_show")
        else:
            actions.run("transfer", c, staff, ticket=uid, service=rng.choice(codes))
            did("transfer")
    except actions.Refused:
        did("refused")  # nothing changed, still compared

def supervisor():
    # as the admin saves them: what a counter serves, whether it is open, a service's time,
    # the office's priority ratio (the held day reads them again only when the office's
    # config_version moved)
    c = rng.choice(counters)
    c.services.set(rng.sample(list(Service.objects.filter(office=office)), 2))
    other = Counter.objects.get(pk=rng.choice(counters).pk)
    other.active = rng.random() < 0.8
    other.save()
    s = rng.choice(list(Service.objects.filter(office=office)))
    s.average_minutes = rng.choice([6.0, 8.0, 12.0])
    s.save()
    o = Office.objects.get(pk=office.pk)
    o.priority_ratio = rng.choice([1, 2, 3])
    o.save()
    did("supervisor")

compare("start")
kinds = [issue] * 4 + [counter_step] * 5 + [void, supervisor]
for step in range({steps}):
    rng.choice(kinds)()
    if step % {every} == 0:
        waiting = compare(step)
print(json.dumps({{"steps": {steps}, "waiting": waiting, "done": done,
                  "advanced": advanced.count(True), "read_whole": advanced.count(False)}}))
"""


def test_the_held_day_is_the_whole_days_replay(central):
    token = rush.kiosks(central, 1)[0]
    rush.seed(central, 300)  # priority tickets among them, ten counters holding one each
    done = central.python(MIX.format(seed=26, token=token, steps=240, every=2))
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-2000:]
    mix = json.loads(done.stdout.strip().splitlines()[-1])
    kinds = ("issued", "voided", "call_next", "call_again", "no_show", "late_recall", "transfer")
    assert all(mix["done"].get(kind) for kind in (*kinds, "done", "supervisor")), mix
    # brought up to date by the events every time, never read whole again
    assert mix["advanced"] > 200 and mix["read_whole"] == 0, mix
