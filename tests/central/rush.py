"""A morning rush, shared by the load test and ``scripts/bench --only central-rush``: an office
where ``waiting`` people already wait across its services while ten counters call, and kiosks
posting tickets exactly as a kiosk does (``POST /api/v1/tickets``, a fresh key each)."""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
import uuid

import requests

from tests.central.api import ticket_body
from tests.central.conftest import Central

SERVICES = ("paspor_baru", "penggantian", "hilang_rusak", "izin_tinggal", "informasi")

# Run in the central's own process (Central.python): rows as the API and the counters write
# them, in bulk, so a seed of thousands takes a second. Ten counters: the demo's three and
# seven more; each served a few visitors this morning and holds one now.
SEED = """
import django, random, uuid
from datetime import timedelta
django.setup()
from django.db import transaction
from django.utils import timezone
from layanan_rules.queue_numbers import format_number
from kiosk_central.queue.models import Counter, DayCounter, Office, Service, Ticket, TicketEvent

WAITING, SERVED = {waiting}, 5
rng = random.Random(26)
office = Office.objects.order_by("pk").first()
services = list(Service.objects.filter(office=office).order_by("order"))
for n in range(4, 11):
    c, made = Counter.objects.get_or_create(office=office, number=n)
    if made:
        c.services.set(rng.sample(services, 2))
counters = list(Counter.objects.filter(office=office))
now = timezone.now()
day = office.local_now().date()
last = DayCounter.objects.filter(day=day).values_list("service_id", "last")
seqs = {{s.pk: dict(last).get(s.pk, 0) for s in services}}
tickets, events = [], []

def ticket(service, lane, at, state):
    seqs[service.pk] += 1
    t = Ticket(uid=uuid.uuid4(), office=office, service=service, day=day, seq=seqs[service.pk],
               number=format_number(service.prefix, seqs[service.pk]), lane=lane,
               source="walk_in", origin="central", issued_at=at, received_at=at, queued_at=at,
               state=state)
    tickets.append(t)
    return t

start = now - timedelta(hours=2)
served = []
for c in counters if {serving} else []:
    mine = list(c.services.all())
    for i in range(SERVED + 1):
        at = start + timedelta(minutes=2 * i + c.number)
        t = ticket(rng.choice(mine), "regular", at, "done" if i < SERVED else "called")
        served.append((t, c, at))
for i in range(WAITING):
    at = start + timedelta(seconds=i * 7200 / WAITING)
    lane = "priority" if rng.random() < 0.1 else "regular"
    ticket(rng.choice(services), lane, at, "waiting")
with transaction.atomic():
    Ticket.objects.bulk_create(tickets, batch_size=500)
    for t in tickets:
        events.append(TicketEvent(ticket=t, kind="issued", at=t.queued_at))
    for t, c, at in served:
        called = at + timedelta(minutes=1)
        events.append(TicketEvent(ticket=t, kind="called", counter=c, at=called))
        if t.state == "done":
            events.append(TicketEvent(ticket=t, kind="done", counter=c,
                                      at=called + timedelta(minutes=rng.uniform(4, 15))))
    events.sort(key=lambda e: e.at)
    TicketEvent.objects.bulk_create(events, batch_size=500)
    for s in services:
        DayCounter.objects.update_or_create(service=s, day=day, defaults={{"last": seqs[s.pk]}})
print(len(tickets))
"""


def seed(c: Central, waiting: int = 1000, serving: bool = True) -> None:
    """``waiting`` more tickets waiting; ``serving``: the counters' visitors this morning too
    (each counter then holds one more: once a day)."""
    done = c.python(SEED.format(waiting=waiting, serving=serving))
    assert done.returncode == 0, done.stderr[-2000:]


def kiosks(c: Central, count: int, block: int = 5000) -> list[str]:
    """``count`` registered kiosks' tokens (their offline blocks above a day's 4,999 central
    numbers a service, out of a rush's way)."""
    return [
        c.register(f"r{i:03d}", "--block-start", str(block + 10 * i), "--block-size", "10")
        for i in range(count)
    ]


