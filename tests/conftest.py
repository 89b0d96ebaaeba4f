"""Shared test setup.

Kivy reads its environment when first imported, so it is prepared here, at collection, before
any test module can import it; ``KIVY_HOME`` points into a temp folder so no test writes ~/.kivy.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.config import DisplayConfig
from kiosk.ui_env import prepare_kivy

ARTIFACTS = Path(os.environ.get("KIOSK_ARTIFACTS", Path(__file__).parent.parent / "artifacts"))
WIB = ZoneInfo("Asia/Jakarta")

prepare_kivy(
    DisplayConfig(width=800, height=480),
    Path(tempfile.mkdtemp(prefix="kiosk-kivy-home-")),
)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.mkdtemp(prefix="escpos-cache-"))


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime, synced: bool = True) -> None:
        self.moment = moment
        self.synced = synced

    def now(self) -> datetime:
        return self.moment

    def is_synced(self) -> bool:
        return self.synced


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 28, 9, 15, tzinfo=WIB))


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
