"""The checks scripts/pi-check runs inside its emulated Raspberry Pi (arm64 Debian Bookworm),
with the kiosk installed there by scripts/install.sh.

    python -m kiosk_testsupport.pi_check --config /etc/kiosk/kiosk.toml \\
        --override /etc/kiosk/pi-check.toml --shots DIR

The installed config (the Pi's real devices) goes through ``check-config`` and ``doctor``: no
device exists in the root, so doctor's FAILs are expected and shown with what to do. The
override swaps the devices for simulated ones; with it the real ``kiosk run`` is started to
its first frame (the cold start), then the app is driven through a NIK check-in to a printed
ticket. Every step says what it found; the last lines say what failed. Exit status 1 when a
step that must pass did not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

FRAME_DEADLINE_S = 600.0  # emulated, on a busy machine: a first frame takes a minute or more
STEP_S = 300.0  # and a screen built for the first time, tens of seconds


def kiosk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=600
    )


def heading(text: str) -> None:
    print(f"\n== {text}", flush=True)


def cold_start(config: str, override: str) -> float:
    """``kiosk run`` spawned until its "first frame drawn" log line, in seconds; the process is
    then killed, as a power cut would."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", config, "--override", override, "run"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    seen: list[str] = []
    try:
        for line in proc.stdout:
            seen.append(line)
            if "first frame drawn" in line:
                return time.perf_counter() - start
            if time.perf_counter() - start > FRAME_DEADLINE_S:
                break
        raise RuntimeError("no first frame; its last lines:\n" + "".join(seen[-15:]))
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def check_in(config_path: str, override: str, shots: Path) -> list[str]:
    """The real app in this process: its first frame on screen, then a NIK check-in to a
    printed ticket. Returns the screenshots' paths."""
    from kiosk.config import load_config
    from kiosk.parts import prepare_state_dir
    from kiosk.ui_env import prepare_kivy

    config = load_config(config_path, override)
    prepare_kivy(config.display, prepare_state_dir(config) / "kivy")
    from kiosk_testsupport.driver import NIK, Driver, start_app

    app = start_app(config)
    ui = Driver(app, shots)
    try:
        taken = [str(ui.screenshot("pi-first-frame"))]
        ui.home()  # as every UI test starts: settled, nothing pending from the start
        ui.tap(ui.screen.ids.take_number)
        ui.wait_for(lambda: ui.settled_on("nik"), timeout=STEP_S)
        for digit in NIK:
            ui.tap(ui.find(lambda w, d=digit: getattr(w, "key", None) == d))
        ui.tap(ui.screen.ids.next)
        ui.wait_for(lambda: ui.settled_on("service"), timeout=STEP_S)
        ui.tap(ui.card(config.services[0].name_id))
        ui.wait_for(lambda: ui.settled_on("priority"), timeout=STEP_S)
        ui.answer_priority(False)
        ui.wait_for(lambda: ui.settled_on("ticket"), timeout=STEP_S)
        ticket = ui.screen
        ui.wait_for(lambda: ticket.print_state == "printed", timeout=STEP_S)
        printed = sorted(app.kiosk.printer.output_dir.glob("*.bin"))
        if not printed:
            raise RuntimeError("the ticket screen says printed, but no ticket was written")
        paper = printed[-1].read_bytes()
        if ticket.number.encode() not in paper or NIK.encode() in paper:
            raise RuntimeError("the printed ticket lacks its number or holds the full NIK")
        taken.append(str(ui.screenshot("pi-ticket-printed")))
        print(f"ticket {ticket.number} printed: {printed[-1]} ({len(paper)} bytes ESC/POS)")
        return taken
    except Exception:
        # What the screen showed when it went wrong, beside the error.
        print(f"screen {ui.screen.name!r}: {ui.screenshot('pi-check-failed')}")
        raise
    finally:
        app.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True, help="the installed config")
    parser.add_argument("--override", required=True, help="its simulated devices")
    parser.add_argument("--shots", required=True, type=Path, help="where screenshots go")
    parser.add_argument("--runs", type=int, default=3, help="cold starts to time")
    args = parser.parse_args(argv)
    failed: list[str] = []
    expected: list[str] = []

    heading(f"kiosk check-config ({args.config}: the Pi's real devices)")
    result = kiosk("--config", args.config, "check-config")
    print((result.stdout + result.stderr).strip())
    if result.returncode:
        failed.append("check-config")

    heading("kiosk doctor (installed config; no device exists in this root)")
    # Emulated, importing a device's library alone can take longer than doctor's 4.5 s.
    result = kiosk("--config", args.config, "doctor", "--budget", "120")
    print((result.stdout + result.stderr).strip())
    expected += [
        "doctor: " + line.split(None, 1)[1].split("  ")[0]
        for line in result.stdout.splitlines()
        if line.startswith("FAIL ")
    ]

    heading(f"kiosk run to its first frame, {args.runs} runs (simulated devices: {args.override})")
    starts = []
    for run in range(1, args.runs + 1):
        try:
            starts.append(cold_start(args.config, args.override))
            print(f"run {run}: first frame after {starts[-1]:.1f} s", flush=True)
        except (RuntimeError, OSError) as exc:
            print(f"run {run}: {exc}")
            failed.append(f"cold start run {run}")

    heading("a NIK check-in to a printed (simulated) ticket, through the test driver")
    try:
        for shot in check_in(args.config, args.override, args.shots):
            print(f"screenshot: {shot}")
    except Exception as exc:  # what failed is the report, not a traceback
        print(f"FAILED: {exc.__class__.__name__}: {exc}")
        failed.append("check-in")

    heading("summary")
    machine = os.uname().machine
    if starts:
        median = statistics.median(starts)
        print(f"cold start to first frame ({machine}, emulated): median {median:.1f} s, "
              f"first {starts[0]:.1f} s, n={len(starts)}")  # fmt: skip
    print("expected FAILs (no device here): " + (", ".join(expected) or "none"))
    print("failed: " + (", ".join(failed) or "nothing"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
