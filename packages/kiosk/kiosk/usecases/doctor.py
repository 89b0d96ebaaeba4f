"""``kiosk doctor``: everything a technician checks first, in under five seconds.

Each check runs on its own thread; the whole report waits at most ``BUDGET_S``, so a hung
network or printer shows as FAIL "no answer" instead of freezing the SSH session.

The devices (printer, scanner, rating buttons) belong to the running kiosk while it runs: then
their rows are what the kiosk itself last saw (``live``, from its status file), and nothing is
opened. Only when no kiosk is running are they probed (``probe``). The other checks read files
and the network, which the kiosk shares, and run either way.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.config import Config
from kiosk.domain.central_bodies import heartbeat_body
from kiosk.domain.faults import FaultState
from kiosk.domain.i18n import TEXTS, tr
from kiosk.domain.ports import Probes
from kiosk.errors import CentralError, StoreError
from kiosk.usecases.live_status import LiveStatus, find_running
from layanan_rules.formatting import decimal

BUDGET_S = 4.5
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    status: str  # OK | WARN | FAIL
    check: str
    detail: str
    fix: str = ""
    source: str = ""  # devices: "live" (the running kiosk's own state) or "probe" (opened here)
    # What the technician screen says, in its language: an i18n "found." key and its values.
    # The detail above (English, with exception names) is for the command line and the log.
    found: tuple[str, tuple[tuple[str, object], ...]] | None = None

    @property
    def shown(self) -> str:
        """The detail as shown to a technician, saying where a device's state came from."""
        return f"[{self.source}] {self.detail}" if self.source else self.detail

    def named(self, lang: str) -> str:
        return tr("check." + self.check.lower().replace(" ", "_"), lang)

    def status_said(self, lang: str) -> str:
        return tr(f"status.{self.status}", lang)

    def said(self, lang: str) -> str:
        """The detail as a short sentence in ``lang``: without an i18n key, what the status
        means; never an exception's name or text. (On the technician screen every device row
        is the running kiosk's own state, so no source is said.)"""
        key, values = self.found or (f"found.{self.status.lower()}", ())
        words = {k: _word(v, lang) for k, v in values}
        return tr(key, lang, **words)


def found(key: str, **values: object) -> tuple[str, tuple[tuple[str, object], ...]]:
    return f"found.{key}", tuple(values.items())


class Fault(str):
    """A fault's name, said in words on the technician screen."""


class Duration(int):
    """Seconds, said as seconds, minutes or hours on the technician screen."""


def _word(value: object, lang: str) -> object:
    if isinstance(value, Fault):
        key = f"fault.{value}"
        return tr(key, lang) if key in TEXTS else tr("fault.other", lang)
    if isinstance(value, Duration):
        n, unit = _unit(int(value))
        return tr(f"unit.{unit}", lang, n=n)
    if isinstance(value, float):
        return decimal(value, lang, 1)
    return value


def _ok(check: str, detail: str, said: tuple | None = None) -> Result:
    return Result("OK", check, detail, found=said)


def check_state_dir(config: Config, probes: Probes) -> Result:
    path = config.state_path()
    problem = probes.storage_problem(path)
    if problem:
        fix = "put kiosk.state_dir on the SD card or SSD, not tmpfs or the overlay"
        return Result("FAIL", "state directory", problem, fix)
    return _ok("state directory", str(path))


def check_database(config: Config, probes: Probes) -> Result:
    path = config.state_path() / "kiosk.sqlite3"
    if not path.exists():
        return Result("WARN", "database", f"{path} not created yet", "start the kiosk once",
                      found=found("db_missing"))  # fmt: skip
    try:
        ok, version = probes.database_health(path)
    except StoreError as exc:
        return Result("FAIL", "database", str(exc), "restore a backup of the state directory",
                      found=found("db_broken"))  # fmt: skip
    if not ok:
        return Result("FAIL", "database", "integrity check failed", "restore a backup",
                      found=found("db_broken"))  # fmt: skip
    return _ok("database", f"integrity ok, schema {version}", found("db_ok", version=version))


def check_outbox(config: Config, probes: Probes) -> Result:
    path = config.state_path() / "kiosk.sqlite3"
    if config.standalone or not path.exists():
        return _ok("outbox", "standalone: nothing to send", found("standalone"))
    counts = probes.outbox_counts(path)
    waiting, refused = counts["pending"] + counts["inflight"], counts["parked"]
    detail = f"{waiting} waiting, {refused} refused"
    said = found("outbox", waiting=waiting, refused=refused)
    if refused:
        return Result("WARN", "outbox", detail, "kiosk outbox: see why the server refused them",
                      found=said)  # fmt: skip
    return _ok("outbox", detail, said)


