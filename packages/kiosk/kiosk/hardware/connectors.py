"""Every way the kiosk reaches an ESC/POS printer, in one registry.

A connector names the config keys it needs, opens its python-escpos device with the kiosk's
timeouts, reads a status reply within a deadline (each device class overrides ``_read``, the
way :class:`kiosk.hardware.line_printer.LinePrinter` does), and says which of its library's
exceptions mean what. Adding one is one entry in ``CONNECTORS``: the config's choices and
checks, ``connector()`` and ``classify`` all read it. Nothing here imports python-escpos, pyusb
or pyserial until a device is opened or an error is classified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from kiosk.domain.printer_status import PrinterFault

if TYPE_CHECKING:
    from escpos.escpos import Escpos


class PrinterConfig(Protocol):
    """The printer settings a connector reads (the config's [printer] table has them). Named
    here, not imported from the config, which reads this registry to check its own values."""

    type: str
    device: str
    usb_vendor_id: int
    usb_product_id: int
    baudrate: int
    host: str
    port: int
    timeout_s: float


@dataclass(frozen=True)
class Connector:
    requires: tuple[str, ...]  # PrinterConfig fields that must be set for it
    expected: str  # what the config error says, for the first of them
    open: Callable[[PrinterConfig, str], Escpos]  # (config, profile) -> an open device
    # The fault one of its library's exceptions means; None when it does not know the exception.
    classify: Callable[[BaseException], PrinterFault | None] = lambda _exc: None


def _open_usb(config: PrinterConfig, profile: str) -> Escpos:
    from kiosk.hardware.timed_devices import TimedUsb

    dev = TimedUsb(config.usb_vendor_id, config.usb_product_id,
                   timeout=int(config.timeout_s * 1000), profile=profile)  # fmt: skip
    dev.open()
    return dev


def _usb_fault(exc: BaseException) -> PrinterFault | None:
    from usb.core import USBTimeoutError

    return PrinterFault.TIMEOUT if isinstance(exc, USBTimeoutError) else None


def _open_serial(config: PrinterConfig, profile: str) -> Escpos:
    from kiosk.hardware.timed_devices import TimedSerial

    dev = TimedSerial(
        config.device, baudrate=config.baudrate, timeout=config.timeout_s, profile=profile
    )
    dev.open()
    dev.device.write_timeout = config.timeout_s  # python-escpos sets only the read timeout
    return dev


def _serial_fault(exc: BaseException) -> PrinterFault | None:
    from serial import SerialException, SerialTimeoutException

    if isinstance(exc, SerialTimeoutException):
        return PrinterFault.TIMEOUT
    if isinstance(exc, SerialException) and "could not open" in str(exc):
        return PrinterFault.UNPLUGGED
    return None


def _open_network(config: PrinterConfig, profile: str) -> Escpos:
    from escpos.printer import Network

    dev = Network(config.host, config.port, timeout=config.timeout_s, profile=profile)
    dev.open()
    return dev


def _open_device(config: PrinterConfig, profile: str) -> Escpos:
    from kiosk.hardware.line_printer import LinePrinter

    dev = LinePrinter(config.device, config.timeout_s, profile=profile)
    dev.open()
    return dev


CONNECTORS: dict[str, Connector] = {
    "usb": Connector(
        ("usb_vendor_id", "usb_product_id"),
        "vendor and product id for type usb",
        _open_usb,
        _usb_fault,
    ),
    "serial": Connector(("device",), "a device path for type serial", _open_serial, _serial_fault),
    "network": Connector(("host",), "a host name or address for type network", _open_network),
    "device": Connector(("device",), "a device path for type device", _open_device),
}
PRINTER_TYPES = ("simulated", *CONNECTORS)  # the simulated printer writes files instead


def missing(config: PrinterConfig) -> tuple[str, object, str] | None:
    """(key, value, expected) for a connector's key left unset, or None."""
    c = CONNECTORS.get(config.type)
    if c is None or all(getattr(config, name) for name in c.requires):
        return None
    key = c.requires[0]  # for usb: the pair, named by its first
    return f"printer.{key}", getattr(config, key), c.expected


def connector(config: PrinterConfig, profile: str) -> Callable[[], Escpos]:
    """A function that opens the configured device, for ``EscposTicketPrinter``."""
    c = CONNECTORS[config.type]
    return lambda: c.open(config, profile)


def library_fault(exc: BaseException) -> PrinterFault | None:
    """What a connector's library says the exception means, if one knows it."""
    for c in CONNECTORS.values():
        fault = c.classify(exc)
        if fault is not None:
            return fault
    return None
