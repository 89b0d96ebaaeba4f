"""A morning rush (issue 26): what a kiosk's ticket costs does not grow with the queue, and its
answer still gives the people ahead and the wait the calling rules give. Bounded: a few hundred
tickets, ratios inside one run, never an absolute time (the machine is shared)."""

from __future__ import annotations

import os
import time
import uuid

import requests

from kiosk_central.live import bus
from tests.central import rush
from tests.central.api import post, ticket_body

# The server's CPU a ticket, counters' calls and the boards' rebuilds included, with 1,500
# waiting against ten: what grows with the queue shows there whatever else the machine runs.
# Measured 1.35-1.47 (each call still rebuilds what the boards and the status pages show, and
# the waits a kiosk's answer starts from: work over the whole queue once a call); reading and
# replaying the whole day for each snapshot and each Call next gave 2.08-2.22, a replay for
# each ticket 5-10. The wall time's median (the ticket's own answer; the rebuilds run beside
# it) also holds waiting for a core and for other people's fsyncs: more room.
CPU_RATIO = 1.75
WALL_RATIO = 1.5


def _costs(central, tokens, sessions, rounds: int) -> tuple[list[float], float]:
    """``rounds`` of a kiosk's 20 tickets and one counter's Call next (a morning: the kiosks
    issue many tickets for each call): each ticket's seconds, and the median round's server
    CPU seconds a ticket, counter work included (its whole process group: the requests and the
    live bus rebuilding what the boards show after each call). The median round, not the mean:
    a collection of the whole heap or a timed rebuild of new tickets lands in one round or
    another by the clock (stop 36's CI measured 1.81 with the mean of four rounds, where runs
    here gave 1.0-1.46)."""
    times = []
    cpu = []
    for n in range(rounds):
        used = rush.cpu_s(central.proc.pid)
        took, failures, _ = rush.post_tickets(central, tokens, 20)
        assert not failures, failures[:3]
        times += took
        assert not rush.press(central, sessions[n % len(sessions)])[2]
        cpu.append((rush.cpu_s(central.proc.pid) - used) / len(took))
    return times, rush.median(cpu)


def test_a_tickets_cost_does_not_grow_with_the_queue(central):
    tokens = rush.kiosks(central, 1)
    rush.seed(central, 10)  # ten counters, each holding a visitor
    central.start()
    sessions = rush.counter_sessions(central)
    _costs(central, tokens, sessions, 2)  # warm: every module loaded, the day read once
    short, cpu_short = _costs(central, tokens, sessions, 5)
    rush.seed(central, 1500, serving=False)  # now 1,500 more wait
    _costs(central, tokens, sessions, 1)  # the server takes the 1,500 in once
    long, cpu_long = _costs(central, tokens, sessions, 5)
    wall = rush.median(long) / rush.median(short)
    cpu = cpu_long / cpu_short
    figures = (round(cpu, 2), round(wall, 2), cpu_short, cpu_long, os.getloadavg()[0])
    assert cpu < CPU_RATIO and wall < WALL_RATIO, figures


def test_the_answer_gives_the_place_the_calling_rules_give(central):
    """Each answer, counted from the snapshot and the tickets since, against the place the
    whole day's replay gives the same ticket once the snapshot holds it."""
    token = rush.kiosks(central, 1)[0]
    rush.seed(central, 200)  # priority tickets among them, so the ratio rule matters
    central.start()
    answers = []
    for _ in range(12):
        body = ticket_body("r000", "penggantian")
        reply = post(central.url, "/tickets", token, body, str(uuid.uuid4()))
        assert reply.status_code == 201, reply.text
        answers.append(reply.json())
    time.sleep(bus.ISSUED_S + 0.5)  # the bus rebuilds its snapshot: every ticket above is in it
    for answer in answers:
        place = requests.get(
            f"{central.url}/tickets/{answer['id']}/position",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()
        assert answer["people_ahead"] == place["people_ahead"], (answer, place)
        # the replay's clock moved on by a second or two: a minute's rounding apart at most
        assert abs(answer["estimated_wait_minutes"] - place["estimated_wait_minutes"]) <= 1
