"""Benchmarks of the kiosk's measured paths, printed as medians (figures, never assertions).

- cold start: ``kiosk run`` spawned until its "first frame drawn" log line, and its peak RSS
- check-in: from the service tap (the last touch of a NIK check-in) to the last printer byte
- flood (``--only flood``): the longest frame while the scanner sends 10,000 codes in a second
- tickets: ESC/POS bytes and render time per ticket, 58/80 mm, native vs raster QR
- central (``--only central``): the central queue service on SQLite and PostgreSQL: ticket
  allocation latency (median, p99) at 1, 20 and 100 concurrent kiosks, and the drain rate of a
  10,000-record backlog through POST /batch
- kiosk-drain (``--only kiosk-drain``): the kiosk's own outbox worker draining a 10,000-record
  backlog into the real central on SQLite (its batches of up to 500, as a kiosk would send)
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import figures  # scripts/figures.py: the README's figures, recorded by --record

ROOT = Path(__file__).resolve().parent.parent


def median_ms(samples: list[float]) -> str:
    median = statistics.median(samples) * 1000
    return f"{median:8.1f} ms (min {min(samples) * 1000:.1f}, n={len(samples)})"


# The yardstick for the kiosk's start: a bare Kivy app with one label, in the same window
# (the same Kivy settings, from prepare_kivy, and the same single input provider).
BARE_APP = """
from kivy.config import Config
Config.remove_option("input", "%(name)s")
from kivy.app import App
from kivy.core.window import Window
from kivy.uix.label import Label


class Bare(App):
    def build(self):
        Window.fbind("on_flip", self.flipped)
        return Label(text="Layanan Kiosk")

    def flipped(self, *_args):
        Window.funbind("on_flip", self.flipped)
        print("first frame drawn", flush=True)


