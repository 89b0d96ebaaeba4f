"""Helpers for the web pages' tests: a started central with staff, segments and kiosks, a
signed-in requests session, and real chromium pages (Debian's, via Playwright)."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import requests

from tests.central.api import post, ticket_body
from tests.central.conftest import Central
from tests.chromium import CHROMIUM_ARGS as BASE_ARGS

# The board announces each call: it may play sound without a tap.
CHROMIUM_ARGS = [*BASE_ARGS, "--autoplay-policy=no-user-gesture-required"]
ARTIFACTS = Path(__file__).parents[2] / "artifacts" / "central"
SIZES = {"phone": (360, 640), "pc": (1366, 768), "tv": (1920, 1080)}
PASSWORD = "loket-rahasia-1"


class Office:
    """A running central with demo data, staff ``loket1``.. and one kiosk."""

    def __init__(self, central: Central, staff: int = 2, segments: bool = True) -> None:
        self.c = central
        env = {**os.environ, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
        for i in range(1, staff + 1):
            os.environ.update(env)
            central.cli("createsuperuser", "--username", f"loket{i}", "--noinput")
        if segments:
            central.cli("generate-segments")
        self.token = central.register("kiosk-01")
        central.start()
        self.base = f"http://127.0.0.1:{central.port}"

    def issue(self, service: str = "paspor_baru", **extra) -> dict:
        body = ticket_body("kiosk-01", service, **extra)
        reply = post(self.c.url, "/tickets", self.token, body, str(uuid.uuid4()))
        assert reply.status_code == 201, reply.text
        return reply.json()

    def session(self, user: str, loket: int, services: list[str] | None = None):
        """A staff member signed in with requests, at ``loket``: (session, csrf token)."""
        s = requests.Session()
        s.get(self.base + "/masuk/", timeout=10)
        page = s.post(
            self.base + "/masuk/",
            data={
                "username": user,
                "password": PASSWORD,
                "csrfmiddlewaretoken": s.cookies["csrftoken"],
            },
            timeout=10,
        )
        assert "/loket/" in page.url, page.text[:500]
        radio = re.search(rf'value="(\d+)"[^>]*> <strong>[^<]*{loket}</strong>', page.text)
        block = page.text[radio.start() : page.text.find("</fieldset>", radio.start())]
        picked = re.findall(r'name="services" value="(\d+)"', block)
        s.post(
            self.base + "/loket/pilih",
            data={
                "counter": radio.group(1),
                "services": picked,
                "csrfmiddlewaretoken": s.cookies["csrftoken"],
            },
            timeout=10,
        )
        return s

    def act(self, s: requests.Session, action: str, **data) -> str:
        """Post ``action`` as the counter page does; the message the page then shows."""
        reply = s.post(
            f"{self.base}/loket/aksi/{action}",
            data={**data, "csrfmiddlewaretoken": s.cookies["csrftoken"]},
            timeout=30,
        )
        found = re.findall(r'<p class="(success|error|info)">(.*?)</p>', reply.text)
        return " ".join(f"{kind}: {text}" for kind, text in found)

    def held(self, s: requests.Session) -> str | None:
        panel = s.get(self.base + "/loket/panel", timeout=10).text
        m = re.search(r'name="ticket" value="([0-9a-f-]+)"', panel)
        return m.group(1) if m else None


def started(tmp_path: Path, staff: int = 2):
    """For a fixture: ``yield from started(tmp_path)`` gives a running office with demo data,
    stopped after the test."""
    c = Central(tmp_path / "central")
    c.setup()
    yield Office(c, staff=staff)
    c.kill()


def sign_in(page, base: str, user: str, loket: int) -> None:
    page.goto(base + "/masuk/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.check(f"fieldset:has(strong:text-is('Loket {loket}')) input[type=radio]")
    page.click("form[action$=pilih] button.primary")
    page.wait_for_selector("#btn-next")


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size, (w, h) in SIZES.items():
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(150)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=size == "phone")
