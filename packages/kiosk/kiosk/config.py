"""The kiosk's configuration: one TOML file read into frozen dataclasses.

Every problem is reported as one line naming the key, the value found and what was expected;
the kiosk never starts half-configured. Defaults make a standalone demo run with no file at all.
Secrets (the central API token) are never read from here: see ``central.token_file``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import re
import reprlib
import tomllib
import typing
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.domain.complaint_link import url_problem
from kiosk.domain.pin import MAX_ITERATIONS, MIN_ITERATIONS, is_pin_hash
from kiosk.domain.scan import DEFAULT_CODE_PATTERN
from kiosk.errors import KioskError
from kiosk.hardware.connectors import PRINTER_TYPES, missing
from layanan_rules.opening import Holidays, HoursError, ServiceRules, WeeklyHours
from layanan_rules.services import Service

ENV_CONFIG = "KIOSK_CONFIG"
DEFAULT_CONFIG_PATH = Path("/etc/kiosk/kiosk.toml")
MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(KioskError, ValueError):
    """One line per problem, each naming the key, the value and what was expected."""

    def __init__(self, *problems: str) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(problems))

    def prefixed(self, prefix: str) -> ConfigError:
        return ConfigError(*(f"{prefix}{line}" for line in self.problems))


class _Problems:
    """Every problem of a config, not only the first: ``check-config`` says each on its own
    line, so a technician fixes them in one go rather than one per start."""

    def __init__(self) -> None:
        self.found: list[str] = []

    @contextlib.contextmanager
    def each(self) -> Iterator[None]:
        try:
            yield
        except ConfigError as exc:
            self.found += exc.problems

    def stop(self) -> None:
        if self.found:
            raise ConfigError(*self.found)


def _opt(default, *, choices=None, minimum=None, maximum=None, pattern=None, check=None, doc=""):
    """A config field with its checks kept beside it; ``check(value)`` says what was expected
    of a value it refuses, "" for one it takes."""
    meta = {"choices": choices, "min": minimum, "max": maximum, "pattern": pattern, "doc": doc}
    meta["check"] = check
    if isinstance(default, list | tuple | dict):
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class OfficeConfig:
    name: str = _opt("Kantor Imigrasi Bengkulu Selatan", minimum=1)
    ministry: str = _opt("Kementerian Imigrasi dan Pemasyarakatan")
    logo: str = _opt("logo.png", doc="PNG logo; relative to the assets folder; empty: none")
    timezone: str = _opt("Asia/Jakarta")
    timezone_label: str = _opt("WIB", choices=("WIB", "WITA", "WIT"))
    footer: tuple[str, ...] = _opt(
        ("Pengaduan / Complaints: tanyakan petugas", "Senin-Jumat 08.00-16.00"),
    )


@dataclass(frozen=True)
class KioskConfig:
    id: str = _opt("kiosk-01", pattern=r"[A-Za-z0-9_.-]{1,40}")
    state_dir: str = _opt("", doc="empty: $STATE_DIRECTORY, else ~/.local/share/layanan-kiosk")
    language: str = _opt("id", choices=("id", "en"))
    idle_timeout_s: float = _opt(60.0, minimum=10, maximum=3600)
    retention_days: int = _opt(90, minimum=1, maximum=3650, doc="local records kept this long")
    ticket_timeout_s: float = _opt(20.0, minimum=5, maximum=600)
    # What one visitor leaves behind for the next, and what every visitor is told.
    data_timeout_s: float = _opt(30.0, minimum=10, maximum=600, doc="home sooner with a NIK")
    idle_warning_s: float = _opt(10.0, minimum=0, maximum=60, doc="'Masih di sini?'; 0: none")
    survey_pause_s: float = _opt(20.0, minimum=5, maximum=600, doc="then a press is a new rating")
    scanner_side: str = _opt("right", choices=("left", "right", "below", "none"))
    wait_at: str = _opt("Ruang tunggu", doc="where to wait; [[services]] wait_at overrides")


@dataclass(frozen=True)
class DisplayConfig:
    width: int = _opt(1280, minimum=640, maximum=7680)
    height: int = _opt(800, minimum=400, maximum=4320)
    fullscreen: bool = _opt(False)
    rotation: int = _opt(0, choices=(0, 90, 180, 270), doc="a screen mounted on its side")
    show_cursor: bool = _opt(True, doc="false on the kiosk: a touchscreen needs no arrow")
    touch_calibration: str = _opt(
        "", pattern=r"((xratio|yratio|xoffset|yoffset)=-?[0-9.]+,?)*",
        doc="Kivy postproc calibration for the touch input, e.g. xratio=1.02,xoffset=-0.01",
    )  # fmt: skip


@dataclass(frozen=True)
class PrinterConfig:
    type: str = _opt("simulated", choices=PRINTER_TYPES)
    profile: str = _opt("POS-5890", doc="a python-escpos profile name, e.g. POS-5890, TM-T20II")
    paper_mm: int = _opt(58, choices=(58, 80))
    qr: str = _opt("auto", choices=("auto", "native", "raster"), doc="auto: native if profiled")
    output_dir: str = _opt("", doc="simulated: where tickets go; empty: <state_dir>/tickets")
    usb_vendor_id: int = _opt(0, minimum=0, maximum=0xFFFF)
    usb_product_id: int = _opt(0, minimum=0, maximum=0xFFFF)
    device: str = _opt("", doc="serial port or /dev/usb/lp0")
    baudrate: int = _opt(9600, choices=(9600, 19200, 38400, 57600, 115200))
    host: str = _opt("")
    port: int = _opt(9100, minimum=1, maximum=65535)
    timeout_s: float = _opt(5.0, minimum=0.5, maximum=60)
    status_check: bool = _opt(True, doc="read DLE EOT status around every ticket")
    poll_s: float = _opt(10.0, minimum=1, maximum=600)


@dataclass(frozen=True)
class ScannerConfig:
    type: str = _opt("simulated", choices=("simulated", "serial", "none"))
    device: str = _opt("", doc="e.g. /dev/kiosk-scanner (a udev symlink) or /dev/ttyACM0")
    baudrate: int = _opt(9600, choices=(9600, 19200, 38400, 57600, 115200))
    terminator: str = _opt("auto", choices=("auto", "cr", "lf", "crlf"))
    max_length: int = _opt(512, minimum=16, maximum=4096)


@dataclass(frozen=True)
class BookingConfig:
    code_pattern: str = _opt(DEFAULT_CODE_PATTERN, minimum=1)
    url_hosts: tuple[str, ...] = _opt((), doc="hosts a booking URL may come from; empty: any")
    accept_nik_qr: bool = _opt(False)
    early_minutes: float = _opt(60.0, minimum=0, maximum=720)
    late_minutes: float = _opt(30.0, minimum=0, maximum=720)


@dataclass(frozen=True)
class RatingsConfig:
    type: str = _opt("simulated", choices=("simulated", "gpio", "none"))
    # BCM pin numbers, in the order Sangat Puas, Puas, Kurang Puas, Tidak Puas.
    button_pins: tuple[int, ...] = _opt((5, 6, 13, 19))
    led_pins: tuple[int, ...] = _opt((12, 16, 20, 21), doc="empty: no LEDs")
    pull_up: bool = _opt(True, doc="buttons switch to ground (the usual wiring)")
    leds_active_high: bool = _opt(True)
    window_s: float = _opt(5.0, minimum=1, maximum=120)
    stuck_after_s: float = _opt(30.0, minimum=2, maximum=3600)
    survey: bool = _opt(False, doc="full 9-element IKM survey after the exit question")
    profile: bool = _opt(True, doc="after the survey: the optional respondent profile step")
    profile_timeout_s: float = _opt(25.0, minimum=5, maximum=300)
    thanks_s: float = _opt(3.0, minimum=0.5, maximum=30)


@dataclass(frozen=True)
class TechnicianConfig:
    pin_hash: str = _opt("", doc="from `kiosk technician-pin`; empty: technician screen off")
    max_tries: int = _opt(5, minimum=1, maximum=20)
    lockout_s: float = _opt(300.0, minimum=10, maximum=86400)


@dataclass(frozen=True)
class TicketConfig:
    status_url: str = _opt("", doc="QR on the ticket; {ticket_id} is replaced; empty: no QR")


def _https_address(url: str) -> str:
    problem = url_problem(url)
    return f"an https:// address or empty ({problem})" if problem else ""


@dataclass(frozen=True)
class ComplaintsConfig:
    # Where a visitor sends a complaint (issue 30): a QR after a "Tidak Puas" press and on the
    # survey, and a line on the ticket. This address wins over the central's heartbeat one.
    url: str = _opt(
        "", check=lambda url: url and _https_address(url),
        doc="https:// address; empty: the central's, if it names one; else off",
    )  # fmt: skip
    on_ticket: bool = _opt(False, doc="print the address in the ticket's footer")
    qr_s: float = _opt(20.0, minimum=5, maximum=120, doc="the QR after a Tidak Puas press")


@dataclass(frozen=True)
class CentralConfig:
    url: str = _opt("", doc="empty: standalone on the embedded store")
    token_file: str = _opt("", doc="per-kiosk bearer token file, mode 0600")
    ca_bundle: str = _opt("")
    budget_s: float = _opt(1.5, minimum=0.2, maximum=10)
    offline_block_start: int = _opt(800, minimum=100, maximum=9000)
    heartbeat_s: float = _opt(60.0, minimum=5, maximum=3600)


@dataclass(frozen=True)
class ServiceConfig:
    code: str = _opt("", pattern=r"[a-z0-9_]{1,32}")
    prefix: str = _opt("", pattern=r"[A-Z]")
    name_id: str = _opt("", minimum=1)
    name_en: str = _opt("", minimum=1)
    average_minutes: float = _opt(10.0, minimum=0.5, maximum=240)
    icon: str = _opt("")
    wait_at: str = _opt("", doc="where this service's visitors wait; empty: kiosk.wait_at")


DEFAULT_SERVICES: tuple[Service, ...] = (
    Service("paspor_baru", "A", "Paspor Baru", "New Passport", 15, "passport"),
    Service("penggantian", "B", "Penggantian Paspor", "Passport Replacement", 12, "renew"),
    Service("hilang_rusak", "C", "Paspor Hilang / Rusak", "Lost / Damaged Passport", 25, "alert"),
    Service("izin_tinggal", "D", "Izin Tinggal WNA", "Stay Permits (Foreigners)", 20, "globe"),
    Service("informasi", "E", "Informasi & Pengaduan", "Information & Complaints", 8, "info"),
)


# Where a visitor turned away by a quota books instead (shown as a QR): the directorate's
# site, which links M-Paspor; an office may name a more direct page.
DEFAULT_QUOTA_URL = "https://www.imigrasi.go.id/"


@dataclass(frozen=True)
class HoursConfig:
    """[hours]: when numbers are issued. ``weekly`` None: no [hours] table, open always."""

    weekly: WeeklyHours | None = None
    holidays: Holidays = field(default_factory=Holidays)
    holidays_file: str = ""
    quota_url: str = DEFAULT_QUOTA_URL
    rules: typing.Mapping[str, ServiceRules] = field(default_factory=dict)  # by service code


@dataclass(frozen=True)
class Config:
    office: OfficeConfig = field(default_factory=OfficeConfig)
    kiosk: KioskConfig = field(default_factory=KioskConfig)
    display: DisplayConfig = field(default_factory=DisplayConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    ticket: TicketConfig = field(default_factory=TicketConfig)
    complaints: ComplaintsConfig = field(default_factory=ComplaintsConfig)
    scanner: ScannerConfig = field(default_factory=ScannerConfig)
    booking: BookingConfig = field(default_factory=BookingConfig)
    ratings: RatingsConfig = field(default_factory=RatingsConfig)
    technician: TechnicianConfig = field(default_factory=TechnicianConfig)
    central: CentralConfig = field(default_factory=CentralConfig)
    services: tuple[Service, ...] = DEFAULT_SERVICES
    hours: HoursConfig = field(default_factory=HoursConfig)
    source: str = "<defaults>"

    @property
    def standalone(self) -> bool:
        return not self.central.url

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.office.timezone)

    def state_path(self) -> Path:
        if self.kiosk.state_dir:
            return Path(self.kiosk.state_dir)
        # systemd's StateDirectory= sets this; outside systemd, a per-user folder.
        if os.environ.get("STATE_DIRECTORY"):
            return Path(os.environ["STATE_DIRECTORY"].split(":")[0])
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(base) / "layanan-kiosk"


_SECTIONS = {
    "office": OfficeConfig,
    "kiosk": KioskConfig,
    "display": DisplayConfig,
    "printer": PrinterConfig,
    "ticket": TicketConfig,
    "complaints": ComplaintsConfig,
    "scanner": ScannerConfig,
    "booking": BookingConfig,
    "ratings": RatingsConfig,
    "technician": TechnicianConfig,
    "central": CentralConfig,
}

_TYPE_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}


def _fail(key: str, value: object, expected: str) -> typing.NoReturn:
    # reprlib stops at a few levels: a value nested a thousand arrays deep is still one line.
    shown = reprlib.repr(value) if isinstance(value, list | dict) else repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    raise ConfigError(f"{key} = {shown}: expected {expected}")


def _check_value(key: str, value: object, annotation: object, meta: dict) -> object:
    if typing.get_origin(annotation) is tuple:
        return _check_list(key, value, typing.get_args(annotation)[0])
    value = _check_type(key, value, annotation)
    _check_bounds(key, value, meta)
    return value


def _check_list(key: str, value: object, item: type) -> tuple:
    ok = isinstance(value, list) and all(
        isinstance(v, item) and not isinstance(v, bool) for v in value
    )
    if not ok:
        _fail(key, value, "a list of " + ("whole numbers" if item is int else "strings"))
    return tuple(value)


def _check_type(key: str, value: object, kind: type) -> object:
    """``value`` as a ``kind`` (a whole number is a number too; a bool is nothing else)."""
    ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        _fail(key, value, _TYPE_NAMES.get(kind, str(kind)))
    if kind is float and not math.isfinite(value):
        # nan compares false with every bound, so only this catches it.
        _fail(key, value, "a finite number")
    return value


def _check_bounds(key: str, value, meta: dict) -> None:
    """The field's choices, bounds (a text's length) and pattern."""
    if meta.get("choices") is not None and value not in meta["choices"]:
        _fail(key, value, "one of " + ", ".join(str(c) for c in meta["choices"]))
    size = len(value) if isinstance(value, str) else value
    if meta.get("min") is not None and size < meta["min"]:
        _fail(key, value, "not empty" if isinstance(value, str) else f"at least {meta['min']}")
    if meta.get("max") is not None and size > meta["max"]:
        _fail(key, value, f"at most {meta['max']}")
    if meta.get("pattern") and not re.fullmatch(meta["pattern"], value):
        _fail(key, value, f"text matching {meta['pattern']}")
    expected = meta["check"](value) if meta.get("check") else ""
    if expected:
        _fail(key, value, expected)


def _build(cls, raw: object, where: str):
    if not isinstance(raw, dict):
        _fail(where, raw, "a table")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    problems = _Problems()
    for key in raw:
        if key not in fields:
            with problems.each():
                _fail(f"{where}.{key}", raw[key], "no such key (known: " + ", ".join(fields) + ")")
    values = {}
    for name, f in fields.items():
        if name in raw:
            with problems.each():
                values[name] = _check_value(
                    f"{where}.{name}", raw[name], hints[name], dict(f.metadata)
                )
    problems.stop()
    return cls(**values)


_RULE_KEYS = ("last_issue", "quota")


def _services(raw: object) -> tuple[Service, ...]:
    if not isinstance(raw, list) or not raw:
        _fail("services", raw, "a non-empty array of [[services]] tables")
    services, prefixes, codes = [], set(), set()
    for i, item in enumerate(raw):
        where = f"services[{i}]"
        if isinstance(item, dict):  # the hours' keys are read by _service_rules
            item = {k: v for k, v in item.items() if k not in _RULE_KEYS}
        sc = _build(ServiceConfig, item, where)
        for required in ("code", "prefix", "name_id", "name_en"):
            if required not in item:
                _fail(f"{where}.{required}", None, "a value (this key is required)")
        if sc.prefix in prefixes:
            _fail(f"{where}.prefix", sc.prefix, "a letter no other service uses")
        if sc.code in codes:
            _fail(f"{where}.code", sc.code, "a code no other service uses")
        prefixes.add(sc.prefix)
        codes.add(sc.code)
        services.append(Service(**dataclasses.asdict(sc)))
    return tuple(services)


def parse_config(data: dict, source: str = "<memory>") -> Config:
    problems = _Problems()
    for key in data:
        if key not in _SECTIONS and key not in ("services", "hours"):
            known = ", ".join([*_SECTIONS, "hours", "services"])
            with problems.each():
                _fail(key, data[key], f"no such section (known: {known})")
    # A section that does not read is taken as its defaults (valid by construction) so that
    # the checks across sections still run: every problem in one go.
    sections = {name: cls() for name, cls in _SECTIONS.items()}
    for name, cls in _SECTIONS.items():
        with problems.each():
            sections[name] = _build(cls, data.get(name, {}), name)
    services, hours = DEFAULT_SERVICES, HoursConfig()
    with problems.each():
        services = _services(data["services"]) if "services" in data else DEFAULT_SERVICES
    with problems.each():
        hours = _hours(data.get("hours"), data.get("services", []), services, source)
    config = Config(**sections, services=services, hours=hours, source=source)
    for check in _CHECKS:
        with problems.each():
            check(config)
    problems.stop()
    return config


def _check_timezone(config: Config) -> None:
    try:
        ZoneInfo(config.office.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # "Asia" names a folder of zones: IsADirectoryError from the tzdata package.
        _fail("office.timezone", config.office.timezone, "an IANA zone such as Asia/Jakarta")


def _check_pin(config: Config) -> None:
    if config.technician.pin_hash and not is_pin_hash(config.technician.pin_hash):
        rounds = f"{MIN_ITERATIONS} to {MAX_ITERATIONS} rounds"
        _fail(
            "technician.pin_hash", "(hidden)", f"a hash made by `kiosk technician-pin` ({rounds})"
        )


def _check_scanner(config: Config) -> None:
    if config.scanner.type == "serial" and not config.scanner.device:
        _fail("scanner.device", "", "a device path for type serial")


def _check_booking(config: Config) -> None:
    try:
        re.compile(config.booking.code_pattern)
    except re.error as exc:
        _fail("booking.code_pattern", config.booking.code_pattern, f"a regular expression ({exc})")


def _hours(raw: object, raw_services: object, services, source: str) -> HoursConfig:
    """[hours] and each service's last_issue / quota, read by layanan_rules.opening."""
    try:
        rules = {}
        for i, item in enumerate(raw_services if isinstance(raw_services, list) else []):
            if isinstance(item, dict) and any(k in item for k in _RULE_KEYS):
                cutoff, quota = item.get("last_issue", ""), item.get("quota", {})
                if not isinstance(quota, dict):
                    _fail(f"services[{i}].quota", quota, "a table such as { walk_in = 100 }")
                rules[services[i].code] = ServiceRules.parse(cutoff, quota, f"services[{i}]")
        if raw is None:
            return HoursConfig(rules=rules)
        if not isinstance(raw, dict):
            _fail("hours", raw, "a table of weekdays")
        raw = dict(raw)
        holidays_file = raw.pop("holidays_file", "")
        quota_url = raw.pop("quota_url", DEFAULT_QUOTA_URL)
        if not isinstance(holidays_file, str):
            _fail("hours.holidays_file", holidays_file, "a path to a TOML file")
        if not isinstance(quota_url, str) or not re.fullmatch(r"https://\S+", quota_url):
            _fail("hours.quota_url", quota_url, "an https:// URL")
        weekly = WeeklyHours.parse(raw)
        holidays = _holidays(holidays_file, source) if holidays_file else Holidays()
        return HoursConfig(weekly, holidays, holidays_file, quota_url, rules)
    except HoursError as exc:
        raise ConfigError(str(exc)) from None