Bare().run()
"""


def _kivy_env(kivy_home: Path) -> dict[str, str]:
    """The environment ``kiosk run`` gives Kivy for an 800x480 window, for the bare app: but
    Kivy's own data folder, whole style sheet and all (the kiosk loads the rules of the few
    Kivy widgets it shows: a saving of the kiosk's, not of the yardstick's)."""
    from kiosk.config import DisplayConfig
    from kiosk.ui_env import prepare_kivy

    saved = dict(os.environ)
    try:
        prepare_kivy(DisplayConfig(width=800, height=480), kivy_home)
        os.environ.pop("KIVY_DATA_DIR", None)
        return dict(os.environ)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _first_frame(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall time to the "first frame drawn" line, CPU time and peak RSS (MB) until then: the
    process is killed at once, as a power cut would, so nothing after the frame counts."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "first frame drawn" in line:
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"{cmd[1:3]} ended before its first frame")
    proc.kill()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.stdout.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cold_start(runs: int) -> None:
    # One state directory for every run: a kiosk restarting, with its caches (bytecode) in
    # place; run 1 is the first boot and counts too.
    state = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    config = state / "kiosk.toml"
    config.write_text(f'[kiosk]\nstate_dir = "{state}"\n[display]\nwidth = 800\nheight = 480\n')
    # As on the Pi: bytecode cached after the first start (some CI images turn it off).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    kivy_env = _kivy_env(state / "bare-kivy")
    bare_env = {k: v for k, v in kivy_env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    kiosk_cmd = [sys.executable, "-m", "kiosk", "--config", str(config), "run"]
    bare_app = state / "bare_app.py"  # a file: Kivy looks for a .kv beside the app's source
    bare_app.write_text(BARE_APP)
    bare_cmd = [sys.executable, str(bare_app)]
    figures: dict[str, list[tuple[float, float, float]]] = {"kiosk": [], "bare": []}
    for _ in range(runs):  # alternating: a neighbour's load hits both alike
        figures["kiosk"].append(_first_frame(kiosk_cmd, env))
        figures["bare"].append(_first_frame(bare_cmd, bare_env))
    for i, what in enumerate(("cold start to first frame", "CPU time of that start")):
        k = [f[i] for f in figures["kiosk"]]
        b = [f[i] for f in figures["bare"]]
        print(f"{what:29} kiosk {median_ms(k)}")
        print(f"{'':29} bare  {median_ms(b)}")
        print(f"{'':29} ratio {statistics.median(k) / statistics.median(b):8.2f}x (goal 1.3x)")
    k = statistics.median(f[2] for f in figures["kiosk"])
    b = statistics.median(f[2] for f in figures["bare"])
    print(f"peak RSS at first frame       kiosk {k:6.1f} MB, bare {b:6.1f} MB, "
          f"ratio {k / b:.2f}x (goal 1.15x)")  # fmt: skip


def _bench_app(state: Path):
    """The real app in an 800x480 window, printing to a real ESC/POS device file (/dev/null:
    the bytes go where a usblp printer's would, with nothing to answer a status request)."""
    from kiosk.config import DisplayConfig, parse_config
    from kiosk.ui_env import prepare_kivy

    prepare_kivy(DisplayConfig(width=800, height=480), state / "kivy")
    from kiosk_testsupport.driver import Driver, start_app

    printer = {"type": "device", "device": "/dev/null", "status_check": False}
    booking = {"accept_nik_qr": True}  # the soak scans NIKs too
    config = {"kiosk": {"state_dir": str(state)}, "printer": printer, "booking": booking}
    app = start_app(parse_config(config))
    return app, Driver(app, state / "shots")


class Marks:
    """perf_counter() stamps at the seams of one check-in, set by wrappers around the real
    parts of the running app (instance attributes: nothing in the kiosk changes)."""

    def __init__(self, app) -> None:
        self.t: dict[str, float] = {}
        self.printed = 0
        desk, printer = app.flow.desk, app.kiosk.printer
        self._wrap(app, "issue_ticket", "handler")
        self._wrap(desk, "issue", "commit")
        self._wrap(printer.renderer, "escpos_bytes", "render")
        self._wrap(printer, "print_bytes", "write")

    def _wrap(self, obj, name: str, mark: str) -> None:
        real = getattr(obj, name)

        def timed(*args, **kwargs):
            self.t[mark] = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self.t[mark + "_end"] = time.perf_counter()
                if mark == "write":
                    self.printed += 1

        setattr(obj, name, timed)


def _to_priority(app, ui) -> None:
    ui.home()
    app.go("nik")
    ui.wait_for(lambda: ui.settled_on("nik"))
    for digit in "3171011708450001":
        ui.screen.press(digit)
    ui.screen.submit(app)
    ui.wait_for(lambda: ui.settled_on("service"))
    ui.tap(ui.card("Paspor Baru"))
    ui.wait_for(lambda: ui.settled_on("priority"))


def check_in(runs: int) -> None:
    """The last tap of a NIK check-in (the priority question's "No") to the last byte written
    to the printer. Alternating: one check-in with frames drawn as usual (the visitor's wait),
    one with the UI thread only running its clock (no drawing), whose seams give the kiosk's
    own work: a software-rendered frame holds the GIL and would be counted in any of them."""
    state = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    app, ui = _bench_app(state)
    from kivy.clock import Clock
    from kivy.tests.common import UnitTestTouch  # Kivy only after _bench_app prepared it

    marks = Marks(app)
    parts: dict[str, list[float]] = {}
    for run in range(runs * 2):
        drawn = run % 2 == 0
        _to_priority(app, ui)
        button = ui.screen.ids.no
        touch = UnitTestTouch(*button.to_window(*button.center))
        touch.touch_down()
        ui.pump(1)
        marks.t.clear()
        printed = marks.printed
        tap = time.perf_counter()
        touch.touch_up()  # the release is the tap: the handler runs inside this dispatch
        while marks.printed == printed:
            if drawn:
                ui.pump(1)
            else:
                Clock.tick()  # posted callbacks run; nothing is drawn
                time.sleep(0.0002)
        t = marks.t
        if drawn:
            parts.setdefault("tap to last byte, frames drawn", []).append(t["write_end"] - tap)
            continue
        own = {
            "touch to handler": t["handler"] - tap,
            "handler (UI thread)": t["handler_end"] - t["handler"],
            "store commit, fsync": t["commit_end"] - t["commit"],
            "ESC/POS render": t["render_end"] - t["render"],
            "write to printer": t["write_end"] - t["write"],
        }
        own["kiosk's own work"] = sum(own.values())
        own["tap to last byte, no drawing"] = t["write_end"] - tap
        for name, value in own.items():
            parts.setdefault(name, []).append(value)
    for name, samples in parts.items():
        print(f"check-in {name:32} {median_ms(samples)}")
    print("check-in goal: kiosk's own work at most 20 ms median")
    frames_while_central_hangs(app, ui, runs)
    start = time.perf_counter()
    app.stop()
    stopped = (time.perf_counter() - start) * 1000
    print(f"stop (app.stop: threads joined) {stopped:8.1f} ms (goal 100 ms)")


def frames_while_central_hangs(app, ui, runs: int) -> None:
    """The longest single frame of a check-in whose central answers, and of one whose central
    hangs until the ticket's budget runs out: a frame that waits on the network shows here."""
    from kiosk.sync.central import Central
    from kiosk.sync.client import CentralClient
    from kiosk_testsupport.central_server import CentralServer

    server = CentralServer(token="bench").start()
    central = Central(CentralClient(server.url, "bench"), "bench", budget_s=1.5)
    longest: dict[str, list[float]] = {"healthy": [], "hangs": []}
    with tempfile.TemporaryDirectory() as state, ui.serving(Path(state), central=central):
        for _ in range(runs):  # alternating, as everywhere in this bench
            for mode in longest:
                longest[mode].append(_longest_frame(app, ui, server, mode == "hangs"))
    server.stop()
    for mode, samples in longest.items():
        print(f"longest frame, central {mode:7} {median_ms(samples)}")
    extra = (statistics.median(longest["hangs"]) - statistics.median(longest["healthy"])) * 1000
    print(f"longest frame, hangs - healthy  {extra:8.1f} ms (goal at most 16 ms; budget 1500 ms)")


def _longest_frame(app, ui, server, hang: bool) -> float:
    from kivy.tests.common import UnitTestTouch

    _to_priority(app, ui)
    if hang:
        server.inject("hang")
    button = ui.screen.ids.no
    touch = UnitTestTouch(*button.to_window(*button.center))
    worst = 0.0

    def frame() -> None:
        nonlocal worst
        before = time.perf_counter()
        ui.pump(1)
        worst = max(worst, time.perf_counter() - before)

    touch.touch_down()
    frame()
    touch.touch_up()
    # Every frame until the ticket is on screen, its print has ended (the flow is no longer
    # busy) and the fade to the ticket screen is over.
    while app.root.current != "ticket" or app.flow.busy or app.root.transition.is_active:
        frame()
    if hang:
        server.release.set()
        server.release.clear()
    return worst


def scan_flood(runs: int, codes: int = 10_000, seconds: float = 1.0) -> None:
    """The longest frame while the scanner sends ``codes`` booking codes in ``seconds`` (a
    scanner in continuous mode, a stuck trigger), against the longest frame of one visitor's
    single scan, alternating; both end on the booking screen."""
    import threading

    state = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    app, ui = _bench_app(state)
    scanner = app.kiosk.scanner
    longest: dict[str, list[float]] = {"one scan": [], "flood": []}

    def send(burst: list[bytes]) -> None:
        chunk = max(1, len(burst) // 100)  # in 100 writes, spread over the second
        for i in range(0, len(burst), chunk):
            scanner.scan(b"".join(burst[i : i + chunk]))
            time.sleep(seconds / 100)

    for run in range(runs):
        for mode in longest:
            ui.home()
            n = codes if mode == "flood" else 1
            burst = [b"MP-%d-%05d\r\n" % (run, i) for i in range(n)]
            writer = threading.Thread(target=send, args=(burst,))
            worst, start = 0.0, time.perf_counter()
            writer.start()
            # Frames through the flood and until its last code is on screen, for at least as
            # long as the flood lasts in either mode.
            last = burst[-1].strip().decode()
            while (
                writer.is_alive()
                or time.perf_counter() - start < seconds + 0.5
                or last not in ui.texts()
            ):
                before = time.perf_counter()
                ui.pump(1)
                worst = max(worst, time.perf_counter() - before)
            writer.join()
            longest[mode].append(worst)
    for mode, samples in longest.items():
        print(f"longest frame, {mode:8} {median_ms(samples)}")
    extra = (statistics.median(longest["flood"]) - statistics.median(longest["one scan"])) * 1000
    print(f"longest frame, {codes:,} codes in {seconds:.0f} s - one scan {extra:8.1f} ms "
          f"(goal at most 50 ms)")  # fmt: skip
    app.stop()


def soak(checkins: int, every: int = 1000) -> None:
    """Check-ins through the real app (UI handlers, store, renderer, printer device), RSS
    sampled every ``every``: anything kept per ticket, per frame or per scan grows here."""
    state = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    app, ui = _bench_app(state)
    from kivy.clock import Clock
    from kivy.uix.screenmanager import NoTransition

    marks = Marks(app)
    app.root.transition = NoTransition()  # frames, not fades: the same work, sooner
    scanner = app.kiosk.scanner

    def settle(done) -> None:  # posted callbacks run; no frame drawn (one per check-in below)
        while not done():
            Clock.tick()
            time.sleep(0.0002)

    def one(i: int) -> None:
        printed = marks.printed
        app.go("nik")
        if i % 2:  # half by a typed NIK, half by a scanned one: the scanner's path too
            for digit in "3171011708450001":
                app.root.current_screen.press(digit)
            app.root.current_screen.submit(app)
        else:
            scanner.scan(b"3171011708450001\r\n")
        settle(lambda: app.root.current == "service")
        app.take_ticket("paspor_baru")
        app.issue_ticket("paspor_baru")
        settle(lambda: marks.printed > printed and not app.flow.busy)
        ui.pump(1)  # the ticket screen drawn: textures per ticket would pile up here
        app.go_home()

    for i in range(200):  # warm: caches, the lazy screens, the first textures
        one(i)
    series = [_rss_mb()]
    start = time.perf_counter()
    for i in range(1, checkins + 1):
        one(i)
        if i % every == 0:
            series.append(_rss_mb())
            print(f"soak {i:6d} check-ins {series[-1]:7.1f} MB", flush=True)
    elapsed = time.perf_counter() - start
    app.stop()
    print(f"soak, {checkins} check-ins in {elapsed:.0f} s, RSS every {every} (MB): "
          + " ".join(f"{v:.1f}" for v in series))  # fmt: skip
    print(f"soak RSS growth {series[-1] - series[0]:+.1f} MB (goal under 5 MB)")


def _rss_mb() -> float:
    import gc

    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def drain(runs: int, backlog: int = 10_000) -> None:
    """Outbox rows per second to the local test server, 50 a batch, one request a row."""
    from kiosk.domain.outbox import OutboxEntry
    from kiosk.store.database import Database
    from kiosk.store.outbox import Outbox
    from kiosk.sync.central import Central
    from kiosk.sync.client import CentralClient
    from kiosk.sync.worker import SyncWorker
    from kiosk_testsupport.central_server import CentralServer

    rates = []
    for _ in range(runs):
        state = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
        server = CentralServer(token="bench").start()
        db = Database(state / "kiosk.sqlite3")
        outbox = Outbox(db)
        central = Central(CentralClient(server.url, "bench"), "bench", budget_s=1.5)
        entries = []
        for i in range(backlog):
            ticket_id = str(uuid.uuid4())
            body = {
                "id": ticket_id,
                "kiosk_id": "bench",
                "service_code": "paspor_baru",
                "lane": "regular",
                "source": "walk_in",
                "number": f"A-{800 + i % 9000:04d}",
                "issued_at": "2026-11-30T08:00:00+07:00",
                "clock_synced": True,
            }
            entries.append(OutboxEntry("ticket", ticket_id, body))
        outbox.add(entries)
        worker = SyncWorker(central, outbox, db)
        start = time.perf_counter()
        while worker.run_once():
            pass
        elapsed = time.perf_counter() - start
        assert len(server.state.tickets) == backlog
        rates.append(backlog / elapsed)
        server.stop()
        db.close()
    print(
        f"outbox drain, {backlog} rows    {statistics.median(rates):8.0f} rows/s "
        f"(min {min(rates):.0f}, n={len(rates)})"
    )


def tickets(runs: int) -> None:
    from kiosk.config import DEFAULT_SERVICES
    from kiosk.domain.ticket_layout import TicketHeader
    from kiosk.domain.tickets import Source, Ticket
    from kiosk.hardware.printer import PaperFormat, TicketRenderer, prepare_logo
    from kiosk.paths import asset
    from layanan_rules.services import Lane

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


# --- central queue service ----------------------------------------------------------------
def central(runs: int) -> None:
    """The real central (``kiosk-central serve``, its default 2 workers x 8 threads) on
    127.0.0.1, started per engine; PostgreSQL in a throwaway cluster as the tests start it."""
    try:
        import django  # noqa: F401
    except ImportError:
        print("central: Django is missing: run scripts/test once (installs the central extra)")
        return
    _on_each_engine("central", _central_bench)


def _on_each_engine(label: str, run) -> None:
    """``run(central, engine)`` with a fresh central (migrated, demo data) on SQLite, then on
    PostgreSQL in a throwaway cluster as the tests start it."""
    sys.path.insert(0, str(ROOT))
    from tests.central.conftest import Central, Postgres

    pg = Postgres().start() if Path("/usr/lib/postgresql").exists() else None
    try:
        for engine in ("sqlite", "postgresql"):
            if engine == "postgresql" and pg is None:
                print(f"{label} postgresql: not installed (scripts/test installs it)")
                continue
            with tempfile.TemporaryDirectory() as tmp:
                url = pg.create(f"b{uuid.uuid4().hex[:8]}") if engine == "postgresql" else ""
                c = Central(Path(tmp), url).setup()
                try:
                    run(c, engine)
                finally:
                    c.kill()
    finally:
        if pg is not None:
            pg.stop()


def _central_bench(c, engine: str) -> None:
    import threading

    import requests

    from tests.central.api import ticket_body

    tokens = [
        c.register(f"k{i:03d}", "--block-start", str(800 + 10 * i), "--block-size", "10")
        for i in range(100)
    ]
    c.start()
    # burst: every kiosk asks again the moment it is answered (a closed loop: the server's
    # throughput on this machine); steady: each asks at random, one ticket per 2 s on average
    # (a rush far beyond a real office's), so the figure is a kiosk's wait, not a queue's.
    for mode, kiosks, each in (
        ("burst", 1, 200),
        ("burst", 20, 20),
        ("burst", 100, 5),
        ("steady", 1, 20),
        ("steady", 20, 10),
        ("steady", 100, 4),
    ):
        samples: list[float] = []
        barrier = threading.Barrier(kiosks)
        rng = random.Random(7)  # seed printed with the figures
        pauses = [[rng.expovariate(0.5) for _ in range(each)] for _ in range(kiosks)]

        def kiosk(i: int, mode=mode, each=each, barrier=barrier, samples=samples, pauses=pauses):
            s = requests.Session()
            s.headers["Authorization"] = f"Bearer {tokens[i]}"
            barrier.wait()
            for n in range(each):
                if mode == "steady":
                    time.sleep(pauses[i][n])
                body = ticket_body(
                    f"k{i:03d}", ("informasi", "izin_tinggal", "hilang_rusak")[i % 3]
                )
                start = time.perf_counter()
                reply = s.post(
                    c.url + "/tickets",
                    json=body,
                    timeout=60,
                    headers={"Idempotency-Key": str(uuid.uuid4())},
                )
                samples.append(time.perf_counter() - start)
                assert reply.status_code == 201, reply.text
            s.close()

        threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(kiosks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        samples.sort()
        p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000
        print(
            f"central {engine:10} allocate, {mode:6} {kiosks:3d} kiosks: median "
            f"{statistics.median(samples) * 1000:6.1f} ms, p99 {p99:6.1f} ms "
            f"(n={len(samples)}, seed 7)"
        )
    # A kiosk's backlog of 10,000 offline tickets, 500 records a request.
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {tokens[0]}"
    records = []
    for n in range(10_000):
        service, seq = ("paspor_baru", "penggantian")[n % 2], 1000 + n // 2
        body = ticket_body("k000", service, number=f"{'AB'[n % 2]}-{seq}", sequence=n)
        records.append({"kind": "ticket", "key": str(uuid.uuid4()), "body": body})
    start = time.perf_counter()
    for i in range(0, len(records), 500):
        reply = s.post(
            c.url + "/batch",
            json={"records": records[i : i + 500]},
            timeout=120,
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert reply.status_code == 200 and all(r["status"] == 201 for r in reply.json()["results"])
    elapsed = time.perf_counter() - start
    print(f"central {engine:10} batch drain of 10,000 records: {10_000 / elapsed:7.0f} records/s")


# --- kiosk-drain: the kiosk's outbox worker into the real central --------------------------
def kiosk_drain(runs: int, backlog: int = 10_000) -> None:
    """Records/s of the kiosk's own sync stack (outbox, worker, client: POST /batch) draining
    an offline backlog into ``kiosk-central serve`` on SQLite; issue 13's goal is 2,000/s."""
    try:
        import django  # noqa: F401
    except ImportError:
        print("kiosk-drain: Django is missing: run scripts/test once (installs the central extra)")
        return
    sys.path.insert(0, str(ROOT))
    from kiosk.domain.outbox import OutboxEntry
    from tests.central.api import ticket_body
    from tests.central.conftest import Central
    from tests.central.kiosk_side import make_kiosk

    rates, requests = [], 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            c = Central(Path(tmp) / "central").setup()
            token = c.register("kiosk-01", "--block-start", "1000", "--block-size", "8000")
            c.start()
            try:
                kiosk = make_kiosk(Path(tmp) / "k.sqlite3", c.url, token, "kiosk-01", 1000, 60.0)
                entries = []
                for n in range(backlog):  # two services, numbers from the kiosk's block
                    service, seq = ("paspor_baru", "penggantian")[n % 2], 1000 + n // 2
                    body = ticket_body("kiosk-01", service, number=f"{'AB'[n % 2]}-{seq}")
                    body["sequence"] = n
                    entries.append(OutboxEntry("ticket", body["id"], body))
                kiosk.outbox.add(entries)
                start = time.perf_counter()
                while kiosk.worker.run_once():
                    requests += 1
                elapsed = time.perf_counter() - start
                counts = kiosk.outbox.counts()
                assert counts["done"] == backlog, counts
                rates.append(backlog / elapsed)
                kiosk.client.close()
                kiosk.db.close()
            finally:
                c.kill()
    print(
        f"kiosk drain into the real central (sqlite), {backlog} records: "
        f"{statistics.median(rates):7.0f} records/s median (min {min(rates):.0f}, "
        f"n={len(rates)}, {requests // len(rates)} requests a drain)"
    )


# --- end of kiosk-drain ----------------------------------------------------------------------


# --- issue 14: the live pages and the wait estimate (central-live, central-wait) -----------
def central_wait(runs: int) -> None:
    """The wait estimate against the wait visitors really had, on seeded simulated office
    days (kiosk_central.calling.simulate), beside the naive "people ahead x average"."""
    from kiosk_central.calling.simulate import run

    for seed in (14, 15, 16):
        r = run(20, seed).summary()
        print(
            f"central-wait seed {seed}, 20 days, {r['visitors']} visitors (median real wait "
            f"{r['wait_median']:.1f} min): estimate median {r['estimate_median']:.1f} min, "
            f"p90 {r['estimate_p90']:.1f} min | naive median {r['naive_median']:.1f} min, "
            f"p90 {r['naive_p90']:.1f} min"
        )


def _sse_reader(port: int, path: str, seen: list, stop) -> None:
    """One live page: every state it is sent, with the moment it arrived."""
    import json
    import socket

    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
    f = sock.makefile("rb")
    event = ""
    try:
        for line in f:
            if stop.is_set():
                break
            if line.startswith(b"event: "):
                event = line[7:].strip().decode()
            elif line.startswith(b"data: ") and event == "state":
                seen.append((time.perf_counter(), json.loads(line[6:])))
    except OSError:
        pass
    finally:
        sock.close()


def central_live(runs: int, calls: int = 30) -> None:
    """Call next at a counter to the number on 20 display boards and to the new state on the
    status pages it changed, with 1,000 people waiting before them and 500 status pages open
    (issue 26's goal 4), on SQLite and PostgreSQL."""
    live: dict[str, tuple] = {}  # engine -> (p99, median) to the boards, to the pages, in ms

    def run(c, engine: str) -> None:
        to_board, to_status, pages = _live_calls(c, calls)
        live[engine] = (*_p99_median(to_board), *_p99_median(to_status))
        for name, xs in (("display (20 boards)", to_board), ("status pages", to_status)):
            p99, median = _p99_median(xs)
            print(
                f"central-live {engine:10} Call next -> {name:19}: median "
                f"{median:6.1f} ms, p99 {p99:6.1f} ms (n={len(xs)}; 1,000 waiting, "
                f"{pages} pages open)"
            )

    _on_each_engine("central-live", run)
    _record_live(live)


LIVE_WAITING, LIVE_PAGES = 1000, 500


def _live_calls(c, calls: int) -> tuple[list[float], list[float], int]:
    """Seconds from each Call next to the number on 20 boards, and to each open status page
    whose state the call changed (its place in the line), with ``LIVE_WAITING`` people waiting
    ahead of the ``LIVE_PAGES`` tickets whose pages are open."""
    import threading

    from tests.central import rush
    from tests.central.web import Office

    rush.seed(c, LIVE_WAITING, serving=False)
    office = Office(c, staff=1, segments=False)
    services = ("paspor_baru", "penggantian")
    tickets = [office.issue(services[i % 2]) for i in range(LIVE_PAGES)]
    stop = threading.Event()
    boards = [[] for _ in range(20)]
    pages = [[] for _ in tickets]
    readers = [(c.port, "/display/live", b) for b in boards]
    ids = [t["id"] for t in tickets]
    readers += [(c.port, f"/s/{i}/live", seen) for i, seen in zip(ids, pages, strict=True)]
    for args in readers:
        threading.Thread(target=_sse_reader, args=(*args, stop), daemon=True).start()
    time.sleep(5)  # every page connected and sent its first state
    s = office.session("loket1", 1)
    to_board, to_status = [], []
    for _ in range(calls):
        start = time.perf_counter()
        number = office.act(s, "call_next").split()[-1].rstrip(".")
        time.sleep(0.8)

        def on_board(state, number=number) -> bool:
            return bool(state["calls"]) and state["calls"][0]["number"] == number

        to_board += [_first(b, start, on_board) for b in boards]
        to_status += [t for t in (_changed(seen, start) for seen in pages) if t is not None]
        office.act(s, "done", ticket=office.held(s))
        time.sleep(0.3)  # the Done's own update delivered before the next call
    stop.set()
    return to_board, to_status, len(pages)


def _changed(seen: list, start: float) -> float | None:
    """Seconds from ``start`` to the first state a page saw that differs from the one it
    showed before ``start``; None when the call changed nothing on it."""
    before = [state for t, state in seen if t < start]
    after = [t for t, state in seen if t >= start and (not before or state != before[-1])]
    return min(after) - start if after else None


def _first(seen: list, start: float, shows) -> float:
    """Seconds from ``start`` to the first state a reader saw that ``shows`` the call."""
    got = [t for t, state in seen if t >= start and shows(state)]
    return min(got) - start if got else float("inf")


def _p99_median(seconds: list[float]) -> tuple[float, float]:
    """(p99, median) in ms; the p99 as the bench always took it (the 99th of 100 in order)."""
    xs = sorted(seconds)
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))] * 1000, statistics.median(xs) * 1000


def _record_live(live: dict[str, tuple]) -> None:
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    if live:
        figures.recorder.record(
            "central-live",
            "; ".join(
                f"{names[e]} boards p99 {b99:.0f} ms (median {bmed:.0f}), status pages p99 "
                f"{s99:.0f} ms (median {smed:.0f})"
                for e, (b99, bmed, s99, smed) in live.items()
            ),
        )


# --- end of issue 14's block ---------------------------------------------------------------


# --- central reports (issue 15) -----------------------------------------------------------


def central_reports(runs: int) -> None:
    """The dashboard's period report over a year of a busy office (365 days x 300 tickets) on
    SQLite and PostgreSQL: in-process (the digest job, the report with and without digests)
    and through the real server (the period page and the XLSX of every table, the first time
    with the closed days digested, then from the cache; the page once with no digest at all),
    medians of ``runs``."""
    sys.path.insert(0, str(ROOT))
    from tests.central.conftest import Central, Postgres

    firsts: dict[str, list[float]] = {}  # engine -> [period page, XLSX], first request, ms
    undigested: dict[str, float] = {}  # engine -> the period page with no digest, s
    pg = Postgres().start() if Path("/usr/lib/postgresql").exists() else None
    try:
        for engine in ("sqlite", "postgresql"):
            if engine == "postgresql" and pg is None:
                print("central-reports postgresql: not installed (scripts/test installs it)")
                continue
            with tempfile.TemporaryDirectory() as tmp:
                url = pg.create(f"rep{uuid.uuid4().hex[:8]}") if engine == "postgresql" else ""
                c = Central(Path(tmp), url).setup()
                print(f"central-reports {engine}:", flush=True)
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "kiosk_testsupport.sample_year",
                        str(c.config),
                        str(runs),
                    ],
                    cwd=ROOT,
                    check=True,
                )
                year = "preset=custom&first=2025-11-24&last=2026-11-23"
                c.start()
                try:
                    s = _central_session(c)
                    for what, path in (
                        ("period page over HTTP, a year", f"/dashboard/period/?{year}"),
                        ("XLSX of every table over HTTP", f"/dashboard/export/report.xlsx?{year}"),
                    ):
                        samples = [_timed_get(s, c, path) for _ in range(runs)]
                        firsts.setdefault(engine, []).append(samples[0] * 1000)
                        # the first computes the report from the digests; then the cache
                        print(
                            f"  {what}: first (digests in place) {samples[0] * 1000:.0f} ms, "
                            f"then median {median_ms(samples[1:] or samples)}",
                            flush=True,
                        )
                finally:
                    c.kill()
                # The worst case once: a fresh server (an empty cache) and no digest at all.
                c.query("DELETE FROM dashboard_daydigest RETURNING id")  # rows for psycopg
                c.start()
                try:
                    took = _timed_get(_central_session(c), c, f"/dashboard/period/?{year}")
                    undigested[engine] = took
                    print(f"  period page over HTTP, a year, no digests: {took * 1000:.0f} ms")
                finally:
                    c.kill()
    finally:
        if pg is not None:
            pg.stop()
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    if firsts:
        figures.recorder.record(
            "report-year-http",
            ", ".join(f"{names[e]} {p:.0f} / {x:.0f} ms" for e, (p, x) in firsts.items()),
        )
    if undigested:
        figures.recorder.record(
            "report-no-digest", ", ".join(f"{names[e]} {t:.1f} s" for e, t in undigested.items())
        )


