"""Backups of the real central while kiosks write, on SQLite and PostgreSQL: each copy is
consistent and opens; a damaged, foreign or other-engine file is refused and changes nothing;
the files are private and, with a key, encrypted; the rotation keeps what it promises."""

from __future__ import annotations

import gzip
import os
import shutil
import sqlite3
import stat
import subprocess
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk_central.backup.copies import Copy, to_remove
from layanan_rules.services import Lane
from tests.central.conftest import PG_BIN
from tests.central.kiosk_side import make_kiosk


def backups(central) -> list[Path]:
    return sorted((central.root / "state" / "backups").glob("central-*"))


def stopped_with_port(central) -> None:
    """``restore`` refuses while something answers on the config's port: name the test's."""
    central.kill()
    text = central.config.read_text()
    if "\nport" not in text:
        central.config.write_text(text + f"port = {central.port}\n")


def opened_counts(central, path: Path, request) -> tuple[int, int]:
    """(tickets, their 'issued' events) in the copy, opened the engine's own way."""
    sql = (
        "SELECT (SELECT COUNT(*) FROM queue_ticket), "
        "(SELECT COUNT(*) FROM queue_ticketevent WHERE kind = 'issued')"
    )
    if not central.database_url:
        plain = path.with_name(path.name + ".plain")
        with gzip.open(path) as src, open(plain, "wb") as dst:
            shutil.copyfileobj(src, dst)
        with sqlite3.connect(f"file:{plain}?mode=ro", uri=True) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            return conn.execute(sql).fetchone()
    pg = request.getfixturevalue("postgres")
    name = f"copy{abs(hash(path.name)) % 10**8}"
    pg.create(name)
    psql = [str(PG_BIN / "psql"), "-h", str(pg.dir), "-p", str(pg.port), "-U", "postgres"]
    # The copy is of the public schema, which it creates.
    subprocess.run([*psql, "-d", name, "-c", "DROP SCHEMA public"], check=True, capture_output=True)
    subprocess.run(
        [str(PG_BIN / "pg_restore"), "--no-owner", "--exit-on-error",
         "-h", str(pg.dir), "-p", str(pg.port), "-U", "postgres", "-d", name, str(path)],
        check=True, capture_output=True,
    )  # fmt: skip
    out = subprocess.run(
        [*psql, "-d", name, "-At", "-F", " ", "-c", sql],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return tuple(int(x) for x in out.stdout.split())


def test_a_backup_while_two_kiosks_issue_is_consistent_private_and_opens(
    central, tmp_path, request
):
    tokens = {n: central.register(n) for n in ("kiosk-01", "kiosk-02")}
    central.start()
    kiosks = [
        make_kiosk(tmp_path / f"{n}.sqlite3", central.url, t, n, 800 + 100 * i)
        for i, (n, t) in enumerate(tokens.items())
    ]
    stop = threading.Event()
    issued: list = []

    def work(k):
        while not stop.is_set():
            issued.append(k.desk.issue("penggantian", Lane.REGULAR, None, None))

    threads = [threading.Thread(target=work, args=(k,)) for k in kiosks]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            out = central.cli("backup")
            assert out.stdout.startswith("backup "), out.stderr
    finally:
        stop.set()
        for t in threads:
            t.join()
    made = backups(central)
    assert len(made) >= 1  # copies within one second share a name: the later replaces it
    folder = made[0].parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        tickets, issued_events = opened_counts(central, path, request)
        assert tickets == issued_events > 0  # one instant: each ticket with its event
    assert len(issued) > tickets  # the kiosks kept issuing after the last copy
    assert not list(folder.glob(".partial-*"))
    for k in kiosks:
        k.client.close()
        k.db.close()


def _damaged(path: Path, tmp: Path) -> dict[str, Path]:
    data = path.read_bytes()
    out = {}
    half = tmp / "t" / path.name
    half.parent.mkdir()
    half.write_bytes(data[: len(data) // 2])
    out["truncated"] = half
    scribbled = bytearray(data)
    # compressed data: the SQLite copy's gzip stream, the dump's data after its contents
    start = len(data) // 2
    scribbled[start : start + 64] = b"\xa5" * 64
    damaged = tmp / "d" / path.name
    damaged.parent.mkdir()
    damaged.write_bytes(bytes(scribbled))
    out["scribbled"] = damaged
    return out


def test_a_damaged_foreign_or_other_engine_file_is_refused_and_nothing_changes(central, tmp_path):
    token = central.register("kiosk-01")
    central.start()
    kiosk = make_kiosk(tmp_path / "k.sqlite3", central.url, token, "kiosk-01", 800)
    for _ in range(5):
        kiosk.desk.issue("penggantian", Lane.REGULAR, None, None)
    central.cli("backup")
    [good] = backups(central)
    stopped_with_port(central)
    before = central.query("SELECT COUNT(*) FROM queue_ticket")
    bad = _damaged(good, tmp_path)
    other = "pgdump" if not central.database_url else "sqlite3"
    foreign = (
        tmp_path / f"central-20261204T010000Z.{'pgdump' if central.database_url else 'sqlite3'}"
    )
    if central.database_url:
        foreign.write_bytes(b"PGDMP" + os.urandom(4000))
    else:  # a kiosk's database is a SQLite file too, and not a central's
        kiosk.db.checkpoint()
        foreign.write_bytes((tmp_path / "k.sqlite3").read_bytes())
    bad["foreign"] = foreign
    wrong = tmp_path / f"central-20261204T010000Z.{other}"
    wrong.write_bytes(good.read_bytes())
    bad["other engine"] = wrong
    for what, path in bad.items():
        result = central.cli("restore", str(path), check=False)
        assert result.returncode == 1, (what, result.stdout)
        assert result.stderr.startswith("kiosk-central: restore: "), (what, result.stderr)
        assert "Traceback" not in result.stderr
        print(what, "->", result.stderr.strip())
    assert central.query("SELECT COUNT(*) FROM queue_ticket") == before
    assert not list(central.root.glob("state/*before-restore*"))
    # and a running central is never restored under its feet
    central.start()
    result = central.cli("restore", str(good), check=False)
    assert result.returncode == 1 and "stop it first" in result.stderr
    kiosk.client.close()
    kiosk.db.close()


@pytest.mark.parametrize("engine", ["sqlite"])
def test_an_encrypted_backup_needs_its_key(central, tmp_path):
    key = tmp_path / "backup.key"
    key.write_text(os.urandom(32).hex())
    key.chmod(0o600)
    text = central.config.read_text()
    central.config.write_text(text + f'backup_key_file = "{key}"\n')
    central.cli("backup")
    [made] = backups(central)
    assert made.name.endswith(".sqlite3.gz.enc")
    assert made.read_bytes()[:8] == b"Salted__"  # openssl's, not gzip's or SQLite's header
    stopped_with_port(central)
    assert central.cli("restore", str(made)).returncode == 0  # with its key
    key.write_text(os.urandom(32).hex())
    wrong = central.cli("restore", str(made), check=False)
    assert wrong.returncode == 1 and "cannot decrypt" in wrong.stderr
    key.chmod(0o644)
    lax = central.cli("backup", check=False)
    assert lax.returncode == 1 and "others can read it" in lax.stderr
    state = (central.root / "state" / "backup-state.json").read_text()
    assert '"ok": false' in state


def test_the_rotation_keeps_the_last_two_hours_then_one_an_hour_then_one_a_day():
    now = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    found = [
        Copy(Path(f"c{i}"), now - timedelta(minutes=15 * i), "sqlite3", False)
        for i in range(4 * 24 * 40)  # every 15 minutes for 40 days
    ][::-1]
    gone = {c.path for c in to_remove(found, now, keep_hours=48, keep_days=30)}
    kept = [c for c in found if c.path not in gone]

    def ages(low_h: float, high_h: float) -> list[Copy]:
        return [c for c in kept if low_h < (now - c.taken_at) / timedelta(hours=1) <= high_h]

    assert len(ages(-1, 2)) == 2 * 4 + 1  # every copy of the last two hours
    hourly = ages(2, 48)
    assert len({c.taken_at.replace(minute=0) for c in hourly}) == len(hourly) == 46
    daily = ages(48, 24 * 30)
    assert len({c.taken_at.date() for c in daily}) == len(daily) == 28
    assert all(now - c.taken_at <= timedelta(days=30) for c in kept)
    assert len(kept) == 83
    assert to_remove(found[:1], now + timedelta(days=365), 48, 30) == []  # the last stays
