"""The wall clock, and whether it can be trusted (a Raspberry Pi has no battery clock)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# systemd-timesyncd touches this file once it has synchronised the clock.
TIMESYNC_FLAG = Path("/run/systemd/timesync/synchronized")


class SystemClock:
    def __init__(self, tz: ZoneInfo, sync_flag: Path = TIMESYNC_FLAG) -> None:
        self.tz = tz
        self._sync_flag = sync_flag

    def now(self) -> datetime:
        return datetime.now(self.tz)

    def is_synced(self) -> bool:
        return self._sync_flag.exists()

    def __repr__(self) -> str:
        return f"<SystemClock {self.tz} synced={self.is_synced()}>"
