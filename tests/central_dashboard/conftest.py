"""The real central (tests/central/conftest.py's fixtures, imported, not copied) with seeded
histories and signed-in browsers of each role."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

# The central tests' fixtures, imported so pytest finds them here (reused, not copied).
from tests.central.conftest import (  # noqa: F401
    Central,
    bare_central,
    central,
    engine,
    postgres,
)
from tests.central_dashboard.seed import PASSWORD

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "artifacts" / "central"


def run_module(
    c: Central, module: str, *args: str, timeout: float = 300
) -> subprocess.CompletedProcess:
    """``python -m tests.central_dashboard.MODULE CONFIG ARGS``: code that runs in a central's
    own process (its ``main`` calls ``kiosk_central.cli.setup``); it must exit 0."""
    run = subprocess.run(
        [sys.executable, "-m", f"tests.central_dashboard.{module}", str(c.config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def seed(c: Central, scenario: str, *args: str) -> None:
    run_module(c, "seed", scenario, *args, timeout=120)


def base(c: Central) -> str:
    return f"http://127.0.0.1:{c.port}"


def signed_in(c: Central, username: str) -> requests.Session:
    session = requests.Session()
    login = f"{base(c)}/masuk/"
    page = session.get(login, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    reply = session.post(
        login,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": login},
        timeout=30,
        allow_redirects=False,
    )
    assert reply.status_code == 302, reply.text[:300]
    return session


@pytest.fixture
def history(central):  # noqa: F811
    seed(central, "history")
    return central.start()


@pytest.fixture
def today(central):  # noqa: F811
    seed(central, "today")
    return central.start()