def probe_printer(config: Config, probes: Probes) -> Result:
    printer = probes.printer()
    try:
        status = printer.status()
    except Exception as exc:  # PrintFailed, or a driver surprise: either way, not printing
        fault = getattr(exc, "fault", exc.__class__.__name__)
        return Result("FAIL", "printer", f"{config.printer.type}: {fault}",
                      "check power, cable and paper; kiosk printer-status for details",
                      found=found("fault_now", fault=Fault(fault)))  # fmt: skip
    if status.fault:
        return Result("FAIL", "printer", status.describe(), "load paper / close the cover")
    if status.warning:
        return Result("WARN", "printer", status.describe(), "load a new roll soon")
    return _ok("printer", f"{config.printer.type} {config.printer.profile}: {status.describe()}")


def probe_scanner(config: Config, probes: Probes) -> Result:
    sc = config.scanner
    if sc.type != "serial":
        return Result("WARN" if sc.type == "none" else "OK", "scanner", sc.type)
    try:
        probes.open_serial(sc.device, sc.baudrate)
    except OSError as exc:  # pyserial's SerialException is one
        return Result("FAIL", "scanner", f"{sc.device}: {exc.__class__.__name__}",
                      "plug it in; check the udev rule (ls -l /dev/kiosk-scanner)",
                      found=found("cannot_open"))  # fmt: skip
    return _ok("scanner", f"{sc.device} opens")


def probe_buttons(config: Config, probes: Probes) -> Result:
    rc = config.ratings
    if rc.type != "gpio":
        return Result("WARN" if rc.type == "none" else "OK", "rating buttons", rc.type)
    try:
        held = probes.pressed_buttons(rc.button_pins, rc.pull_up)
    except Exception as exc:  # no GPIO, busy pin, no permission
        return Result("FAIL", "rating buttons", f"{exc.__class__.__name__}: {exc}",
                      "check ratings.button_pins and that the user is in group gpio",
                      found=found("cannot_read"))  # fmt: skip
    if held:
        return Result("WARN", "rating buttons", f"pressed now: GPIO {held}", "a stuck button?",
                      found=found("held", pins=", ".join(map(str, held))))  # fmt: skip
    return _ok("rating buttons", f"GPIO {list(rc.button_pins)} read")


def check_central(config: Config, probes: Probes) -> Result:
    if config.standalone:
        return _ok("central API", "standalone (no central.url)", found("no_central"))
    from datetime import datetime

    host = urlsplit(config.central.url).hostname or ""
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        return Result("FAIL", "central API", f"DNS: {host} not found", "check network and DNS",
                      found=found("dns", host=host))  # fmt: skip
    try:
        token = probes.read_token(config.central.token_file)
    except Exception as exc:
        fix = "install the token (install.sh --token-file)"
        return Result("FAIL", "central API", str(exc), fix, found=found("no_token"))
    client = probes.central_client(config.central.url, token, config.central.ca_bundle)
    start = time.monotonic()
    try:
        client.call("GET", "/services", "ServiceList")
        reply = client.call("POST", "/heartbeat", "HeartbeatReply", body=_probe(config))
    except CentralError as exc:
        refused = exc.status == 401
        fix = "token revoked or wrong" if refused else "check network, CA and server"
        return Result("FAIL", "central API", str(exc), fix,
                      found=found("token_refused" if refused else "unreachable"))  # fmt: skip
    finally:
        client.close()
    latency_ms = (time.monotonic() - start) * 1000 / 2  # per request
    skew = datetime.fromisoformat(reply["server_time"]) - datetime.now().astimezone()
    skew_s = f"{skew.total_seconds():+.0f}"
    detail = f"{host}: TLS and token ok, {latency_ms:.0f} ms, clock {skew_s} s"
    said = found("central_ok", host=host, ms=f"{latency_ms:.0f}", skew=skew_s)
    if abs(skew.total_seconds()) > 60:
        return Result("WARN", "central API", detail, "the clock is off: check time sync",
                      found=said)  # fmt: skip
    return _ok("central API", detail, said)


def _probe(config: Config) -> dict:
    from datetime import datetime

    from kiosk import __version__

    ok = FaultState(None)
    return heartbeat_body(kiosk_id=config.kiosk.id, version=__version__, uptime_s=0,
                          now=datetime.now().astimezone(), clock_synced=_synced(),
                          devices={"printer": ok, "scanner": ok}, backlog={})  # fmt: skip


