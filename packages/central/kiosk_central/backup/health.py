"""The state of the backups, for the dashboard and the alerts: the last run (the state file
``kiosk-central backup`` writes), the newest copy in the backup folder, and whether a restore
is still waiting for kiosks to resend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from kiosk_central.backup import copies


@dataclass(frozen=True)
class BackupState:
    last_ok: datetime | None  # the newest copy in the folder
    failed: str  # the last run's error, "" when it succeeded
    problem: str | None  # "backup_failed", "backup_old" or None
    detail: str


def backup_state(now: datetime) -> BackupState:
    config = settings.CONFIG
    found = copies.copies(config.backup_path)
    last_ok = found[-1].taken_at if found else None
    state = copies.read_state(settings.STATE_DIR)
    failed = "" if state.get("ok", True) else str(state.get("error", "failed"))[:200]
    too_old = timedelta(minutes=config.backup_alert_minutes)
    if failed:
        problem, detail = "backup_failed", failed
    elif last_ok is None or now - last_ok > too_old:
        problem = "backup_old"
        detail = (
            "belum ada" if last_ok is None else f"{(now - last_ok) // timedelta(minutes=1)} mnt"
        )
    else:
        problem, detail = None, ""
    return BackupState(last_ok, failed, problem, detail)