def _central_session(c):
    import requests

    s = requests.Session()
    login = f"http://127.0.0.1:{c.port}/masuk/"
    token = s.get(login).cookies["csrftoken"]
    form = {"username": "bench", "password": "bench-pw", "csrfmiddlewaretoken": token}
    s.post(login, data=form, headers={"Referer": login})
    return s


def _timed_get(s, c, path: str) -> float:
    start = time.perf_counter()
    reply = s.get(f"http://127.0.0.1:{c.port}{path}", timeout=120)
    assert reply.status_code == 200, reply.status_code
    return time.perf_counter() - start


# --- end central reports ------------------------------------------------------------------


# --- central-rush (issue 26): a morning's queue -------------------------------------------
PRESSES = 200  # Call next in the morning rush


def central_rush(runs: int, tickets: int = 1000, day: int = 3000) -> None:
    """The real central (``kiosk-central serve``) on SQLite and PostgreSQL, seeded with an
    office where 1,000 people wait across its services and ten counters call: the cost of a
    ticket over ``tickets`` more from one kiosk (first 50 against last 50), 10 and 50 kiosks
    at once, the write lock's time per ticket, and the server's RSS after 3,000 tickets
    against idle. Each figure is the median of ``runs`` short runs where it is repeated."""
    sys.path.insert(0, str(ROOT))
    from tests.central import rush

    print(f"central-rush load: {os.getloadavg()[0]:.2f} (1 min), 2 cores", flush=True)
    flat_only = {"flat"} if day < 0 else None
    _on_each_engine(
        "central-rush", lambda c, engine: _rush(c, engine, runs, tickets, day, rush, flat_only)
    )


