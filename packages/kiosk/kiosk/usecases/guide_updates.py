"""Guide content from the central API, by version: fetched off the UI thread, checked whole,
installed atomically; a bad bundle is refused and the last good content stays."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from kiosk.domain.ports import Central
from kiosk.errors import CentralError
from kiosk.usecases.guide_library import GuideLibrary
from layanan_rules.guides import GuideError

log = logging.getLogger(__name__)

DEADLINE_S = 60.0  # a whole bundle, up to its size cap, over a slow office link


class GuideUpdater:
    def __init__(
        self,
        central: Central,
        library: GuideLibrary,
        today: Callable[[], date],
        on_installed: Callable[[int], None],
    ) -> None:
        self.central = central
        self.library = library
        self.today = today
        self.on_installed = on_installed
        self.rejected: set[int] = set()  # asked once; a fixed bundle comes as a new version
        self.deadline_s = DEADLINE_S

    def offer(self, version: int) -> bool:
        """The central has ``version``: fetch and install it if it is newer. True if installed."""
        if version <= self.library.installed_version or version in self.rejected:
            return False
        try:
            bundle = self.central.client.call(
                "GET", f"/guides/{version}", "GuideBundle", timeout_s=self.deadline_s
            )
            if bundle["version"] != version:
                raise GuideError("bundle", "version", f"expected {version}")
            self.library.install(bundle, self.today())
        except CentralError as exc:
            log.warning("guides v%d not fetched, will try again: %s", version, exc)
            return False
        except GuideError as exc:
            self.rejected.add(version)
            log.error("guides v%d refused, keeping the current ones: %s", version, exc)
            return False
        self.on_installed(version)
        return True