def post_tickets(c: Central, tokens: list[str], each: int) -> tuple[list[float], list[str], float]:
    """Every kiosk posts ``each`` tickets, the next the moment the last is answered (a closed
    loop): each answer's seconds in the order they came, the failures, and the wall time."""
    times: list[float] = []
    failures: list[str] = []
    barrier = threading.Barrier(len(tokens) + 1)
    lock = threading.Lock()

    def kiosk(i: int) -> None:
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {tokens[i]}"
        barrier.wait()
        for n in range(each):
            body = ticket_body(f"r{i:03d}", SERVICES[(i + n) % len(SERVICES)])
            start = time.perf_counter()
            try:
                reply = s.post(
                    c.url + "/tickets",
                    json=body,
                    timeout=60,
                    headers={"Idempotency-Key": str(uuid.uuid4())},
                )
                ok = reply.status_code == 201
                failure = "" if ok else f"{reply.status_code} {reply.text[:120]}"
            except requests.RequestException as exc:
                failure = type(exc).__name__
            took = time.perf_counter() - start
            with lock:
                times.append(took)
                if failure:
                    failures.append(failure)
        s.close()

    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(len(tokens))]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return times, failures, time.perf_counter() - start


def p99(samples: list[float]) -> float:
    xs = sorted(samples)
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


# In the central's process: the time each ticket holds the office's write lock, from the
# transaction's first lock (SQLite: BEGIN IMMEDIATE has just taken the database's; PostgreSQL:
# the kiosk's row) to its COMMIT, through the real view with Django's test client.
LOCK_TIME = """
import django, json, time, uuid
django.setup()
from django.db import connection, transaction
from django.test import Client
from kiosk_central.api import records, views
held, work, row, marks = [], [], [], {{}}
taken, counted = views._lock, records._count_on
def timed_lock(kiosk):
    marks["start"] = start = time.perf_counter()
    taken(kiosk)
    transaction.on_commit(lambda: held.append(time.perf_counter() - start))
views._lock = timed_lock
def timed_count(service_id, day):
    start = time.perf_counter()
    transaction.on_commit(lambda: row.append(time.perf_counter() - start))
    return counted(service_id, day)
records._count_on = timed_count
client = Client(HTTP_AUTHORIZATION="Bearer {token}", HTTP_HOST="127.0.0.1")
services = {services!r}
def one(n):
    body = {{"id": str(uuid.uuid4()), "kiosk_id": "{kiosk}", "service_code": services[n % 5],
            "lane": "regular", "source": "walk_in", "issued_at": "2026-12-04T09:00:00+07:00",
            "clock_synced": True}}
    reply = client.post("/api/v1/tickets", json.dumps(body), content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert reply.status_code == 201, reply.content
one(0)
commit = connection.commit
def timed_commit():
    work.append(time.perf_counter() - marks["start"])
    commit()
connection.commit = timed_commit
for n in range({count}):
    one(n)
seen = []
def count(execute, sql, params, many, context):
    if not sql.startswith(("BEGIN", "COMMIT")):
        seen.append(connection.in_atomic_block)
    return execute(sql, params, many, context)
with connection.execute_wrapper(count):
    one(1)
sql, under = len(seen), sum(seen)
print(json.dumps([held, work, sql, under, row]))
"""


def lock_times(c: Central, token: str, kiosk: str, count: int) -> list:
    """[lock held to after COMMIT (s)], [lock held to COMMIT's start (s)], statements in a
    ticket's request, statements under the lock (BEGIN and COMMIT not counted), [the day's
    counter row held to after COMMIT (s)]: on PostgreSQL the lock other kiosks' tickets of
    the service wait on (the kiosk's own row, taken first, only its own requests)."""
    import json

    script = LOCK_TIME.format(token=token, kiosk=kiosk, count=count, services=SERVICES)
    done = c.python(script)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _group(pid: int) -> list[str]:
    """The server's processes: its process group (the arbiter and its workers)."""
    import os

    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.getpgid(int(entry)) == pid:
                found.append(entry)
        except (OSError, ProcessLookupError):
            continue
    return found


def rss_mb(pid: int) -> float:
    """The resident memory of the server, MB."""
    total = 0
    for entry in _group(pid):
        try:
            with open(f"/proc/{entry}/status") as f:
                total += sum(int(x.split()[1]) for x in f if x.startswith("VmRSS:"))
        except OSError:
            continue
    return total / 1024


def cpu_s(pid: int) -> float:
    """The CPU time the server used so far (user and system), s: on a shared machine, what a
    ticket costs is its CPU time, not its wall time."""
    import os

    total = 0
    for entry in _group(pid):
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total / os.sysconf("SC_CLK_TCK")


