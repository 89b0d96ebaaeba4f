"""A central set up as an office that books online: weekday hours with a break, a shorter
Friday, a holiday, booking quotas, the shipped guides; and a client that books over HTTP the way
the page does (its form, its CSRF cookie, a solved challenge), from a given address."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import altcha
import requests

from kiosk.paths import ASSETS
from tests.central.conftest import Central
from tests.central.test_trust import client

ROOT = Path(__file__).parents[2]
WORK = 2000  # the tests' proof of work: a fiftieth of an office's
# Valid NIKs (DKI Jakarta, Jakarta Selatan, a district; born 17-08-1945, a woman), serials apart.
NIK_BASE = "317101570845"


def nik(n: int) -> str:
    return f"{NIK_BASE}{n:04d}"


SETUP = """
from datetime import date, timedelta
from kiosk_central.cli import setup
setup(None)
from kiosk_central.queue.models import Holiday, Office, Service
from kiosk_central.booking.models import BookingSettings, ServiceSlots
office = Office.objects.first()
if not ALWAYS_OPEN:
    week = ("monday", "tuesday", "wednesday", "thursday")
    office.hours = {d: ["08:00-12:00", "13:00-16:00"] for d in week}
    office.hours["friday"] = ["08:00-11:30", "13:30-16:30"]
    office.save()
Holiday.objects.create(office=office, date=date.fromisoformat("HOLIDAY"), name="Hari libur uji")
Service.objects.filter(office=office, code="paspor_baru").update(quota_booking=40)
renewal = Service.objects.get(office=office, code="penggantian")
ServiceSlots.objects.create(service=renewal, places_per_slot=PLACES)
BookingSettings.objects.create(office=office, window_days=14)
"""


def proxied_session(address: str | None = None) -> requests.Session:
    """A session as the office's nginx forwards it: the visitor's ``address`` in
    X-Forwarded-For (the central must trust the proxy, 127.0.0.1, to believe it)."""
    s = requests.Session()
    if address:
        s.headers["X-Forwarded-For"] = address
    return s


def holiday() -> date:
    """The next Wednesday more than two days away: inside the window, on a working day."""
    d = date.today() + timedelta(days=3)
    while d.weekday() != 2:
        d += timedelta(days=1)
    return d


def prepare(central: Central, places: int = 10, always_open: bool = False) -> str:
    """Configure and start ``central``; its base URL. ``always_open``: the demo's hours
    (around the clock), for tests that need the real clock inside a slot."""
    text = central.config.read_text()
    central.config.write_text(text + f"challenge_work = {WORK}\n")
    script = SETUP.replace("HOLIDAY", holiday().isoformat()).replace("PLACES", str(places))
    run = central.python(script.replace("ALWAYS_OPEN", str(always_open)))
    assert run.returncode == 0, run.stderr[-2000:]
    archive = central.root / "guides.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in (ASSETS / "guides").glob("*.toml"):
            z.write(f, f.name)
    central.cli("upload-guides", str(archive))
    central.start()
    return f"http://127.0.0.1:{central.port}"


def slot_keys(base: str, service: str, day: str = "") -> list[str]:
    page = requests.get(f"{base}/reservasi/{service}/?tanggal={day}", timeout=30)
    return re.findall(r'name="slot" value="([^"]+)"(?! required disabled)', page.text)


class Visitor:
    """One phone: its cookies, its address (as the office's proxy reports it)."""

    def __init__(self, base: str, address: str = "203.0.113.10") -> None:
        self.base = base
        # Each visitor its own address: every 127.x.y.z is this machine (a.b.c.d is 127.b.c.d),
        # so the per-address limits see distinct clients without a proxy in between.
        self.s = client("127." + address.split(".", 1)[1])

    def form(self, service: str, slot: str) -> dict:
        page = self.s.get(f"{self.base}/reservasi/{service}/data?slot={slot}", timeout=30)
        assert page.status_code == 200, page.text[:300]
        pace = re.search(r'name="pace" value="([^"]+)"', page.text).group(1)
        return {"csrfmiddlewaretoken": self.s.cookies["csrftoken"], "pace": pace, "slot": slot}

    def solve(self) -> str:
        reply = self.s.get(f"{self.base}/publik/tantangan", timeout=30).json()
        challenge = altcha.Challenge.from_dict(reply)
        return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()

    def prepared(self, service: str, slot: str, number: str, name: str = "Siti Aminah") -> dict:
        """The form as a person's browser would send it, challenge solved."""
        data = self.form(service, slot)
        data.update(kind="nik", number=number, name=name, contact="", altcha=self.solve())
        return data

    def post(self, service: str, data: dict, **kw) -> requests.Response:
        return self.s.post(
            f"{self.base}/reservasi/{service}/data",
            data=data,
            headers={"Referer": self.base + "/"},
            timeout=60,
            **kw,
        )

    def book(self, service: str, slot: str, number: str, **kw) -> requests.Response:
        return self.post(service, self.prepared(service, slot, number, **kw))


def booked_code(reply: requests.Response) -> str | None:
    found = re.search(r'id="code">([A-Z0-9-]+)<', reply.text)
    return found.group(1) if found else None
