"""Debian's Chromium for the browser tests: where it is, how it must start here, and the one
Playwright the whole test session shares.

As root (CI) it needs --no-sandbox; the rest keep it off the closed network, whose refused
connections otherwise arrive many at a time.

Playwright's sync API runs one instance per thread: a second ``sync_playwright()`` while another
is open fails ("Sync API inside the asyncio loop"), so which browser tests pass depended on the
order they ran in. Every browser test therefore takes its pages from the ``browser_contexts``
fixture: one Playwright for the session, started by the first test that needs it, and a browser
per set of launch flags (autoplay is a launch flag, not a context option) shared by every test;
each test gets fresh contexts of its own, so no cookie or storage passes from one to the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Chromium:
    """The session's Playwright and the browsers it launched, each started on first use."""

    def __init__(self) -> None:
        self._playwright = None
        self._browsers: dict[tuple[str, ...], object] = {}

    def browser(self, args: Sequence[str] = CHROMIUM_ARGS):
        key = tuple(args)
        if key not in self._browsers:
            self._browsers[key] = self._start().chromium.launch(
                executable_path=CHROMIUM, args=list(key)
            )
        return self._browsers[key]

    def _start(self):
        if self._playwright is None:
            # A failure, not a skip: scripts/test installs both, and a browser test skipped in
            # CI would pass for a page nobody looked at.
            if not Path(CHROMIUM).exists():
                pytest.fail(f"{CHROMIUM} missing: scripts/test installs it (apt)")
            try:
                from playwright import sync_api
            except ImportError:
                pytest.fail("playwright missing: scripts/test installs it (pip, [test])")
            self._playwright = sync_api.sync_playwright().start()
        return self._playwright

    def close(self) -> None:
        for browser in self._browsers.values():
            browser.close()
        self._browsers.clear()
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None


class Contexts:
    """One test's browser contexts, all closed when the test ends. Every page of them is held to
    the central's Content-Security-Policy: a refused script, style or connection (the browser
    says so on its console) fails the test that opened it."""

    def __init__(self, chromium: Chromium) -> None:
        self._chromium = chromium
        self._open: list = []
        self.refused: list[str] = []

    def new_context(self, args: Sequence[str] = CHROMIUM_ARGS, **options):
        """A fresh context (Playwright's ``Browser.new_context`` options) in the browser started
        with ``args``."""
        context = self._chromium.browser(args).new_context(**options)
        context.on("console", self._watch)
        self._open.append(context)
        return context

    def _watch(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def new_page(self, width: int = 1366, height: int = 768, args=CHROMIUM_ARGS, **options):
        """A page of its own context, ``width`` x ``height``."""
        viewport = {"width": width, "height": height}
        return self.new_context(args, viewport=viewport, **options).new_page()

    def close(self) -> None:
        while self._open:
            self._open.pop().close()


@pytest.fixture(scope="session")
def chromium():
    browsers = Chromium()
    yield browsers
    browsers.close()


@pytest.fixture
def browser_contexts(chromium):
    contexts = Contexts(chromium)
    yield contexts
    contexts.close()
    if contexts.refused:
        pytest.fail("refused by the Content-Security-Policy: " + " | ".join(contexts.refused))