def _synced() -> bool:
    return Path("/run/systemd/timesync/synchronized").exists()


def check_disk(config: Config, probes: Probes) -> Result:
    state = config.state_path()
    free_mb = shutil.disk_usage(probes.existing(state)).free / 1e6
    said = found("free", mb=f"{free_mb:.0f}")
    if probes.reserve_in_use(state):
        # The kiosk gave up the space it sets aside: the disk filled, tickets come from it.
        return Result("FAIL", "disk space", f"the disk filled up: {free_mb:.0f} MB free, the "
                      "ticket reserve is in use",
                      "free space on the card now (journalctl --vacuum-size=50M, old files); "
                      "the kiosk sets its reserve aside again by itself",
                      found=found("reserve_used", mb=f"{free_mb:.0f}"))  # fmt: skip
    if free_mb < 100:
        return Result("FAIL", "disk space", f"{free_mb:.0f} MB free", "free space on the card",
                      found=said)  # fmt: skip
    if free_mb < 500:
        return Result("WARN", "disk space", f"{free_mb:.0f} MB free", "free space soon",
                      found=said)  # fmt: skip
    return _ok("disk space", f"{free_mb / 1000:.1f} GB free", said)


def check_time(config: Config, probes: Probes) -> Result:
    if _synced():
        return _ok("time sync", "synchronised (systemd-timesyncd)", found("synced"))
    return Result("WARN", "time sync", "not synchronised: records are marked so",
                  "check network access to NTP (timedatectl timesync-status)",
                  found=found("not_synced"))  # fmt: skip


def check_hours(config: Config, probes: Probes) -> Result:
    """Today's hours and places left: by the central's kept answer where it has one, else
    the configured quotas (doctor does not count the kiosk's tickets)."""
    import json

    from kiosk.usecases.opening_state import Opening

    clock = _WallClock(config.tz)
    opening = Opening.of(config.hours, clock)
    kept = config.state_path() / "central-services.json"
    if not config.standalone and kept.is_file():
        opening.fresh_s = 3 * config.central.heartbeat_s
        with contextlib.suppress(OSError, ValueError):  # unreadable: the configured quotas
            opening.restore(json.loads(kept.read_text(encoding="utf-8")))
    return hours_result(opening, config.services, counted=False)


def hours_result(opening, services, counted: bool) -> Result:
    from kiosk.usecases.opening_state import today

    if not opening.configured and opening.central is None:
        return _ok("opening hours", "no [hours]: numbers at any hour", found("hours_always"))
    t = today(opening, services, counted=counted)
    key = "hours_open" if t.open_now else "hours_closed"
    return _ok("opening hours", t.detail, found(key, periods=t.periods, places=t.places))


class _WallClock:
    def __init__(self, tz) -> None:
        self.tz = tz

    def now(self):
        from datetime import datetime

        return datetime.now(self.tz)

    def is_synced(self) -> bool:
        return _synced()


def check_configuration(config: Config, probes: Probes) -> Result:
    try:
        probes.check_configuration()
    except ValueError as exc:
        return Result("FAIL", "configuration", str(exc), "fix the config; kiosk check-config")
    return _ok("configuration", config.source)


# name in the running kiosk's status, probe, and the fix for a fault it reports
DEVICES: dict[str, tuple[str, Callable[[Config, Probes], Result], str]] = {
    "printer": ("printer", probe_printer, "check power, cable and paper; kiosk printer-status"),
    "scanner": ("scanner", probe_scanner, "plug it in; check the udev rule"),
    "rating buttons": ("buttons", probe_buttons, "check the wiring and ratings.button_pins"),
}


def _configured(config: Config, check: str) -> Result | None:
    """The row for a device switched off, which the running kiosk does not report on."""
    kind = {"printer": config.printer.type, "scanner": config.scanner.type,
            "rating buttons": config.ratings.type}[check]  # fmt: skip
    if kind == "none":
        return Result("WARN", check, "none", "", found=found("off"))
    return None


