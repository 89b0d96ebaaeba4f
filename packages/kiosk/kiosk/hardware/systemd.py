"""The sd_notify protocol in a few lines of stdlib: READY, WATCHDOG, STOPPING, STATUS.

systemd passes a Unix datagram socket in ``$NOTIFY_SOCKET`` (a path, or ``@name`` in the
abstract namespace) and, with ``WatchdogSec=``, the interval in ``$WATCHDOG_USEC``. Outside
systemd both are unset and every call here does nothing.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self, environ: dict[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        self.address = "\0" + address[1:] if address.startswith("@") else address
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        mine = not pid or pid == str(os.getpid())
        self.watchdog_s = int(usec) / 1_000_000 if usec.isdigit() and mine else None
        self._failed = False

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    def send(self, *fields: str) -> bool:
        if not self.address:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto("\n".join(fields).encode(), self.address)
        except OSError as exc:
            if not self._failed:  # once: a dead socket would otherwise log every few seconds
                log.error("sd_notify to %s failed: %s", self.address.lstrip("\0"), exc)
                self._failed = True
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.send("READY=1", *([f"STATUS={status}"] if status else []))

    def watchdog(self) -> bool:
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")

    def status(self, text: str) -> bool:
        return self.send(f"STATUS={text}")


def service_active(unit: str = "kiosk.service") -> bool:
    """Whether systemd runs ``unit`` now; False where there is no systemd to ask."""
    import shutil
    import subprocess

    systemctl = shutil.which("systemctl")
    if systemctl is None:
        return False
    try:
        result = subprocess.run(
            [systemctl, "is-active", "--quiet", unit], capture_output=True, timeout=2
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0
