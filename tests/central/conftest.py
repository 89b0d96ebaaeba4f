"""The real central (``kiosk-central serve``: gunicorn, Django) on 127.0.0.1, on SQLite and on a
real PostgreSQL server started here for the session (Debian's postgresql; initdb as the
postgres user, because it refuses to run as root)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

# Debian's postgresql: 15 on bookworm; whichever is installed.
PG_BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"),
    default=Path("/nonexistent"),
    key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"central exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("central did not start")


class Postgres:
    """A throwaway cluster in a temporary folder, listening on a Unix socket only."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="central-pg-"))
        shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        self.port = free_port()

    def _as_postgres(self, *cmd: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True, capture_output=True)

    def start(self) -> Postgres:
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.dir / "log"),
            "-o",
            f"-k {self.dir} -p {self.port} -c listen_addresses='' -c fsync=on",
            "start",
        )
        return self

    def url(self, name: str) -> str:
        return f"postgresql://postgres@/{name}?host={self.dir}&port={self.port}"

    def create(self, name: str) -> str:
        self._as_postgres(str(PG_BIN / "createdb"), "-h", str(self.dir), "-p", str(self.port), name)
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL is not installed: scripts/test installs Debian's postgresql")
    pg = Postgres().start()
    yield pg
    pg.stop()


class Central:
    """One central: its config, its server process, kiosk registration, and its database."""

    def __init__(self, root: Path, database_url: str = "") -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.config = root / "central.toml"
        self.database_url = database_url
        self.port = free_port()
        lines = [f'state_dir = "{root / "state"}"']
        if database_url:
            lines.append(f'database_url = "{database_url}"')
        self.config.write_text("[central]\n" + "\n".join(lines) + "\n")
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}/api/v1"

    def cli(self, *args: str, check: bool = True, input: str | None = None):
        return subprocess.run(
            [sys.executable, "-m", "kiosk_central.cli", "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            check=check,
            input=input,
            timeout=120,
        )

    def python(self, script: str) -> subprocess.CompletedProcess:
        """Run ``script`` in a Python process with this central's Django settings."""
        env = {
            **os.environ,
            "KIOSK_CENTRAL_CONFIG": str(self.config),
            "DJANGO_SETTINGS_MODULE": "kiosk_central.project.settings",
        }
        return subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
        )

    def setup(self) -> Central:
        self.cli("migrate")
        self.cli("demo-data")
        return self

    def register(self, name: str, *extra: str) -> str:
        return self.cli("register-kiosk", name, *extra).stdout.strip()

    def start(self) -> Central:
        with open(self.root / "serve.log", "ab") as log:
            self.proc = self._spawn(log)
        wait_port(self.port, self.proc)
        return self

    def _spawn(self, log) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk_central.cli",
                "--config",
                str(self.config),
                "serve",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """The whole process group, as systemd's KillMode=control-group would."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=30)
        self.proc = None

    def query(self, sql: str, *params) -> list[tuple]:
        if self.database_url:
            import psycopg

            from kiosk_central.config import CentralConfig

            db = CentralConfig(database_url=self.database_url).database()
            with psycopg.connect(
                dbname=db["NAME"],
                user=db["USER"],
                host=db["HOST"],
                port=db["PORT"],
                autocommit=True,
            ) as conn:
                return conn.execute(sql.replace("?", "%s"), params).fetchall()
        with sqlite3.connect(self.root / "state" / "central.sqlite3") as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request):
    return request.param


@pytest.fixture
def bare_central(engine, tmp_path, request):
    """A central with its config and an empty database, not migrated (the migration tests)."""
    url = ""
    if engine == "postgresql":
        url = request.getfixturevalue("postgres").create(f"c{uuid.uuid4().hex[:12]}")
    c = Central(tmp_path / "central", url)
    yield c
    c.kill(signal.SIGTERM)


@pytest.fixture
def central(bare_central):
    return bare_central.setup()
