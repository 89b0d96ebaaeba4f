"""Each part of the kiosk built from the config, and what ``run`` checks before it builds any.

:mod:`kiosk.bootstrap` wires these parts into the use cases and owns their lifecycle;
:mod:`kiosk.probes` builds the same parts for the technician's tools. Adapters are imported
where a part is built, so a command that needs no printer loads no USB library.
"""

from __future__ import annotations

import functools
import logging
import os
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.config import Config, ConfigError
from kiosk.domain.scan import UnrecognisedScan
from kiosk.domain.ticket_layout import TicketHeader
from kiosk.errors import SetupError
from kiosk.paths import asset
from kiosk.store.database import Database

# The ports are interfaces, for the type checker: a cold start does not load them.
if typing.TYPE_CHECKING:
    from kiosk.domain.ports import RatingStore, Scanner, TicketPrinter

log = logging.getLogger(__name__)


def _prepare_escpos_cache(state_dir: Path) -> None:
    # python-escpos parses its capability file on every import (0.6 s) unless it may cache it.
    cache = state_dir / "cache" / "escpos"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))


def logo_path(config: Config) -> Path | None:
    """The logo, checked to be a PNG that decodes: a wrong file is a config error at start,
    not a crash in the middle of the first ticket."""
    if not config.office.logo:
        return None
    path = asset(config.office.logo)
    expected = "an existing PNG file (relative to the assets folder)"
    if not path.is_file():
        _bad("office.logo", config.office.logo, expected)
    stat = path.stat()
    kind = _image_format(path, stat.st_mtime_ns, stat.st_size)
    if kind != "PNG":
        _bad("office.logo", config.office.logo, f"{expected}; this one is {kind or 'not an image'}")
    return path


@functools.lru_cache(maxsize=4)
def _image_format(path: Path, _mtime_ns: int, _size: int) -> str | None:
    # Once per version of the file: ``run`` checks the logo in its preflight, then builds.
    from PIL import Image

    try:
        with Image.open(path) as img:
            kind = img.format
            img.load()
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError, ... for a bad file
        return None
    return kind


def check_printer_profile(config: Config) -> None:
    from kiosk.hardware.printer import profile_data

    try:
        profile_data(config.printer.profile)
    except KeyError:
        _bad("printer.profile", config.printer.profile,
             "a python-escpos profile such as POS-5890 or TM-T20II")  # fmt: skip


def _bad(key: str, value: str, expected: str) -> typing.NoReturn:
    raise ConfigError(f"{key} = {value!r}: expected {expected}")


def token_path(config: Config) -> Path:
    """Where ``central.token_file`` is, for ``run`` and ``check-config`` alike: absolute as
    given; relative, in systemd's $CREDENTIALS_DIRECTORY (LoadCredential=), else beside the
    config file, which is where install.sh puts the file LoadCredential= reads."""
    p = Path(config.central.token_file)
    if p.is_absolute():
        return p
    if os.environ.get("CREDENTIALS_DIRECTORY"):
        return Path(os.environ["CREDENTIALS_DIRECTORY"]) / p
    if config.source.startswith("<"):
        return p
    return Path(config.source).parent / p


def read_central_token(config: Config) -> str:
    from kiosk.sync.client import read_token

    try:
        return read_token(token_path(config))
    except UnicodeDecodeError:
        raise SetupError(
            f"central.token_file = {str(token_path(config))!r}: not text (UTF-8)"
        ) from None


def preflight(config: Config) -> Path:
    """Everything ``run`` refuses to start with, checked without creating anything: what
    ``check-config`` reports and ``run`` checks first. Returns the state directory."""
    state_dir = check_state_dir(config)
    logo_path(config)
    check_printer_profile(config)
    if not config.standalone:
        read_central_token(config)
    return state_dir


def check_state_dir(config: Config, *, writable: bool = True) -> Path:
    """The state directory, or SetupError; ``writable=False`` for commands that only read."""
    state_dir = config.state_path()
    problem = _state_dir_problem(state_dir, writable)
    if problem:
        raise SetupError(f"kiosk.state_dir = {str(state_dir)!r}: {problem}")
    return state_dir


def _state_dir_problem(path: Path, writable: bool) -> str | None:
    from kiosk.hardware.storage import existing, mount_of

    if path.exists() and not path.is_dir():
        return "not a directory"
    found = existing(path)
    if not found.is_dir():
        return f"{found} is not a directory"
    if not writable:
        return None
    if mount_of(found)[2]:
        return f"{found} is on a read-only file system"
    if not os.access(found, os.W_OK | os.X_OK):
        return f"{found} is not writable by this user"
    return None


def build_printer(config: Config, state_dir: Path, logo: Path | None) -> TicketPrinter:
    from kiosk.hardware.connectors import connector
    from kiosk.hardware.printer import (
        EscposTicketPrinter,
        PaperFormat,
        SimulatedPrinter,
        TicketRenderer,
    )

    pc = config.printer
    paper = PaperFormat.from_profile(pc.profile, pc.paper_mm)
    header = TicketHeader(
        office_name=config.office.name,
        ministry=config.office.ministry,
        footer=config.office.footer,
        status_url_template=config.ticket.status_url,
        timezone_label=config.office.timezone_label,
        has_logo=logo is not None,
        wait_at=config.kiosk.wait_at,
    )
    renderer = TicketRenderer(header, paper, logo, qr_mode=pc.qr)
    if pc.type == "simulated":
        out = Path(pc.output_dir) if pc.output_dir else state_dir / "tickets"
        return SimulatedPrinter(renderer, out)
    return EscposTicketPrinter(
        renderer,
        connector(pc, pc.profile),
        timeout_s=pc.timeout_s,
        check_status=pc.status_check,
    )


def prepare_state_dir(config: Config) -> Path:
    from kiosk.hardware.storage import storage_problem

    state_dir = check_state_dir(config)
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        _prepare_escpos_cache(state_dir)
    except OSError as exc:
        raise SetupError(f"kiosk.state_dir = {str(state_dir)!r}: {exc.strerror}") from None
    problem = storage_problem(state_dir)
    if problem:
        # Said loudly, not refused: a kiosk that will not start serves nobody today.
        log.error("state directory unsafe: %s; tickets and ratings will not survive a reboot",
                  problem)  # fmt: skip
    return state_dir


def build_scanner(
    config: Config, state_dir: Path, on_scan: Callable[[bytes | UnrecognisedScan], None]
) -> Scanner | None:
    sc = config.scanner
    args = {"baudrate": sc.baudrate, "terminator": sc.terminator, "max_length": sc.max_length}
    if sc.type == "none":
        return None
    from kiosk.hardware.scanner import SerialScanner, SimulatedScanner

    if sc.type == "simulated":
        scanner = SimulatedScanner(state_dir / "scanner.fifo", on_scan, **args)
    else:
        scanner = SerialScanner(sc.device, on_scan, **args)
    # Open now, read once the first frame is drawn: a code scanned in between is not lost.
    scanner.open()
    return scanner


@contextmanager
def rating_store(config: Config) -> Iterator[RatingStore]:
    """The ratings in the state directory's database, for the office's report."""
    from kiosk.store.ratings import SqliteRatingStore

    with Database(config.state_path() / "kiosk.sqlite3") as db:
        yield SqliteRatingStore(db)