def _holidays(name: str, source: str) -> Holidays:
    path = Path(name)
    if not path.is_absolute() and Path(source).is_file():
        path = Path(source).parent / path  # beside the config, like the token file
    key = f"hours.holidays_file = {name!r}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{key}: cannot be read ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{key}: not valid TOML ({exc})") from None
    rows = data.get("holidays", [])
    if set(data) - {"holidays"} or not isinstance(rows, list):
        raise ConfigError(f"{key}: expected only [[holidays]] tables")
    try:
        return Holidays.parse(rows, where=f"{path.name}: holidays")
    except HoursError as exc:
        raise ConfigError(f"{key}: {exc}") from None


def _check_printer(p: PrinterConfig) -> None:
    problem = missing(p)  # what the printer's connector needs (kiosk.hardware.connectors)
    if problem:
        _fail(*problem)


def _check_ratings(r: RatingsConfig) -> None:
    if len(r.button_pins) != 4 or len(set(r.button_pins)) != 4:
        _fail("ratings.button_pins", list(r.button_pins), "four different BCM pin numbers")
    if r.led_pins and (len(r.led_pins) != 4 or set(r.led_pins) & set(r.button_pins)):
        _fail("ratings.led_pins", list(r.led_pins), "four pins, none shared with the buttons")
    for pin in (*r.button_pins, *r.led_pins):
        if not 2 <= pin <= 27:
            _fail("ratings.button_pins", pin, "BCM pins 2-27")


