"""The central's configuration: one TOML file, read into a frozen dataclass, every problem one
line naming the key, the value and what was expected.

    [central]
    state_dir = ""          # empty: $STATE_DIRECTORY (systemd), else ~/.local/share/kiosk-central
    database_url = ""       # empty: SQLite in state_dir; "postgresql://user:pw@host:5432/name"
    time_zone = "Asia/Jakarta"
    language = "id"         # the admin's default language: "id" or "en"
    allowed_hosts = ["127.0.0.1", "localhost"]
    host = "127.0.0.1"      # where `kiosk-central serve` listens
    port = 8000
    workers = 0             # server processes (0: 1 on SQLite, 2 on PostgreSQL); each
                            # runs `threads` requests at once in a pool of threads
    threads = 8             # open live pages (display, status) take none: they wait as
                            # coroutines, thousands per process (README "Central"); each
                            # thread keeps a database connection, and 2 cores are busy
                            # with 8 (more add memory, not tickets a second)
    db_wait_s = 5.0         # how long a request waits for the database's write lock
    public_url = ""         # how visitors' phones reach this central, e.g.
                            # "https://antrean.example.go.id": kiosks print its status
                            # page's QR (PUBLIC_URL/s/<ticket id>); empty: they print their own
    backup_dir = ""         # empty: STATE_DIR/backups; better a second disk or a mounted share
    backup_keep_hours = 48  # every backup of the last 2 hours, then the last of each hour
    backup_keep_days = 30   # for 48 hours, then the day's last for 30 days (README "Backups")
    backup_key_file = ""    # a key the office also keeps elsewhere: backups are encrypted
    backup_alert_minutes = 60   # the dashboard and the alerts warn when the last is older
    restore_hold_minutes = 30   # after a restore, central numbers wait this long at most for
                                # the kiosks to resend what the backup missed
    reply_keep_days = 30    # stored idempotent replies: the longest a kiosk may stay offline
    challenge_work = 50000  # the public forms' proof of work: the most SHA-256 rounds a
                            # browser tries (half on average; about a second on a cheap phone)
    staff_networks = ["127.0.0.0/8", "::1/128"]
                            # where staff pages, the admin and the kiosk API answer from (CIDRs):
                            # the office's staff LAN, each office's on a regional central; the
                            # public pages (status, booking, complaints) answer everyone
    trusted_proxies = []    # the reverse proxy's addresses (install-central.sh's nginx:
                            # ["127.0.0.1"]): only a request from one of them may name the
                            # client's address (X-Forwarded-For) and HTTPS (X-Forwarded-Proto)
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
import urllib.parse
from dataclasses import dataclass, field, fields
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ENV_CONFIG = "KIOSK_CENTRAL_CONFIG"


class CentralConfigError(ValueError):
    """One line that names the key, the value and what was expected."""


@dataclass(frozen=True)
class CentralConfig:
    state_dir: str = ""
    database_url: str = ""
    time_zone: str = "Asia/Jakarta"
    language: str = "id"
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0
    threads: int = 8
    db_wait_s: float = 5.0
    public_url: str = ""
    backup_dir: str = ""
    backup_keep_hours: int = 48
    backup_keep_days: int = 30
    backup_key_file: str = ""
    backup_alert_minutes: int = 60
    restore_hold_minutes: int = 30
    reply_keep_days: int = 30
    challenge_work: int = 50_000
    staff_networks: tuple[str, ...] = ("127.0.0.0/8", "::1/128")
    trusted_proxies: tuple[str, ...] = ()
    source: str = field(default="(defaults)", compare=False)

    @property
    def state_path(self) -> Path:
        if self.state_dir:
            return Path(self.state_dir)
        if os.environ.get("STATE_DIRECTORY"):
            return Path(os.environ["STATE_DIRECTORY"].split(":")[0])
        return Path.home() / ".local" / "share" / "kiosk-central"

    @property
    def backup_path(self) -> Path:
        return Path(self.backup_dir) if self.backup_dir else self.state_path / "backups"

    @property
    def worker_processes(self) -> int:
        # SQLite writes one at a time: one process whose threads queue for the writer in
        # memory beats several polling the file's lock.
        return self.workers or (2 if self.database_url else 1)

    def database(self) -> dict:
        """Django's DATABASES["default"] for this config."""
        if not self.database_url:
            return {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(self.state_path / "central.sqlite3"),
                # Kept by the thread that opened it (the server's pool reuses its threads):
                # opening one and setting its pragmas was a tenth of a short request.
                "CONN_MAX_AGE": None,
                "OPTIONS": {
                    # Every transaction takes the write lock at BEGIN, so two allocations
                    # never both read the same counter and one of them fails at COMMIT.
                    "transaction_mode": "IMMEDIATE",
                    "timeout": self.db_wait_s,
                    "init_command": (
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                        "PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON; "
                        # each pool thread keeps its connection: 512 KB of pages each
                        "PRAGMA cache_size=-512;"
                    ),
                },
            }
        url = urllib.parse.urlsplit(self.database_url)
        query = dict(urllib.parse.parse_qsl(url.query))
        options = {k: v for k, v in query.items() if k not in ("host", "port")}
        # A statement that waits on a lock longer than a request's deadline gives up.
        options["options"] = f"-c lock_timeout={int(self.db_wait_s * 1000)}"
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": urllib.parse.unquote(url.path.lstrip("/")),
            "USER": urllib.parse.unquote(url.username or ""),
            "PASSWORD": urllib.parse.unquote(url.password or ""),
            "HOST": query.get("host") or url.hostname or "",
            "PORT": query.get("port") or str(url.port or ""),
            # Each request runs in a thread of its own (the ASGI server): connections come
            # from a pool per process rather than one per thread.
            "OPTIONS": {
                **options,
                "pool": {"min_size": 2, "max_size": 20, "timeout": self.db_wait_s},
                # The server parses and plans each statement a connection ran five times once
                # (psycopg's prepared statements; Django's default, client-side binding, plans
                # every one anew). The pool is the central's own, no PgBouncer in between.
                "server_side_binding": True,
                "prepare_threshold": 5,
            },
        }


