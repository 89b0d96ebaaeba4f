"""The root of every error the kiosk raises on purpose.

Leaves also inherit a builtin where one fits, so callers that only know the builtin
(``ValueError`` for bad input, ``OSError`` for devices) still catch them.
"""


class KioskError(Exception):
    """Anything the kiosk reports deliberately, as opposed to a bug."""


class SetupError(KioskError, OSError):
    """The machine, not the config file, is wrong: a state directory that cannot be written,
    a token file that is missing or too open. One line for the technician, like a ConfigError."""


class StoreError(KioskError, OSError):
    """The database cannot be opened or written."""


class CentralError(KioskError, ConnectionError):
    """A request that did not produce a valid answer. ``status`` is None when none came."""

    def __init__(self, what: str, status: int | None = None, retry_after_s: float | None = None):
        super().__init__(what)
        self.status = status
        self.retry_after_s = retry_after_s
