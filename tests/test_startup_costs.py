"""What a cold start may leave for later (issue 17): python-escpos's profile database is read as
JSON for the two numbers the kiosk needs, and the library itself loads after the first frame;
stopping does not wait out a read timeout."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import tty

import pytest

from kiosk.hardware.printer import profile_data
from kiosk.hardware.scanner import SerialScanner


def test_every_profile_reads_as_python_escpos_reads_it():
    from escpos.capabilities import CAPABILITIES, get_profile

    for name in CAPABILITIES["profiles"]:
        assert profile_data(name) == get_profile(name).profile_data
    with pytest.raises(KeyError):
        profile_data("NO-SUCH-PRINTER")


def test_building_the_kiosk_loads_no_escpos_qr_http_or_schema_code(tmp_path):
    """preflight, the printer, the store and the flow, as ``run`` builds them before the first
    frame: none of these libraries may be imported yet (a fresh interpreter, to see)."""
    code = f"""
import sys
from kiosk.bootstrap import build_kiosk
from kiosk.config import parse_config
state = {{"state_dir": {str(tmp_path)!r}}}
config = parse_config({{"kiosk": state, "ratings": {{"type": "none"}}}})
kiosk = build_kiosk(config, lambda fn: fn())
kiosk.close()
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & {{"escpos", "qrcode", "requests",
                 "jsonschema", "yaml"}})
print(",".join(loaded))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_warm_up_loads_what_the_first_ticket_needs():
    from kiosk.hardware.printer import warm_up

    warm_up()
    assert {"escpos.printer", "escpos.capabilities", "qrcode"} <= set(sys.modules)


def test_stopping_the_scanner_does_not_wait_out_its_read(tmp_path):
    """A read waiting for a scan is cancelled: with a 30 s read timeout the reader has still
    ended when stop() returns (its join gives up after 2 s otherwise)."""
    master, slave = pty.openpty()
    tty.setraw(slave)
    scanner = SerialScanner(os.ttyname(slave), lambda _p: None, read_timeout_s=30.0)
    try:
        scanner.start()
        assert scanner.wait_open(5)
        scanner.stop()
        assert not scanner._thread.is_alive()
    finally:
        os.close(master)
        os.close(slave)
