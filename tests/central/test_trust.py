"""Issue 25: the central trusts no request. Staff pages answer only the staff networks, a
proxy's headers count only from the proxy, its files are its own, one lockout guards every
sign-in, staff act only in their offices, and a kiosk sees and changes only its own tickets."""

from __future__ import annotations

import os
import re
import signal
import stat
import time
import uuid

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.central.api import post, ticket_body


def configure(central, *lines: str) -> None:
    with open(central.config, "a") as f:
        f.write("\n".join(lines) + "\n")


def base(central) -> str:
    return f"http://127.0.0.1:{central.port}"


def restart(central) -> None:
    """Stop, start, and wait for an answer: a connection made while gunicorn's workers boot
    after a restart was seen reset (on PostgreSQL, two workers, a loaded machine)."""
    central.kill(signal.SIGTERM)
    central.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(base(central) + "/static/central/central.css", timeout=5)
            return
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# --- item 12: staff pages and the public ------------------------------------------------------
STAFF_PATHS = ("/", "/masuk/", "/admin/login/", "/loket/", "/dashboard/", "/display/")


def test_outside_the_staff_networks_staff_pages_are_refused_and_the_status_page_is_not(central):
    token = central.register("kiosk-01")
    central.start()
    body = ticket_body("kiosk-01")
    assert post(central.url, "/tickets", token, body, str(uuid.uuid4())).status_code == 201
    configure(central, 'staff_networks = ["10.9.9.0/24"]')  # loopback is not staff now
    restart(central)
    for path in STAFF_PATHS:
        page = requests.get(base(central) + path, timeout=30, allow_redirects=False)
        assert page.status_code == 403, path
        assert "khusus petugas kantor" in page.text and "jaringan kantor" in page.text, path
    headers = {"Authorization": f"Bearer {token}"}
    api = requests.get(central.url + "/services", timeout=30, headers=headers)
    assert api.status_code == 403 and api.json()["error"] == "staff_network_only"
    # The public status page of a real ticket answers anyone, and so do the static files.
    for path in ("", "/state"):
        reply = requests.get(f"{base(central)}/s/{body['id']}{path}", timeout=30)
        assert reply.status_code == 200, path
    assert requests.get(base(central) + "/static/central/central.css", timeout=30).ok


def test_a_forwarded_address_counts_only_from_the_trusted_proxy(bare_central):
    central = bare_central
    configure(central, 'staff_networks = ["10.9.9.0/24"]')
    central.setup().start()
    claimed = {"X-Forwarded-For": "10.9.9.7", "X-Forwarded-Proto": "https"}
    # No proxy configured: anyone could send the header, so it names nobody.
    assert requests.get(base(central) + "/masuk/", headers=claimed, timeout=30).status_code == 403
    configure(central, 'trusted_proxies = ["127.0.0.1"]')
    restart(central)
    page = requests.get(base(central) + "/masuk/", headers=claimed, timeout=30)
    assert page.status_code == 200
    # Behind the proxy the cookies go over HTTPS only.
    assert "secure" in page.headers["Set-Cookie"].lower()
    # The proxy appends the address it saw: an entry the client put before it counts for nothing.
    spoofed = {"X-Forwarded-For": "10.9.9.7, 203.0.113.9"}
    assert requests.get(base(central) + "/masuk/", headers=spoofed, timeout=30).status_code == 403
    outsider = {"X-Forwarded-For": "203.0.113.9"}
    assert requests.get(base(central) + "/masuk/", headers=outsider, timeout=30).status_code == 403


def test_staff_networks_must_be_networks(tmp_path):
    from tests.central.conftest import Central

    central = Central(tmp_path / "c")
    configure(central, 'staff_networks = ["kantor"]')
    result = central.cli("migrate", check=False)
    assert result.returncode == 2 and "central.staff_networks: 'kantor'" in result.stderr


