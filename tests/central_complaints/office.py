"""The people of a complaints office, made in the central's own process, and the public form
and the inbox spoken to over real HTTP as a browser would."""

from __future__ import annotations

import re
from dataclasses import dataclass

import altcha
import requests

PASSWORD = "rahasia-123"
PEOPLE = {
    "petugas": "pengaduan",  # a complaint officer
    "spv": "supervisor",
    "spv2": "supervisor",
    "kepala": "kepala_kantor",
    "loket": "loket",
}

_SETUP = """
import django
django.setup()
from django.contrib.auth.models import Group, User
from kiosk_central.complaints.models import ComplaintSettings
from kiosk_central.dashboard.models import DashboardSettings
from kiosk_central.queue.models import Office
office = Office.objects.get()
for name, group in {people!r}.items():
    user = User.objects.create_user(name, password={password!r})
    user.groups.add(Group.objects.get(name=group))
User.objects.create_superuser("root", password={password!r})
rules = ComplaintSettings.of(office)
rules.head = User.objects.get(username="kepala")
rules.first_answer_days, rules.resolution_days = {first}, {resolution}
rules.save()
board = DashboardSettings.of(office)
board.webhook_url = {webhook!r}
board.save()
"""


def staff(central, webhook_url: str = "", first: int = 3, resolution: int = 14) -> None:
    with central.config.open("a") as config:
        config.write('public_url = "https://antrean.example.go.id"\n')
    run = central.python(
        _SETUP.format(
            people=PEOPLE,
            password=PASSWORD,
            webhook=webhook_url,
            first=first,
            resolution=resolution,
        )
    )
    assert run.returncode == 0, run.stderr[-2000:]


def base(central) -> str:
    return f"http://127.0.0.1:{central.port}"


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} in the page"
    return found.group(1)


def solved(s: requests.Session, root: str) -> str:
    """What the page's proof-of-work widget would send: a challenge of the server's, solved."""
    challenge = altcha.Challenge.from_dict(s.get(root + "/publik/tantangan", timeout=30).json())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


@dataclass
class Form:
    """The public form as fetched: its session (cookies), CSRF token and the no-JavaScript
    token; ``send`` solves a challenge as the page's widget does, unless ``altcha`` is given."""

    session: requests.Session
    url: str
    csrf: str
    pace: str
    root: str

    def send(self, photo: tuple[str, bytes, str] | None = None, **fields) -> requests.Response:
        if "altcha" not in fields:
            fields["altcha"] = solved(self.session, self.root)
        data = {
            "csrfmiddlewaretoken": self.csrf,
            "pace": self.pace,
            "kind": "complaint",
            "category": "waiting",
            "text": "Antrean lama sekali.",
            "anonymous": "yes",
            **fields,
        }
        files = {"photo": photo} if photo else None
        return self.session.post(
            self.url, data=data, files=files, headers={"Referer": self.url}, timeout=60
        )


def open_form(central, query: str = "", session: requests.Session | None = None) -> Form:
    s = session or requests.Session()
    url = base(central) + "/pengaduan/"
    page = s.get(url + query, timeout=30)
    assert page.status_code == 200, page.text[:300]
    csrf = _hidden(page.text, "csrfmiddlewaretoken")
    return Form(s, url, csrf, _hidden(page.text, "pace"), base(central))


def receipt(reply: requests.Response) -> tuple[str, str]:
    assert reply.status_code == 200 and "/pengaduan/terkirim/" in reply.url, reply.text[:2000]
    code = re.search(r'id="code">([^<]+)<', reply.text).group(1)
    secret = re.search(r'id="secret">([^<]+)<', reply.text).group(1)
    return code, secret


def track(central, code: str, secret: str, session: requests.Session | None = None):
    s = session or requests.Session()
    url = base(central) + "/pengaduan/lacak/"
    page = s.get(url, timeout=30)
    return s.post(
        url,
        data={
            "csrfmiddlewaretoken": _hidden(page.text, "csrfmiddlewaretoken"),
            "code": code,
            "secret": secret,
        },
        headers={"Referer": url},
        timeout=30,
    )


def sign_in_browser(page, central, username: str) -> None:
    """The staff sign-in in a real browser page (chromium), as a supervisor types it."""
    page.goto(base(central) + "/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button.primary")


def signed_in(central, username: str) -> requests.Session:
    s = requests.Session()
    login = base(central) + "/masuk/"
    page = s.get(login, timeout=30)
    reply = s.post(
        login,
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": _hidden(page.text, "csrfmiddlewaretoken"),
        },
        headers={"Referer": login},
        timeout=30,
        allow_redirects=False,
    )
    assert reply.status_code == 302, reply.text[:300]
    return s


def complaint_id(central, code: str) -> int:
    return central.query("SELECT id FROM complaints_complaint WHERE code = ?", code)[0][0]


def act(central, s: requests.Session, pk: int, **data) -> requests.Response:
    url = f"{base(central)}/kotak-pengaduan/{pk}/"
    page = s.get(url, timeout=30)
    assert page.status_code == 200, page.text[:300]
    return s.post(
        url + "aksi/",
        data={"csrfmiddlewaretoken": _hidden(page.text, "csrfmiddlewaretoken"), **data},
        headers={"Referer": url},
        timeout=30,
    )
