"""python-escpos's USB and serial devices, reading a status reply within the kiosk's deadline.

``Usb._read`` uses pyusb's default timeout, and ``Serial._read`` waits out the whole timeout
for 16 bytes when the reply is one: each is overridden here, as ``LinePrinter._read`` is.
"""

from __future__ import annotations

from escpos.printer import Serial, Usb


class TimedUsb(Usb):
    def _read(self) -> bytes:
        # The constructor's ``timeout`` (ms) bounds writes already; reads get the same.
        return bytes(self.device.read(self.in_ep, 16, self.timeout))


class TimedSerial(Serial):
    def _read(self) -> bytes:
        port = self.device
        first = port.read(1)  # waits at most the port's timeout
        return first + port.read(port.in_waiting) if first else b""