def _check(key: str, value: object, expected: type | tuple, source: str) -> None:
    ok = isinstance(value, expected) and not (isinstance(value, bool) and expected is not bool)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        ok = True
    if not ok:
        name = getattr(expected, "__name__", "list of text")
        raise CentralConfigError(f"{source}: central.{key} = {value!r}: expected {name}")


def load(path: str | os.PathLike | None = None) -> CentralConfig:
    """The config in ``path`` (or $KIOSK_CENTRAL_CONFIG); none: the defaults."""
    path = path or os.environ.get(ENV_CONFIG) or None
    if path is None:
        return CentralConfig()
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CentralConfigError(f"{source}: cannot read: {exc.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CentralConfigError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(data) - {"central"}
    if unknown:
        raise CentralConfigError(
            f"{source}: unknown table [{sorted(unknown)[0]}]: expected [central]"
        )
    table = data.get("central", {})
    if not isinstance(table, dict):
        raise CentralConfigError(f"{source}: central: expected a table")
    known = {f.name: f for f in fields(CentralConfig) if f.name != "source"}
    values: dict[str, object] = {}
    for key, value in table.items():
        if key not in known:
            raise CentralConfigError(
                f"{source}: unknown key central.{key}: expected one of {', '.join(known)}"
            )
        kind = {str: str, int: int, float: float}.get(type(known[key].default), list)
        _check(key, value, kind, source)
        if kind is list:
            if not all(isinstance(v, str) and v for v in value):
                raise CentralConfigError(f"{source}: central.{key}: expected a list of text")
            value = tuple(value)
        values[key] = value
    config = CentralConfig(**values, source=source)
    _validate(config)
    return config


# (key, lowest, highest, what the error says; "" for "expected LOW to HIGH")
RANGES = (
    ("port", 1, 65535, ""),
    ("workers", 0, 64, "expected 0 (automatic) to 64"),
    ("threads", 1, 256, ""),
    ("db_wait_s", 0.1, 60, "expected 0.1 to 60 seconds"),
    ("backup_keep_hours", 1, 24 * 90, ""),
    ("backup_keep_days", 0, 3660, ""),
    ("backup_alert_minutes", 5, 7 * 24 * 60, ""),
    ("restore_hold_minutes", 0, 24 * 60, ""),
    ("reply_keep_days", 1, 3660, ""),
    ("challenge_work", 100, 10_000_000, ""),
)


def _check_networks(c: CentralConfig) -> None:
    for key in ("staff_networks", "trusted_proxies"):
        for value in getattr(c, key):
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                raise CentralConfigError(
                    f"{c.source}: central.{key}: {value!r}: expected an address or a network "
                    'such as "192.168.10.0/24"'
                ) from None


def _validate(c: CentralConfig) -> None:
    def fail(key: str, expected: str) -> None:
        raise CentralConfigError(f"{c.source}: central.{key} = {getattr(c, key)!r}: {expected}")

    try:
        ZoneInfo(c.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        fail("time_zone", "expected an IANA zone such as Asia/Jakarta")
    if c.language not in ("id", "en"):
        fail("language", 'expected "id" or "en"')
    if c.database_url and not c.database_url.startswith(("postgresql://", "postgres://")):
        fail("database_url", 'expected "" (SQLite) or "postgresql://user:password@host/name"')
    if c.database_url and not urllib.parse.urlsplit(c.database_url).path.strip("/"):
        fail("database_url", "expected a database name after the host")
    for key, low, high, expected in RANGES:
        if not low <= getattr(c, key) <= high:
            fail(key, expected or f"expected {low} to {high}")
    if not c.staff_networks:
        fail("staff_networks", 'expected at least one network, e.g. ["192.168.10.0/24"]')
    _check_networks(c)
    public = urllib.parse.urlsplit(c.public_url)
    if c.public_url and (public.scheme not in ("http", "https") or not public.netloc):
        fail("public_url", 'expected "" or "https://host[/path]"')