# --- item 10: the central's files are its own -------------------------------------------------
def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_manual_serve_makes_its_files_private(engine, tmp_path, request):
    from tests.central.conftest import Central

    url = ""
    if engine == "postgresql":
        url = request.getfixturevalue("postgres").create(f"c{uuid.uuid4().hex[:12]}")
    central = Central(tmp_path / "central", url)
    old = os.umask(0o022)  # a technician's shell
    try:
        central.setup()
        state = central.root / "state"
        if not url:  # left readable by an older version: made private at the next start
            (state / "central.sqlite3").chmod(0o644)
        state.chmod(0o755)
        token = central.register("kiosk-01")
        central.start()
        reply = post(central.url, "/tickets", token, ticket_body("kiosk-01"), str(uuid.uuid4()))
        assert reply.status_code == 201
    finally:
        os.umask(old)
        central.kill()
    assert mode(state) == 0o700
    files = [p for p in state.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"secret_key"}
    if not url:
        assert {"central.sqlite3", "central.sqlite3-wal", "central.sqlite3-shm"} <= {
            p.name for p in files
        } or {"central.sqlite3"} <= {p.name for p in files}
    for path in files:
        assert mode(path) == 0o600, path.name


# --- item 1: one lockout for every way in -----------------------------------------------------
class _From(HTTPAdapter):
    """Connections from ``address``: every 127.x.y.z is this machine, so each is a client."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def client(address: str) -> requests.Session:
    s = requests.Session()
    s.mount("http://", _From(address))
    s.mount("https://", _From(address))
    return s


def sign_in(s: requests.Session, url: str, username: str, password: str) -> requests.Response:
    page = s.get(url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return s.post(
        url,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        timeout=30,
    )


PASSWORD = "loket-rahasia-1"


def signed_in(s: requests.Session, central) -> bool:
    return s.get(base(central) + "/admin/", timeout=30, allow_redirects=False).status_code == 200


@pytest.fixture
def clerk(central):
    os.environ["DJANGO_SUPERUSER_PASSWORD"] = PASSWORD
    for name in ("sari", "budi"):
        central.cli("createsuperuser", "--username", name, "--noinput")
    central.start()
    return central


def test_a_name_locked_on_the_staff_sign_in_is_locked_on_the_admins_too(clerk):
    masuk, admin = base(clerk) + "/masuk/", base(clerk) + "/admin/login/"
    s = client("127.0.0.2")
    for _ in range(5):
        assert "Keluar" not in sign_in(s, masuk, "sari", "salah").text
    page = sign_in(s, admin, "sari", PASSWORD)  # the right password, by the other door
    assert page.status_code == 429 and "dikunci 15 menit" in page.text
    assert not signed_in(s, clerk)
    # Failures at the admin's door count too.
    s = client("127.0.0.3")
    for _ in range(5):
        sign_in(s, admin, "budi", "salah")
    page = sign_in(s, masuk, "budi", PASSWORD)
    assert page.status_code == 429 and "dikunci 15 menit" in page.text
    assert not signed_in(s, clerk)


def test_a_stranger_cannot_lock_a_clerk_out_but_an_address_that_guesses_is_locked(clerk):
    masuk = base(clerk) + "/masuk/"
    stranger = client("127.0.0.4")
    for _ in range(6):
        sign_in(stranger, masuk, "sari", "salah")
    # Sari, at her own counter's PC, signs in.
    sari = client("127.0.0.5")
    assert sign_in(sari, masuk, "sari", PASSWORD).status_code == 200 and signed_in(sari, clerk)
    # A guesser going through names, four tries each, is stopped at the address's limit.
    guesser = client("127.0.0.6")
    for i in range(20):
        reply = sign_in(guesser, masuk, f"pegawai{i // 4}", "salah")
        assert reply.status_code in (200, 429)
    page = sign_in(guesser, masuk, "budi", PASSWORD)
    assert page.status_code == 429 and not signed_in(guesser, clerk)
    assert sign_in(client("127.0.0.7"), masuk, "budi", PASSWORD).status_code == 200


# --- item 2: staff act only in the offices they have access to ---------------------------------
SECOND_OFFICE = """
import django; django.setup()
from django.contrib.auth.models import Group, User
from kiosk_central.dashboard.models import OfficeAccess
from kiosk_central.queue.demo import demo_data
from kiosk_central.queue.models import Counter, Office
first = Office.objects.order_by("pk").first()
second = Office.objects.create(code="kanim-b", name="Kanim B")
demo_data(second)
sari = User.objects.create_user("sari", password="%s", is_staff=True)
sari.groups.add(Group.objects.get(name="loket"))
OfficeAccess.objects.create(user=sari, office=first)
print(*Counter.objects.filter(office=second).values_list("pk", flat=True))
"""


def test_counter_staff_see_and_act_only_in_their_office(central):
    made = central.python(SECOND_OFFICE % PASSWORD)
    assert made.returncode == 0, made.stderr
    theirs = made.stdout.split()
    token = central.register("kiosk-b", "--office", "kanim-b")
    central.start()
    body = ticket_body("kiosk-b", "informasi")
    assert post(central.url, "/tickets", token, body, str(uuid.uuid4())).status_code == 201
    pk, number = central.query("SELECT id, number FROM queue_ticket")[0]
    s = requests.Session()
    sign_in(s, base(central) + "/masuk/", "sari", PASSWORD)
    choose = s.get(base(central) + "/loket/", timeout=30).text
    offered = re.findall(r'name="counter" value="(\d+)"', choose)
    assert offered and not set(offered) & set(theirs)
    # Choosing the other office's counter by hand is refused like a counter that is not there.
    for counter in (theirs[-1], "²", "999999"):
        s.post(
            base(central) + "/loket/pilih",
            data={
                "counter": counter,
                "services": [str(n) for n in range(1, 30)],
                "csrfmiddlewaretoken": s.cookies["csrftoken"],
            },
            timeout=30,
        )
        page = s.get(base(central) + "/loket/", timeout=30).text
        assert 'name="counter"' in page, counter  # still choosing: no shift began
    call = s.post(
        base(central) + "/loket/aksi/call_next",
        data={"csrfmiddlewaretoken": s.cookies["csrftoken"]},
        timeout=30,
    )
    assert call.status_code == 200
    assert central.query("SELECT state FROM queue_ticket")[0][0] == "waiting"
    # The admin keeps the same rule: the other office's ticket is neither listed nor opened.
    listed = s.get(base(central) + "/admin/queue/ticket/", timeout=30)
    assert listed.status_code == 200 and number not in listed.text
    opened = s.get(f"{base(central)}/admin/queue/ticket/{pk}/change/", timeout=30)
    assert f"/admin/queue/ticket/{pk}/change/" not in opened.url or opened.status_code == 404


def answer(reply) -> dict:
    """What a reply says, without what differs between any two (the path, the time)."""
    return {k: v for k, v in reply.json().items() if k not in ("instance", "id", "server_time")}


# --- item 3: a kiosk sees and changes only its own tickets, and no answer tells which ids exist -
def test_another_kiosks_ticket_answers_as_if_it_did_not_exist(central):
    tokens = {n: central.register(n) for n in ("kiosk-01", "kiosk-02")}
    central.start()
    body = ticket_body("kiosk-01")
    assert post(central.url, "/tickets", tokens["kiosk-01"], body, str(uuid.uuid4())).ok
    other = {"Authorization": f"Bearer {tokens['kiosk-02']}"}

    def position(ticket_id: str, headers=other):
        return requests.get(
            f"{central.url}/tickets/{ticket_id}/position", headers=headers, timeout=30
        )

    def void(ticket_id: str):
        return post(
            central.url, f"/tickets/{ticket_id}/void", tokens["kiosk-02"], None, str(uuid.uuid4())
        )

    unknown = str(uuid.uuid4())
    for ask in (position, void):
        theirs, none = ask(body["id"]), ask(unknown)
        assert theirs.status_code == none.status_code, ask.__name__
        assert answer(theirs) == answer(none), ask.__name__
    assert position(body["id"]).status_code == 404
    # kiosk-02's void changed nothing: the ticket still waits, for its own kiosk.
    mine = position(body["id"], {"Authorization": f"Bearer {tokens['kiosk-01']}"})
    assert mine.status_code == 200 and mine.json()["state"] == "waiting"