def _rush(c, engine: str, runs: int, count: int, day: int, rush, parts_wanted=None) -> None:
    tokens = rush.kiosks(c, 50)
    rush.seed(c, 1000)
    c.start()
    tag = f"central-rush {engine:10}"
    rush.post_tickets(c, tokens[:1], 10)  # warm: every module loaded, connections open
    idle = rush.rss_mb(c.proc.pid)
    posted = 10
    # first 50, the middle, last 50: wall times, and the server's CPU for each end (the wall
    # time on a shared machine also holds other people's fsyncs and CPU)
    parts = []
    for n in (50, count - 100, 50):
        used = rush.cpu_s(c.proc.pid)
        times, failures, _ = rush.post_tickets(c, tokens[:1], n)
        parts.append((times, failures, (rush.cpu_s(c.proc.pid) - used) / n))
    posted += count
    (first, f1, cpu1), (_, f2, _), (last, f3, cpu3) = parts
    first_ms, last_ms = rush.median(first) * 1000, rush.median(last) * 1000
    print(
        f"{tag} flat: one kiosk, {count} tickets onto 1,000 waiting: first 50 median "
        f"{first_ms:.1f} ms, last 50 {last_ms:.1f} ms, ratio {last_ms / first_ms:.2f}; "
        f"server CPU a ticket {cpu1 * 1000:.1f} then {cpu3 * 1000:.1f} ms, ratio "
        f"{cpu3 / max(cpu1, 1e-9):.2f} ({len(f1 + f2 + f3)} errors)",
        flush=True,
    )
    # Call next with the queue as it is now (1,000 + ``count`` waiting), as the counter page
    # presses it: the press's answer, then the panel the page fetches
    # 200 presses: the p99 of 60 was their largest, one slow press set it
    calls, panels, failed = rush.call_next_times(c, PRESSES)
    print(
        f"{tag} Call next with {1000 + count} waiting (ten counters in turn, {PRESSES} presses): "
        f"median {rush.median(calls) * 1000:.1f} ms, p99 {rush.p99(calls) * 1000:.1f} ms; "
        f"the panel after it median {rush.median(panels) * 1000:.1f} ms, p99 "
        f"{rush.p99(panels) * 1000:.1f} ms ({len(failed)} errors)",
        flush=True,
    )
    if parts_wanted == {"flat"}:
        return
    at_day = None  # the RSS once ``day`` tickets were posted (goal 5), then at the end

    def rss_at_day() -> None:
        nonlocal at_day
        if at_day is None and posted >= day:
            at_day = (posted, rush.rss_mb(c.proc.pid))

    for kiosks, each in ((10, 50), (50, 10)):
        rates, p99s, medians, errors, cpu = [], [], [], 0, []
        kinds: collections.Counter = collections.Counter()
        for _ in range(runs):
            used = rush.cpu_s(c.proc.pid)
            times, failures, wall = rush.post_tickets(c, tokens[:kiosks], each)
            cpu.append((rush.cpu_s(c.proc.pid) - used) / len(times))
            posted += kiosks * each
            rss_at_day()
            rates.append(len(times) / wall)
            p99s.append(rush.p99(times))
            medians.append(rush.median(times))
            errors += len(failures)
        print(
            f"{tag} {kiosks} kiosks x {each} tickets: {statistics.median(rates):.0f} tickets/s, "
            f"median {statistics.median(medians) * 1000:.1f} ms, p99 "
            f"{statistics.median(p99s) * 1000:.1f} ms (medians of {runs} runs), "
            f"{errors} errors in {runs * kiosks * each} {dict(kinds) or ''}; server CPU "
            f"{statistics.median(cpu) * 1000:.1f} ms a ticket",
            flush=True,
        )
    # a kiosk's tickets while clients dribble their headers a byte a second (issue 25)
    for slow in (0, 100):
        dribbling = rush.SlowClients(c.port, slow) if slow else None
        try:
            time.sleep(2 if slow else 0)
            times, failures, _ = rush.post_tickets(c, tokens[:1], 30)
        finally:
            if dribbling:
                dribbling.close()
        posted += 30
        print(
            f"{tag} one kiosk, {slow} clients sending headers at 1 byte/s: median "
            f"{rush.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms, "
            f"{len(failures)} errors (direct to the server)",
            flush=True,
        )
    while posted < day:
        each = max(1, min(100, day - posted) // 10)
        rush.post_tickets(c, tokens[:10], each)
        posted += 10 * each
    rss_at_day()
    after = rush.rss_mb(c.proc.pid)
    print(
        f"{tag} memory: RSS {idle:.0f} MB idle, {at_day[1]:.0f} MB after {at_day[0]} tickets "
        f"({at_day[1] / idle:.2f}x), {after:.0f} MB after {posted} ({after / idle:.2f}x)",
        flush=True,
    )
    c.kill()
    held, work, statements, under, row = rush.lock_times(c, tokens[0], "r000", 200)
    print(
        f"{tag} write lock per ticket, {posted + 1000}+ tickets in the day: held to COMMIT's "
        f"start median {statistics.median(work) * 1000:.2f} ms (p99 "
        f"{rush.p99(work) * 1000:.2f}), to COMMIT done (its fsync) median "
        f"{statistics.median(held) * 1000:.2f} ms (p99 {rush.p99(held) * 1000:.2f}); "
        f"{statements} statements a ticket, {under} under the lock; the day's counter row "
        f"to COMMIT done median {statistics.median(row) * 1000:.2f} ms",
        flush=True,
    )


# --- end central-rush ---------------------------------------------------------------------


def central_growth(runs: int) -> None:
    """The central's database after a year of a busy office (365 days x 300 tickets) on
    SQLite and PostgreSQL: its size with and without the stored replies the housekeeping
    prunes, the purge's table rewrite, and one backup of it (issue 31)."""
    sys.path.insert(0, str(ROOT))
    from tests.central.conftest import Central, Postgres

    pg = Postgres().start() if Path("/usr/lib/postgresql").exists() else None
    try:
        for engine in ("sqlite", "postgresql") if pg else ("sqlite",):
            with tempfile.TemporaryDirectory() as tmp:
                url = pg.create(f"gr{uuid.uuid4().hex[:8]}") if engine == "postgresql" else ""
                c = Central(Path(tmp), url).setup()
                c.register("kiosk-01")
                print(f"central-growth {engine}:", flush=True)
                module = "kiosk_testsupport.growth_year"
                run = [sys.executable, "-m", module, str(c.config)]
                subprocess.run(run, cwd=ROOT, check=True)
    finally:
        if pg is not None:
            pg.stop()


def booking_release() -> None:
    """Issue 29's release moment: scripts/bench_booking.py (1,000 attempts for 50 places)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_booking

    bench_booking.main()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--only",
        choices=(
            "cold",
            "tickets",
            "drain",
            "checkin",
            "soak",
            "flood",
            "central",
            "central-wait",
            "central-live",
            "central-reports",
            "central-rush",
            "kiosk-drain",
            "central-growth",
            "booking-release",
        ),
    )
    parser.add_argument("--soak", type=int, default=10_000, help="check-ins in the soak")
    parser.add_argument("--rush", type=int, default=1000, help="central-rush: a kiosk's tickets")
    parser.add_argument(
        "--rush-day", type=int, default=3000, help="central-rush: then RSS (-1: the flat run only)"
    )
    parser.add_argument(
        "--record",
        action="store_true",
        help="keep the figures measured in scripts/figures.json and the README's table",
    )
    args = parser.parse_args()
    print(f"layanan-kiosk bench, {args.runs} runs each, medians")
    benches = {
        "cold": lambda: cold_start(args.runs),
        "tickets": lambda: tickets(args.runs * 5),
        "drain": lambda: drain(max(1, args.runs // 2)),
        "checkin": lambda: check_in(args.runs * 3),
        "soak": lambda: soak(args.soak),
        "flood": lambda: scan_flood(args.runs),
        "central": lambda: central(args.runs),
        "central-wait": lambda: central_wait(args.runs),
        "central-live": lambda: central_live(args.runs),
        "central-reports": lambda: central_reports(args.runs),
        "central-rush": lambda: central_rush(args.runs, args.rush, args.rush_day),
        "kiosk-drain": lambda: kiosk_drain(max(1, args.runs // 2)),
        "central-growth": lambda: central_growth(args.runs),
        "booking-release": booking_release,
    }
    for name, bench in benches.items():
        if args.only in (None, name):
            bench()
    if args.record:
        saved = figures.recorder.save()
        print(f"recorded in scripts/figures.json and README: {', '.join(saved) or 'nothing'}")
    print(figures.status())
    return 0


if __name__ == "__main__":
    sys.exit(main())
