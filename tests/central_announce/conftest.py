"""A segment folder made by the real generator, served with the player over real HTTP."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import kiosk_central.announce
from kiosk_central.announce.generate import generate
from tests.chromium import CHROMIUM_ARGS

STATIC = Path(kiosk_central.announce.__file__).parent / "static" / "announce"


def need(*tools: str) -> None:
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: scripts/test installs them (apt)")


@pytest.fixture(scope="session")
def segments(tmp_path_factory) -> Path:
    need("espeak-ng", "sox")
    out = tmp_path_factory.mktemp("segments")
    generate(out, counter_names=["Prioritas"])
    return out


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def site(segments, tmp_path_factory) -> str:
    """http://127.0.0.1:PORT/ with /static/announce/ (the player) and /segments/."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(STATIC, root / "static" / "announce")
    (root / "segments").symlink_to(segments)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def launch(browser_contexts):
    """launch(extra_args) -> a fresh page (its own context) in the session's chromium started
    with those flags; closed after the test."""

    def _launch(extra_args=()):
        return browser_contexts.new_page(1280, 720, args=[*CHROMIUM_ARGS, *extra_args])

    return _launch
