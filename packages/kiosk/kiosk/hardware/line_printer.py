"""An ESC/POS device file (the kernel's usblp driver, ``/dev/usb/lp0``) with timeouts.

python-escpos's ``File`` printer opens the device write-only and blocks for as long as the
kernel does: a printer that stops taking data freezes the writer for good, and no status can
be read back. This one opens the file read-write and non-blocking and waits on ``select`` with
a deadline for every write and read.
"""

from __future__ import annotations

import os
import select

from escpos.escpos import Escpos


class LinePrinter(Escpos):
    def __init__(self, devfile: str, timeout_s: float = 5.0, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.devfile = devfile
        self.timeout_s = timeout_s
        self._fd: int | None = None

    def open(self, raise_not_found: bool = True) -> None:
        self._fd = os.open(self.devfile, os.O_RDWR | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)

    def _raw(self, msg: bytes) -> None:
        assert self._fd is not None, "open() first"
        view = memoryview(msg)
        while view:
            _, writable, _ = select.select([], [self._fd], [], self.timeout_s)
            if not writable:
                raise TimeoutError(f"{self.devfile}: write stalled for {self.timeout_s} s")
            try:
                written = os.write(self._fd, view)
            except BlockingIOError:
                continue
            view = view[written:]

    def _read(self) -> bytes:
        assert self._fd is not None, "open() first"
        readable, _, _ = select.select([self._fd], [], [], self.timeout_s)
        if not readable:
            return b""
        try:
            return os.read(self._fd, 16)
        except BlockingIOError:
            return b""

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
