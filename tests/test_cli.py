"""The command line: a broken config is one line and a non-zero exit, never a traceback."""

import subprocess
import sys


def kiosk(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_check_config_ok(tmp_path):
    result = kiosk("check-config")
    assert result.returncode == 0
    assert "config OK" in result.stdout


def test_broken_config_exits_2_with_one_clear_line(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_text('[printer]\ntype = "lpt"\n')
    for command in ("check-config", "run"):
        result = kiosk("--config", str(bad), command)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert lines == [
            f"kiosk: config file {bad}: printer.type = 'lpt': expected one of simulated, usb, "
            "serial, network, device"
        ]
        assert "Traceback" not in result.stdout + result.stderr


def test_unparsable_toml(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_bytes(b"\xff\xfe[office")
    result = kiosk("--config", str(bad), "run")
    assert result.returncode == 2
    assert "cannot be read" in result.stderr
    assert "Traceback" not in result.stderr


def test_version():
    result = kiosk("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("kiosk ")


def _printer_config(tmp_path, printer_lines: str):
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\nstate_dir = "{tmp_path / "state"}"\n[printer]\n{printer_lines}\n'
        '[ticket]\nstatus_url = "https://antrian.example.test/t/{ticket_id}"\n'
    )
    return str(config)


def test_print_test_on_the_simulated_printer(tmp_path):
    from pyzbar.pyzbar import decode as read_qr

    from tests.escpos_decode import decode

    result = kiosk("--config", _printer_config(tmp_path, 'profile = "POS-5890"'), "print-test")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "state" / "tickets" / "test-page.bin"
    text = decode(page.read_bytes()).text
    assert "Profil: POS-5890" in text and "Kolom: 32" in text
    assert "12345678901234567890123456789012" in text
    from PIL import Image

    qr = read_qr(Image.open(page.with_suffix(".png")))
    assert [q.data for q in qr] == [b"https://antrian.example.test/t/test"]


def test_printer_status_of_a_pty_printer(tmp_path):
    from tests.fake_printers import PAPER_OUT, PtyPrinter

    far_end = PtyPrinter(replies=PAPER_OUT)
    try:
        lines = f'type = "device"\ndevice = "{far_end.path}"\ntimeout_s = 0.5'
        result = kiosk("--config", _printer_config(tmp_path, lines), "printer-status")
    finally:
        far_end.close()
    assert result.returncode == 1
    assert "FAIL  online: False, cover: closed, paper: out, error: False" in result.stdout


def test_printer_status_of_a_missing_printer(tmp_path):
    lines = f'type = "device"\ndevice = "{tmp_path / "lp0"}"\ntimeout_s = 0.5'
    result = kiosk("--config", _printer_config(tmp_path, lines), "printer-status")
    assert result.returncode == 1
    assert "FAIL  unplugged" in result.stdout
    assert "Traceback" not in result.stderr


def test_outbox_lists_what_the_server_refused(tmp_path):
    from kiosk.domain.outbox import OutboxEntry
    from kiosk.store.database import Database
    from kiosk.store.outbox import Outbox

    with Database(tmp_path / "state" / "kiosk.sqlite3") as db:
        outbox = Outbox(db)
        outbox.add([OutboxEntry("ticket", "t-1", {}), OutboxEntry("checkin", "t-2", {})])
        outbox.park(outbox.claim(1)[0].key, "HTTP 422")
    result = kiosk("--config", _printer_config(tmp_path, ""), "outbox")
    assert result.returncode == 1
    assert "pending: 1, inflight: 0, done: 0, parked: 1" in result.stdout
    assert "PARKED  ticket t-1: HTTP 422" in result.stdout
