"""The back office over real HTTP: sign in, register a kiosk (token shown once, working at
once), import bookings, upload a guide bundle checked by the kiosk's guide checker, in
Indonesian by default and in English on request."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
import requests

from kiosk.paths import ASSETS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def admin(tmp_path):
    from tests.central.conftest import Central

    central = Central(tmp_path / "central").setup()
    env = {**os.environ, "DJANGO_SUPERUSER_PASSWORD": "rahasia-Kantor-42"}
    import subprocess
    import sys

    subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk_central.cli",
            "--config",
            str(central.config),
            "createsuperuser",
            "--username",
            "admin",
            "--noinput",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    central.start()
    site = central.url.replace("/api/v1", "/admin/")
    s = requests.Session()
    page = s.get(site + "login/", timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    s.post(
        site + "login/",
        data={
            "username": "admin",
            "password": "rahasia-Kantor-42",
            "csrfmiddlewaretoken": csrf,
            "next": "/admin/",
        },
        headers={"Referer": site},
        timeout=10,
    )
    yield central, s, site
    central.kill()


def _form(s, url):
    page = s.get(url, timeout=10)
    assert page.status_code == 200, page.status_code
    return page, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def test_the_admin_in_both_languages(admin):
    _, s, site = admin
    home = s.get(site, timeout=10)
    assert 'lang="id"' in home.text and "Layanan Kiosk: pusat antrean" in home.text
    assert "Pemesanan" in home.text and "Antrean" in home.text
    s.cookies.set("django_language", "en")
    english = s.get(site, timeout=10)
    assert 'lang="en"' in english.text and "Bookings" in english.text


def test_register_a_kiosk_in_the_admin_shows_its_token_once(admin):
    central, s, site = admin
    _, csrf = _form(s, site + "queue/kiosk/add/")
    reply = s.post(
        site + "queue/kiosk/add/",
        data={
            "office": "1",
            "name": "kiosk-07",
            "offline_block_start": "800",
            "offline_block_size": "100",
            "csrfmiddlewaretoken": csrf,
        },
        headers={"Referer": site},
        timeout=10,
    )
    token = re.search(r"kiosk-07[^:]*: ([A-Za-z0-9_-]{40,})", reply.text)[1]
    assert (
        requests.get(
            central.url + "/services", timeout=10, headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )
    assert token not in s.get(site + "queue/kiosk/", timeout=10).text  # shown once only


def test_import_bookings_and_upload_guides(admin):
    central, s, site = admin
    _, csrf = _form(s, site + "queue/booking/import/")
    csv = b"code,service,slot_start,slot_end,holder_masked\nMP-9,informasi,,,ANI R***\n"
    reply = s.post(
        site + "queue/booking/import/",
        data={"office": "1", "csrfmiddlewaretoken": csrf},
        files={"file": ("b.csv", csv)},
        headers={"Referer": site},
        timeout=10,
    )
    assert central.query("SELECT code FROM queue_booking WHERE code = 'MP-9'")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for path in sorted((ASSETS / "guides").glob("*.toml")):
            z.write(path, path.name)
    _, csrf = _form(s, site + "queue/guideversion/upload/")
    reply = s.post(
        site + "queue/guideversion/upload/",
        data={"office": "1", "csrfmiddlewaretoken": csrf},
        files={"file": ("guides.zip", buffer.getvalue())},
        headers={"Referer": site},
        timeout=10,
    )
    assert reply.status_code == 200
    assert central.query("SELECT version FROM queue_guideversion") == [(1,)]
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("rusak.toml", 'schema = 1\nid = "x"\n')
    _, csrf = _form(s, site + "queue/guideversion/upload/")
    reply = s.post(
        site + "queue/guideversion/upload/",
        data={"office": "1", "csrfmiddlewaretoken": csrf},
        files={"file": ("bad.zip", broken.getvalue())},
        headers={"Referer": site},
        timeout=10,
    )
    assert re.search(r'<li class="error">rusak\.toml: id:', reply.text, re.I)
    assert central.query("SELECT version FROM queue_guideversion") == [(1,)]