def _check_central(c: CentralConfig) -> None:
    if not c.url:
        return
    parts = urllib.parse.urlsplit(c.url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        _fail("central.url", c.url, "an https:// URL (plain http only to this machine)")
    if not c.token_file:
        _fail("central.token_file", "", "the kiosk's token file when central.url is set")


_CHECKS = (
    _check_timezone,
    lambda config: _check_printer(config.printer),
    lambda config: _check_central(config.central),
    lambda config: _check_ratings(config.ratings),
    _check_pin,
    _check_scanner,
    _check_booking,
)


def load_config(
    path: str | os.PathLike | None = None, override: str | os.PathLike | None = None
) -> Config:
    """Read the config named by ``path``, else $KIOSK_CONFIG, else the defaults.

    The production file is only read when named (by the systemd unit), so a developer's
    ``kiosk run`` never picks up a half-edited file from /etc by surprise. An ``override``
    file's tables are laid over it key by key (a list of tables such as [[services]] is
    replaced whole): the installed file stays as the office wrote it, and a bench or a test
    changes only what it names (its devices, its state directory).
    """
    chosen = path or os.environ.get(ENV_CONFIG)
    if not chosen and not override:
        return Config()
    data, source = (_read_toml(Path(chosen)), str(chosen)) if chosen else ({}, "<defaults>")
    if override:
        for key, value in _read_toml(Path(override)).items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        source = f"{source} + {override}"
    try:
        return parse_config(data, source=str(chosen or override))
    except ConfigError as exc:
        raise exc.prefixed(f"config file {source}: ") from None


def _read_toml(p: Path) -> dict:
    try:
        # Not a FIFO or /dev/zero, which would hang the start or read until memory runs out.
        if p.exists() and not p.is_dir() and not p.is_file():
            raise ConfigError(f"config file {p}: not a regular file")
        if p.is_file() and p.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"config file {p}: larger than {MAX_CONFIG_BYTES // 1024} KiB")
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {p}: not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {p}: cannot be read ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {p}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"config file {p}: not valid TOML (nested too deeply)") from None
