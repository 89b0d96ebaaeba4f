"""Issue 28.4: the state directory's disk fills mid-day, on a real file system (a loop-mounted
ext4 image, as on the Pi's card), through the real app. A visitor still gets a number (from the
reserve), the technician is told (one log line, the live status, doctor), a number is never
half-issued when even the reserve is spent, and issuing resumes by itself when space returns,
with no number lost or repeated."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kiosk.probes import ConfiguredProbes
from kiosk.store.reserve import RESERVE_NAME
from kiosk.usecases.doctor import check_disk
from tests.ui.test_checkin_e2e import NIK, type_nik

pytestmark = pytest.mark.ui
MB = 1024 * 1024


@pytest.fixture
def small_disk(tmp_path) -> Path:
    if os.geteuid() != 0 or not shutil.which("mkfs.ext4"):
        pytest.skip("loop-mounting a file system needs root and e2fsprogs")
    image, mount = tmp_path / "card.img", tmp_path / "card"
    with open(image, "wb") as f:
        f.truncate(48 * MB)
    subprocess.run(["mkfs.ext4", "-q", "-F", "-m", "0", str(image)], check=True)
    mount.mkdir()
    subprocess.run(["mount", "-o", "loop", str(image), str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(path: Path) -> None:
    """Write until the file system says no more."""
    with open(path, "ab", buffering=0) as f:
        for chunk in (MB, 4096, 512):
            try:
                while True:
                    f.write(b"\0" * chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        os.fsync(f.fileno())


def take_a_ticket(ui) -> str | None:
    """A NIK check-in to the end: the number, or None when the service screen said no."""
    ui.home()
    ui.tap(ui.screen.ids.take_number)
    ui.wait_for(lambda: ui.settled_on("nik"))
    type_nik(ui, NIK)
    ui.tap(ui.screen.ids.next)
    ui.wait_for(lambda: ui.settled_on("service"))
    service = ui.screen
    ui.tap(ui.card("Paspor Baru"))
    ui.answer_priority(False)
    ui.wait_for(lambda: ui.settled_on("ticket") or (service.error and not service.busy))
    if ui.screen.name != "ticket":
        return None
    ticket = ui.screen
    ui.wait_for(lambda: ticket.print_state == "printed")
    return ticket.number


def numbers(state: Path) -> list[str]:
    with sqlite3.connect(state / "kiosk.sqlite3") as conn:
        return [n for (n,) in conn.execute("SELECT number FROM tickets ORDER BY n")]


def test_a_full_disk_never_turns_a_visitor_away(ui, small_disk, caplog):
    state = small_disk / "kiosk"
    with ui.serving(state, printer=ui.app.kiosk.printer) as kiosk:
        config = kiosk.config
        storage = kiosk.live.devices["storage"]
        assert (state / RESERVE_NAME).is_file()
        assert take_a_ticket(ui) == "A-001"

        fill(small_disk / "filler-1")
        with caplog.at_level(logging.INFO):
            assert take_a_ticket(ui) == "A-002"  # from the reserve
        assert not (state / RESERVE_NAME).exists()
        assert storage.state.fault == "disk_full"
        lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.store.reserve"]
        assert lines == ["storage fault: disk_full (the state directory's disk is full; "
                         "tickets are issued from the reserve)"]  # fmt: skip
        assert "disk_full" in str(kiosk.live.snapshot()["storage"])
        said = check_disk(config, ConfiguredProbes(config))
        assert said.status == "FAIL" and "reserve is in use" in said.detail
        ui.screenshot("full-disk-ticket-from-reserve")

        # Even the reserve spent: a clear message, and no number given out half-way.
        fill(small_disk / "filler-2")
        assert take_a_ticket(ui) is None
        assert ui.screen.ids.title.text.startswith("Maaf, nomor antrean gagal dibuat")
        ui.screenshot("full-disk-reserve-spent")
        assert numbers(state) == ["A-001", "A-002"]

        # Space back: the next number follows on, the reserve is set aside again by the poll.
        (small_disk / "filler-1").unlink()
        (small_disk / "filler-2").unlink()
        assert take_a_ticket(ui) == "A-003"
        [poll] = [p for p in kiosk.polls if p.name == "disk-reserve"]
        poll.fn()
        assert (state / RESERVE_NAME).is_file() and storage.state.fault is None
        # (still short of the 100 MB doctor asks for on this small disk, but not full)
        assert "reserve" not in check_disk(config, ConfiguredProbes(config)).detail
        assert numbers(state) == ["A-001", "A-002", "A-003"]
