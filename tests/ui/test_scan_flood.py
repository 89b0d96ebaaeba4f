"""Issue 28.3: a flood of codes from the scanner is one hand-over to the UI thread, the last
code wins, and the technician gets one log line: through the real app, its real reader and a
real pty."""

from __future__ import annotations

import logging
import threading
import time

import pytest

pytestmark = pytest.mark.ui

CODES = 2_000


class CountingClock:
    """Kivy's Clock as the app posts to it, counting what the scanner's thread posts."""

    def __init__(self, clock) -> None:
        self._clock = clock
        self.from_scanner = 0

    def schedule_once(self, *args, **kwargs):
        if threading.current_thread().name == "scanner":
            self.from_scanner += 1
        return self._clock.schedule_once(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._clock, name)


def drained(scanner, settle_s: float = 0.5) -> None:
    """Until the reader has read every byte written to the pty and framed it."""
    port = scanner.reader.port
    deadline = time.monotonic() + 30
    while port.in_waiting and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(settle_s)  # its last chunk framed and handed over


def test_a_burst_of_codes_is_one_post_to_the_ui_and_the_last_code_wins(ui, monkeypatch, caplog):
    import kiosk.app

    ui.home()
    counting = CountingClock(kiosk.app.Clock)
    monkeypatch.setattr(kiosk.app, "Clock", counting)
    burst = b"".join(b"MP-2026-%05d\r\n" % i for i in range(CODES))
    with caplog.at_level(logging.INFO):
        ui.app.kiosk.scanner.scan(burst)  # no frame runs meanwhile: the UI thread is busy
        drained(ui.app.kiosk.scanner)
        assert counting.from_scanner == 1
        ui.wait_for(lambda: ui.settled_on("booking"))
    assert f"MP-2026-{CODES - 1:05d}" in ui.texts()
    lines = [r.getMessage() for r in caplog.records if "faster than anyone scans" in r.getMessage()]
    assert len(lines) == 1 and f"{CODES - 1} skipped" in lines[0]
    assert "MP-2026" not in lines[0]

    # The next visitor's single scan, a moment later, is handed over on its own.
    ui.home()
    counting.from_scanner = 0
    time.sleep(1.1)
    ui.app.kiosk.scanner.scan(b"MP-2026-77777\r\n")
    drained(ui.app.kiosk.scanner, settle_s=0.2)
    ui.wait_for(lambda: ui.settled_on("booking"))
    assert counting.from_scanner == 1 and "MP-2026-77777" in ui.texts()
    ui.home()
