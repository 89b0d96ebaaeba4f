"""20 kiosks asking for numbers at once: no number twice, no gap, and every replay of a
request answers exactly what its first answer said."""

from __future__ import annotations

import threading
import uuid

from tests.central.api import post, ticket_body

KIOSKS, EACH = 20, 5


def test_twenty_kiosks_allocating_at_once(central):
    tokens = {f"k{i:02d}": central.register(f"k{i:02d}") for i in range(KIOSKS)}
    central.start()
    start = threading.Barrier(KIOSKS)
    first: dict[str, tuple[dict, str]] = {}
    errors: list[str] = []

    def kiosk(name: str, token: str) -> None:
        start.wait()
        for _ in range(EACH):
            key, body = str(uuid.uuid4()), ticket_body(name)
            reply = post(central.url, "/tickets", token, body, key)
            if reply.status_code != 201:
                errors.append(f"{name}: {reply.status_code} {reply.text[:200]}")
                continue
            first[key] = (reply.json(), token, body)

    threads = [threading.Thread(target=kiosk, args=item) for item in tokens.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(int(r["number"].split("-")[1]) for r, _, _ in first.values())
    assert numbers == list(range(1, KIOSKS * EACH + 1))  # no repeats, no gaps

    # Replays, also all at once: each gets its first answer's number, nothing new is stored.
    replies: dict[str, dict] = {}

    def replay(key, token, body):
        replies[key] = post(central.url, "/tickets", token, body, key).json()

    threads = [threading.Thread(target=replay, args=(k, t, b)) for k, (_, t, b) in first.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {k: r["number"] for k, r in replies.items()} == {
        k: r["number"] for k, (r, _, _) in first.items()
    }
    assert central.query("SELECT COUNT(*) FROM queue_ticket")[0][0] == KIOSKS * EACH


def at_once(copies: int, send) -> list:
    """``send()``'s replies, called by ``copies`` threads released together."""
    start = threading.Barrier(copies)
    replies: list = []

    def copy() -> None:
        start.wait()
        replies.append(send())

    threads = [threading.Thread(target=copy) for _ in range(copies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return replies


def test_copies_of_one_request_racing_store_one_ticket(central):
    """A kiosk's retry sent while its first copy is still in flight: every copy looks for a
    stored answer before the write lock and finds none; the ones that lose the race must answer
    the winner's number, store nothing and give back the number they drew."""
    token = central.register("k00")
    central.start()
    copies, rounds = 8, 5
    for n in range(rounds):
        key, body = str(uuid.uuid4()), ticket_body("k00")
        replies = at_once(copies, lambda b=body, k=key: post(central.url, "/tickets", token, b, k))
        assert [r.status_code for r in replies] == [201] * copies, [r.text for r in replies]
        assert {r.json()["number"] for r in replies} == {f"A-{n + 1:03d}"}
    assert central.query("SELECT COUNT(*) FROM queue_ticket")[0][0] == rounds
    assert central.query("SELECT COUNT(*) FROM queue_idempotentreply")[0][0] == rounds


def test_one_ticket_id_under_racing_keys_is_refused_as_existing(central):
    """Requests with one ticket id and different keys at once (a kiosk's offline copy and its
    online one): one is recorded; each other one is told the ticket exists, whether it saw
    it before the lock or ran into it at its INSERT."""
    token = central.register("k00")
    central.start()
    copies, rounds = 8, 5
    for _ in range(rounds):
        body = ticket_body("k00")
        replies = at_once(
            copies, lambda b=body: post(central.url, "/tickets", token, b, str(uuid.uuid4()))
        )
        codes = sorted(r.status_code for r in replies)
        assert codes == [201] + [409] * (copies - 1), [r.text for r in replies]
        assert {r.json()["error"] for r in replies if r.status_code == 409} == {"ticket_exists"}
    assert central.query("SELECT COUNT(*) FROM queue_ticket")[0][0] == rounds