def live_device(config: Config, check: str, live: LiveStatus) -> Result:
    name, _probe, fix = DEVICES[check]
    if live.problem:
        return Result("WARN", check, f"not probed: {live.problem}",
                      "run as the kiosk's user: sudo -u kiosk kiosk doctor", "live",
                      found("not_probed"))  # fmt: skip
    state = live.devices.get(name)
    if state is None:
        missing = "not reported by the running kiosk"
        return _configured(config, check) or Result(
            "WARN", check, missing, "see the log", "live", found("unreported")
        )
    since = f"for {_duration(state.get('for_s', 0))}"
    lasted = Duration(state.get("for_s", 0))
    # The screen names the fault; its detail (often an exception) was logged when it began.
    if state.get("fault"):
        detail = f"{state['fault']} {since}" + (
            f" ({state['detail']})" if state.get("detail") else ""
        )
        said = found("fault_for", fault=Fault(state["fault"]), d=lasted)
        return Result("FAIL", check, detail, fix, "live", said)
    if state.get("warning"):
        said = found("fault_for", fault=Fault(state["warning"]), d=lasted)
        return Result("WARN", check, f"{state['warning']} {since}", fix, "live", said)
    return Result("OK", check, f"no fault {since}", "", "live", found("fine_for", d=lasted))


def _duration(seconds: float) -> str:
    n, unit = _unit(int(seconds))
    return f"{n} {unit}"


def _unit(seconds: int) -> tuple[int, str]:
    if seconds < 120:
        return seconds, "s"
    if seconds < 7200:
        return seconds // 60, "min"
    return seconds // 3600, "h"


def _device_check(check: str, live: LiveStatus | None) -> Callable[[Config, Probes], Result]:
    def run(config: Config, probes: Probes) -> Result:
        if live is not None:
            return live_device(config, check, live)
        result = DEVICES[check][1](config, probes)
        return Result(result.status, result.check, result.detail, result.fix, "probe",
                      result.found)  # fmt: skip

    return run


def _checks(live: LiveStatus | None) -> list[tuple[str, Callable[[Config, Probes], Result]]]:
    return [
        ("configuration", check_configuration),
        ("state directory", check_state_dir),
        ("database", check_database),
        ("outbox", check_outbox),
        *((check, _device_check(check, live)) for check in DEVICES),
        ("central API", check_central),
        ("opening hours", check_hours),
        ("disk space", check_disk),
        ("time sync", check_time),
    ]


def find_live(config: Config, probes: Probes) -> LiveStatus | None:
    return find_running(config.state_path(), probes.service_active)


def run_checks(
    config: Config, probes: Probes, budget_s: float = BUDGET_S, live: LiveStatus | None = None
) -> list[Result]:
    """With ``live`` (the running kiosk's status) the devices are read from it, never opened;
    without, they are probed."""
    checks = _checks(live)
    results: list[Result | None] = [None] * len(checks)

    def run(i: int, name: str, check: Callable[[Config, Probes], Result]) -> None:
        try:
            results[i] = check(config, probes)
        except Exception as exc:  # a check that breaks is itself a finding
            log.error("doctor: the %s check broke: %s: %s", name, exc.__class__.__name__, exc)
            results[i] = Result("FAIL", name, f"{exc.__class__.__name__}: {exc}",
                                found=found("broke"))  # fmt: skip

    threads = [
        threading.Thread(target=run, args=(i, name, check), daemon=True)
        for i, (name, check) in enumerate(checks)
    ]
    deadline = time.monotonic() + budget_s
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [r or Result("FAIL", checks[i][0], f"no answer in {budget_s:.1f} s", "see the log",
                        found=found("no_answer", s=float(budget_s)))
            for i, r in enumerate(results)]  # fmt: skip


def describe_source(live: LiveStatus | None) -> str:
    if live is None:
        return "no kiosk running: devices probed directly [probe]"
    if live.problem:
        return f"a kiosk may be running ({live.problem}): devices left alone, not probed"
    line = f"kiosk running (pid {live.pid}): devices as it sees them [live], nothing opened"
    if live.stale:
        line += f"; WARNING: its status is {_duration(live.age_s)} old (frozen?)"
    return line


@dataclass(frozen=True)
class DoctorReport:
    """What ``kiosk doctor`` found: where the readings came from, one result per check."""

    source: str
    results: list[Result]
    failed: int  # a stale live status counts as a failure of its own
    warned: int


def doctor_report(config: Config, probes: Probes, budget_s: float | None = None) -> DoctorReport:
    live = find_live(config, probes)
    results = run_checks(config, probes, budget_s or BUDGET_S, live=live)
    failed = sum(r.status == "FAIL" for r in results)
    if live is not None and live.stale:
        failed += 1
    warned = sum(r.status == "WARN" for r in results)
    return DoctorReport(describe_source(live), results, failed, warned)
