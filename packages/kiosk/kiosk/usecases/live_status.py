"""The running kiosk's live health, published as a file in its state directory.

The kiosk holds the printer, the scanner's port and the GPIO pins while it runs; a technician's
tool that opened them again would either fail ("pin in use") or disturb a print. So the kiosk
writes what its own devices last reported, and ``kiosk doctor`` and the technician screen read
that instead of probing, as long as the kiosk is running.

The file is replaced atomically (written beside it, then renamed), so a reader sees the old
or the new status, never half of one. It is not fsynced: it describes the running process and
means nothing after a power cut, when the pid in it is gone anyway.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.faults import FaultLatch

log = logging.getLogger(__name__)

FILENAME = "live-status.json"
REFRESH_S = 30.0  # rewritten at least this often, so its age shows that the kiosk is alive
STALE_S = 4 * REFRESH_S


def status_path(state_dir: Path) -> Path:
    return state_dir / FILENAME


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


class LivePublisher:
    """Writes the devices' states when one changes, and every ``REFRESH_S`` regardless."""

    def __init__(
        self,
        state_dir: Path,
        devices: Mapping[str, FaultLatch],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = status_path(state_dir)
        self.devices = devices
        self._clock = clock
        self._last: tuple[dict, float] | None = None

    def snapshot(self) -> dict:
        now = time.monotonic()
        return {
            name: {
                "fault": s.fault,
                "detail": s.detail,
                "warning": s.warning,
                "for_s": round(now - s.since),
            }
            for name, latch in sorted(self.devices.items())
            for s in [latch.state]
        }

    def publish(self) -> bool:
        """Write the file if something changed or it is due; True when it was written."""
        devices = self.snapshot()
        comparable = {n: {k: v for k, v in d.items() if k != "for_s"} for n, d in devices.items()}
        now = self._clock()
        if self._last and self._last[0] == comparable and now - self._last[1] < REFRESH_S:
            return False
        body = {"pid": os.getpid(), "boot_id": _boot_id(), "written_at": now, "devices": devices}
        tmp = self.path.with_name(f".{FILENAME}.{os.getpid()}")
        try:
            tmp.write_text(json.dumps(body, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("live status not written: %s", exc)
            return False
        self._last = (comparable, now)
        return True

    def withdraw(self) -> None:
        """On a clean stop: the devices are free again, and doctor may probe them."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("live status not removed: %s", exc)


@dataclass(frozen=True)
class LiveStatus:
    """What a reader found: the kiosk's devices, and how old that news is; or, with
    ``problem``, that a kiosk may be running whose status this reader cannot see."""

    pid: int
    age_s: float
    devices: dict[str, dict]
    problem: str = ""

    @property
    def stale(self) -> bool:
        return not -60 < self.age_s < STALE_S


def read_live_status(state_dir: Path, clock: Callable[[], float] = time.time) -> LiveStatus | None:
    """The running kiosk's status, or None when no kiosk is running on this state directory
    (no file, an unreadable one, or one left by a process that is gone or an earlier boot)."""
    path = status_path(state_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:  # the service's own folder (0700): a kiosk may well be running
        return LiveStatus(0, 0.0, {}, f"{path}: {exc.strerror}")
    try:
        body = json.loads(text)
        pid, devices = int(body["pid"]), dict(body["devices"])
        boot_id, written_at = str(body.get("boot_id", "")), float(body["written_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if boot_id != _boot_id() or not _alive(pid):
        return None
    return LiveStatus(pid, clock() - written_at, devices)


def find_running(state_dir: Path, service_active: Callable[[], bool]) -> LiveStatus | None:
    """The running kiosk's status; None only when no kiosk runs, so its devices are free.

    A kiosk.service that systemd says is active but whose status is not found here (another
    state_dir in this config, an older version) still holds its devices."""
    live = read_live_status(state_dir)
    if live is None and service_active():
        return LiveStatus(0, 0.0, {}, f"kiosk.service is active but no status in {state_dir}")
    return live


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process (the service's): it exists
        return True
    return True