class SlowClients:
    """``count`` connections sending a request's headers one byte a second (slowloris), for as
    long as they are open: what a careless or hostile client does to a server's workers."""

    def __init__(self, port: int, count: int) -> None:
        import socket

        self.stop = threading.Event()
        self.socks = []
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            self.socks.append(s)
        self.thread = threading.Thread(target=self._dribble, daemon=True)
        self.thread.start()

    def _dribble(self) -> None:
        while not self.stop.wait(1.0):
            for s in self.socks:
                with contextlib.suppress(OSError):
                    s.sendall(b"a")

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for s in self.socks:
            s.close()


# --- Call next with the queue as it is (issue 26, goal 4) ---------------------------------
STAFF_PASSWORD = "rush-loket-1"
STAFF = """
import django
django.setup()
from django.contrib.auth.models import User
from kiosk_central.queue.models import Counter, Office
if not User.objects.filter(username="rush").exists():
    User.objects.create_superuser("rush", "rush@example.org", "{password}")
office = Office.objects.order_by("pk").first()
for c in Counter.objects.filter(office=office).order_by("number"):
    print(c.pk, ",".join(str(s) for s in c.services.values_list("pk", flat=True)))
"""


def counter_sessions(c: Central) -> list[requests.Session]:
    """A signed-in session at each of the office's counters (all their services), as the
    counter page has it."""
    done = c.python(STAFF.format(password=STAFF_PASSWORD))
    assert done.returncode == 0, done.stderr[-2000:]
    base = f"http://127.0.0.1:{c.port}"
    sessions = []
    for line in done.stdout.split("\n"):
        if not line.strip():
            continue
        counter, services = line.split()
        s = requests.Session()
        s.get(base + "/masuk/", timeout=30)
        form = {"username": "rush", "password": STAFF_PASSWORD}
        s.post(base + "/masuk/", data={**form, "csrfmiddlewaretoken": s.cookies["csrftoken"]})
        chosen = {"counter": counter, "services": services.split(",")}
        s.post(
            base + "/loket/pilih",
            data={**chosen, "csrfmiddlewaretoken": s.cookies["csrftoken"]},
            timeout=30,
        )
        s.headers["Accept"] = "application/json"  # as the page's script sends its presses
        sessions.append(s)
    return sessions


def press(c: Central, s: requests.Session) -> tuple[float, float, str]:
    """The counter of ``s`` finishes its visitor (not timed) and presses Call next as the page
    does: the seconds to the press's answer and to the panel the page fetches next, and the
    failure ("" for none)."""
    import re

    base = f"http://127.0.0.1:{c.port}"
    token = s.cookies["csrftoken"]
    panel = s.get(base + "/loket/panel", timeout=60).text
    held = re.search(r'name="ticket" value="([0-9a-f-]+)"', panel)
    if held:
        s.post(
            base + "/loket/aksi/done",
            data={"ticket": held.group(1), "csrfmiddlewaretoken": token},
            timeout=60,
        )
    start = time.perf_counter()
    reply = s.post(
        base + "/loket/aksi/call_next",
        data={"key": uuid.uuid4().hex, "csrfmiddlewaretoken": token},
        timeout=60,
    )
    called = time.perf_counter() - start
    answer = reply.json() if reply.status_code == 200 else {}
    failure = "" if answer.get("level") == "success" else f"{reply.status_code} {reply.text[:120]}"
    start = time.perf_counter()
    s.get(base + "/loket/panel", timeout=60)
    return called, time.perf_counter() - start, failure


def call_next_times(c: Central, presses: int) -> tuple[list[float], list[float], list[str]]:
    """Counters in turn press Call next (:func:`press`) ``presses`` times: the seconds to each
    press's answer, to the panel after it, and the failures. Each counter presses once
    first, not timed (a server process reads the day once)."""
    sessions = counter_sessions(c)
    calls: list[float] = []
    panels: list[float] = []
    failures: list[str] = []
    warm = len(sessions)
    for n in range(warm + presses):
        called, panel, failure = press(c, sessions[n % len(sessions)])
        if n >= warm:
            calls.append(called)
            panels.append(panel)
            failures += [failure] if failure else []
    return calls, panels, failures
