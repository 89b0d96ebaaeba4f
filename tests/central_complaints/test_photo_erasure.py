"""A complaint's photo is personal data: it is erased with the sender's contact details,
``erase_contact_days`` after closing, by the minute timer on the central's fake clock, and
its bytes then stay nowhere in the database's files (SQLite: the file and its WAL, unvacuumed;
PostgreSQL: the database's table and TOAST files after a checkpoint)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image

from kiosk_testsupport.clocks import wib as at
from tests.central.hours_setup import Clock, set_hours
from tests.central_complaints.office import (
    act,
    base,
    complaint_id,
    open_form,
    receipt,
    signed_in,
    staff,
    track,
)


def _noise_jpeg() -> bytes:
    """Random pixels: the re-encoded JPEG does not compress, so PostgreSQL stores its bytes
    as they are (TOAST, uncompressed) and a slice of them can be looked for in the files."""
    image = Image.frombytes("RGB", (400, 300), os.urandom(400 * 300 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def _markers(stored: bytes) -> list[bytes]:
    step = len(stored) // 10
    return [stored[i : i + 24] for i in range(step, len(stored) - 24, step)]


def _files(central, request) -> list[Path]:
    """Every file the database keeps its data in (and the server's log)."""
    if not central.database_url:
        central.kill()  # no open connection: what is on disk is all there is
        return [p for p in central.root.rglob("*") if p.is_file()]
    pg = request.getfixturevalue("postgres")
    _checkpoint(central)  # dirty pages written, the rewritten tables' old files removed
    oid = central.query("SELECT oid FROM pg_database WHERE datname = current_database()")[0][0]
    files = [p for p in (pg.data / "base" / str(oid)).iterdir() if p.is_file()]
    return [*files, central.root / "serve.log"]


def _checkpoint(central) -> None:
    import psycopg

    from kiosk_central.config import CentralConfig

    db = CentralConfig(database_url=central.database_url).database()
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"], autocommit=True
    ) as conn:
        conn.execute("CHECKPOINT")


def _found(markers: list[bytes], files: list[Path]) -> set[bytes]:
    blobs = [p.read_bytes() for p in files]
    return {m for m in markers if any(m in b for b in blobs)}


def test_the_photo_goes_with_the_contact(central, webhook, tmp_path, monkeypatch, request):
    clock = Clock(tmp_path / "now.txt", monkeypatch)
    clock.set(at(2026, 12, 4, 10, 0))  # a Friday morning
    set_hours(central)
    staff(central, webhook.url)
    central.start()
    code, secret = receipt(
        open_form(central).send(
            anonymous="no",
            contact="081234567890",
            photo=("bukti.jpg", _noise_jpeg(), "image/jpeg"),
        )
    )
    stored = bytes(central.query("SELECT data FROM complaints_photo")[0][0])
    markers = _markers(stored)
    pk = complaint_id(central, code)
    officer = signed_in(central, "petugas")
    act(central, officer, pk, action="reply", text="Sudah kami perbaiki.", then="closed")
    # The test can fail: before the erasure the photo's bytes are there to be found.
    clock.set(at(2026, 12, 4, 10, 5))
    central.cli("alerts")
    assert len(_found(markers, _files(central, request))) >= len(markers) // 2
    if central.proc is None:
        central.start()

    # Closed on Friday 4 December at 10.00: kept 30 days (erase_contact_days), then erased.
    clock.set(at(2027, 1, 3, 9, 59))
    central.cli("alerts")
    assert central.query("SELECT COUNT(*) FROM complaints_photo") == [(1,)]
    clock.set(at(2027, 1, 3, 10, 1))
    central.cli("alerts")
    assert central.query("SELECT COUNT(*) FROM complaints_photo") == [(0,)]
    assert central.query("SELECT contact, photo_erased_at IS NOT NULL FROM complaints_complaint")[
        0
    ] in [("", True), ("", 1)]
    assert central.query("SELECT text FROM complaints_event WHERE type = 'erased'") == [
        ("kontak dan foto",)
    ]

    # Both sides say so; the download is gone.
    seen = track(central, code, secret)
    assert 'id="photo-erased"' in seen.text and "Foto yang Anda kirim telah dihapus" in seen.text
    page = officer.get(f"{base(central)}/kotak-pengaduan/{pk}/", timeout=30).text
    assert 'id="photo-erased"' in page and "Unduh foto" not in page
    assert officer.get(f"{base(central)}/kotak-pengaduan/{pk}/foto/", timeout=30).status_code == 404

    # And no byte of it is left in the database's files.
    assert _found(markers, _files(central, request)) == set()
