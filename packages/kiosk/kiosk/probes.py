"""The technician tools' probes: the configured devices, files and central, opened directly.

``kiosk doctor``, ``printer-status`` and ``print-test`` are use cases over the
:class:`kiosk.domain.ports.Probes` port; this is the port's one implementation, and like
:mod:`kiosk.bootstrap` it may know every adapter. Everything is imported when a probe runs, so
a check that needs no GPIO or USB library does not load one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config

# The ports are interfaces, for the type checker: a cold start does not load them.
if TYPE_CHECKING:
    from kiosk.domain.ports import CentralCalls, TicketPrinter


class ConfiguredProbes:
    """Probes for the kiosk ``config`` describes."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def check_configuration(self) -> None:
        from kiosk.parts import check_printer_profile, logo_path

        logo_path(self.config)
        check_printer_profile(self.config)

    def storage_problem(self, path: Path) -> str | None:
        from kiosk.hardware.storage import storage_problem

        return storage_problem(path)

    def existing(self, path: Path) -> Path:
        from kiosk.hardware.storage import existing

        return existing(path)

    def database_health(self, path: Path) -> tuple[bool, int]:
        from kiosk.store.database import Database

        with Database(path) as db:
            return db.integrity_ok(), db.schema_version

    def outbox_counts(self, path: Path) -> dict[str, int]:
        from kiosk.store.database import Database
        from kiosk.store.outbox import Outbox

        with Database(path) as db:
            return Outbox(db).counts()

    def printer(self) -> TicketPrinter:
        from kiosk.parts import build_printer, logo_path, preflight, prepare_state_dir

        preflight(self.config)
        state_dir = prepare_state_dir(self.config)
        return build_printer(self.config, state_dir, logo_path(self.config))

    def open_serial(self, device: str, baudrate: int) -> None:
        import serial

        serial.Serial(device, baudrate, timeout=0.2).close()

    def pressed_buttons(self, pins: Sequence[int], pull_up: bool) -> list[int]:
        from gpiozero import Button

        opened = []
        try:
            for pin in pins:
                opened.append(Button(pin, pull_up=pull_up))
            return [b.pin.number for b in opened if b.is_pressed]
        finally:
            for button in opened:
                button.close()

    def read_token(self, path: str) -> str:
        from kiosk.sync.client import read_token

        return read_token(path)

    def central_client(self, url: str, token: str, ca_bundle: str) -> CentralCalls:
        from kiosk.sync.client import CentralClient, Timeouts

        return CentralClient(url, token, ca_bundle, Timeouts(2, 2))

    def service_active(self) -> bool:
        from kiosk.hardware.systemd import service_active

        return service_active()
