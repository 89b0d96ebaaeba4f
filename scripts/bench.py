"""Benchmarks of the kiosk's measured paths, printed as medians (figures, never assertions).

- cold start: ``kiosk run`` spawned until its "first frame drawn" log line, and its peak RSS
- check-in: from the service tap (the last touch of a NIK check-in) to the last printer byte
- tickets: ESC/POS bytes and render time per ticket, 58/80 mm, native vs raster QR
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent


def median_ms(samples: list[float]) -> str:
    median = statistics.median(samples) * 1000
    return f"{median:8.1f} ms (min {min(samples) * 1000:.1f}, n={len(samples)})"


def cold_start(runs: int) -> None:
    times, rss = [], []
    for _ in range(runs):
        state = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
        config = state / "kiosk.toml"
        config.write_text(f'[kiosk]\nstate_dir = "{state}"\n[display]\nwidth = 800\nheight = 480\n')
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(config), "run"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if "first frame drawn" in line:
                times.append(time.perf_counter() - start)
                break
        else:
            raise SystemExit("kiosk run ended before its first frame")
        proc.terminate()
        _, _, usage = os.wait4(proc.pid, 0)
        rss.append(usage.ru_maxrss / 1024)
    print(f"cold start to first frame     {median_ms(times)}")
    print(f"peak RSS at first frame       {statistics.median(rss):8.1f} MB")


def check_in(runs: int) -> None:
    from kiosk.config import DisplayConfig, parse_config
    from kiosk.ui_env import prepare_kivy

    state = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    prepare_kivy(DisplayConfig(width=800, height=480), state / "kivy")
    from kiosk.devtools.driver import Driver, start_app

    app = start_app(parse_config({"kiosk": {"state_dir": str(state)}}))
    ui = Driver(app, state / "shots")
    printer = app.kiosk.printer
    real_print = printer.print_ticket
    finished: list[float] = []

    def timed_print(ticket):
        real_print(ticket)
        finished.append(time.perf_counter())

    printer.print_ticket = timed_print
    samples = []
    for _ in range(runs):
        ui.home()
        app.go("nik")
        ui.wait_for(lambda: ui.settled_on("nik"))
        for digit in "3171011708450001":
            ui.screen.press(digit)
        ui.screen.submit(app)
        ui.wait_for(lambda: ui.settled_on("service"))
        start = time.perf_counter()
        ui.tap(ui.card("Paspor Baru"))
        ui.wait_for(lambda: len(finished) > len(samples))
        samples.append(finished[-1] - start)
    app.stop()
    print(f"service tap to last byte      {median_ms(samples)}")


def tickets(runs: int) -> None:
    from kiosk.config import DEFAULT_SERVICES
    from kiosk.domain.services import Lane
    from kiosk.domain.ticket_layout import TicketHeader
    from kiosk.domain.tickets import Source, Ticket
    from kiosk.hardware.printer import PaperFormat, TicketRenderer, prepare_logo
    from kiosk.paths import asset

    ticket = Ticket(
        id="5f0c8f1e-8a52-4c55-9a55-0f2f3f3e9a10",
        number="A-007",
        service=DEFAULT_SERVICES[0],
        lane=Lane.REGULAR,
        source=Source.NIK,
        issued_at=datetime(2026, 11, 28, 9, 15, tzinfo=ZoneInfo("Asia/Jakarta")),
        clock_synced=True,
        sequence=7,
    )
    header = TicketHeader(
        "Kantor Imigrasi Bengkulu Selatan",
        "Kementerian Imigrasi dan Pemasyarakatan",
        status_url_template="https://antrian.example.test/t/{ticket_id}",
        has_logo=True,
    )
    for profile, mm in (("POS-5890", 58), ("TM-T20II", 80)):
        paper = PaperFormat.from_profile(profile, mm)
        logo = prepare_logo(asset("logo.png"), paper.width_dots)
        for mode in ("native", "raster"):
            renderer = TicketRenderer(header, paper, logo, qr_mode=mode)
            samples, size = [], 0
            for _ in range(runs):
                start = time.perf_counter()
                size = len(renderer.escpos_bytes(ticket))
                samples.append(time.perf_counter() - start)
            print(f"ticket {mm} mm, {mode:6} QR      {size:6d} bytes, render {median_ms(samples)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"layanan-kiosk bench, {args.runs} runs each, medians")
    cold_start(args.runs)
    tickets(args.runs * 5)
    check_in(args.runs * 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
