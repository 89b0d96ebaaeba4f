"""The browser tests' shared Chromium (tests/chromium.py): they pass in any order, and no test sees
another's cookies. Playwright's sync API runs one instance per thread, so a test that starts its
own while the session's is open fails, in whichever order puts it second."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent

SUITE = {
    "conftest.py": "from tests.chromium import browser_contexts, chromium  # noqa: F401\n",
    # the board's flags (autoplay is a launch flag): a second browser of the same Playwright
    "test_board.py": """
from tests.chromium import CHROMIUM_ARGS

AUTOPLAY = [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]

def test_board(browser_contexts):
    page = browser_contexts.new_page(1920, 1080, args=AUTOPLAY)
    page.context.add_cookies([{"name": "sessionid", "value": "board", "url": "http://127.0.0.1/"}])
    assert page.evaluate("innerWidth") == 1920
""",
    "test_phone.py": """
def test_phone(browser_contexts):
    page = browser_contexts.new_page(390, 844)
    page.context.add_cookies([{"name": "sessionid", "value": "phone", "url": "http://127.0.0.1/"}])
    assert page.evaluate("innerWidth") == 390

def test_a_later_test_starts_with_no_cookies(browser_contexts):
    assert browser_contexts.new_context().cookies() == []
""",
}


@pytest.mark.parametrize(
    "order", [["test_board.py", "test_phone.py"], ["test_phone.py", "test_board.py"]]
)
def test_browser_tests_pass_in_either_order(tmp_path, order):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: scripts/test installs it (apt)"
    for name, text in SUITE.items():
        (tmp_path / name).write_text(text)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *order],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert "3 passed" in run.stdout


def test_only_tests_chromium_starts_playwright():
    """A test module with a Playwright of its own breaks every browser test ordered after it."""
    starters = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("*.py")
        if path != Path(__file__)
        and ("sync_playwright" in path.read_text() or ".launch(" in path.read_text())
    }
    assert starters == {"tests/chromium.py"}
