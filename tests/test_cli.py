"""The command line: a broken config is one line and a non-zero exit, never a traceback."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


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
        outbox.add(
            [
                OutboxEntry("ticket", "t-1", {}),
                OutboxEntry("ticket", "t-3", {}),
                OutboxEntry("checkin", "t-2", {}),
            ]
        )
        refused, voided = outbox.claim(2)
        outbox.park(refused.key, "HTTP 422")
        outbox.voided(voided.key, "voided at the central: superseded")
    result = kiosk("--config", _printer_config(tmp_path, ""), "outbox")
    assert result.returncode == 1
    assert "pending: 1, inflight: 0, done: 0, parked: 1" in result.stdout
    assert "PARKED  ticket t-1: HTTP 422" in result.stdout
    # A ticket the central voided is said to be voided, not refused.
    assert "VOIDED  ticket t-3: voided at the central: superseded" in result.stdout


# --- every problem of configuration or environment: one line, non-zero, for every command ---
COMMANDS = ("check-config", "run", "doctor", "printer-status", "print-test", "outbox")


def assert_one_line(result, fragment):
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    if lines:  # doctor reports on stdout, as a FAIL row
        assert len(lines) == 1 and lines[0].startswith("kiosk: "), lines
    assert fragment in result.stdout + result.stderr


def _headless():
    # If `run` ever got past its checks it must not open a window on the test machine.
    return {**os.environ, "SDL_VIDEODRIVER": "dummy", "KIOSK_CONFIG": ""}


def _config(tmp_path, text: str) -> str:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nstate_dir = "{tmp_path / "state"}"\n' + text)
    return str(config)


def _not_a_png(tmp_path) -> str:
    fake = tmp_path / "logo.png"
    fake.write_text("GIF89a, or a screenshot saved as .png by mistake")
    return f'[office]\nlogo = "{fake}"\n'


def _jpeg_logo(tmp_path) -> str:
    from PIL import Image

    Image.new("RGB", (40, 40), "white").save(tmp_path / "logo.jpg", format="JPEG")
    return f'[office]\nlogo = "{tmp_path / "logo.jpg"}"\n'


CASES = {
    "timezone is a folder": (lambda p: '[office]\ntimezone = "Asia"\n', "office.timezone"),
    "unknown printer profile": (lambda p: '[printer]\nprofile = "TM-T2000"\n', "printer.profile"),
    "logo is not an image": (_not_a_png, "office.logo"),
    "logo is a JPEG": (_jpeg_logo, "this one is JPEG"),
    "state_dir is a file": (lambda p: "", "not a directory"),
    "state_dir under a file": (lambda p: "", "is not a directory"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CASES)
def test_config_and_environment_problems_are_one_line_for_every_command(tmp_path, case, command):
    make, fragment = CASES[case]
    path = _config(tmp_path, make(tmp_path))
    if case == "state_dir is a file":
        (tmp_path / "state").write_text("")
    if case == "state_dir under a file":
        (tmp_path / "file").write_text("")
        Path(path).write_text(f'[kiosk]\nstate_dir = "{tmp_path / "file" / "state"}"\n')
    if command == "outbox" and case.startswith(("logo", "unknown printer")):
        pytest.skip("outbox touches neither the logo nor the printer")
    assert_one_line(kiosk("--config", path, command, env=_headless()), fragment)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: p.mkdir(), "cannot be read (IsADirectoryError)"),
        (lambda p: p.write_bytes(b"[office]\nname = '\xff'\n"), "cannot be read"),
        (lambda p: p.write_text("a = " + "[" * 5000 + "]" * 5000), "nested too deeply"),
        (lambda p: p.write_text("[kiosk]\nidle_timeout_s = nan\n"), "expected a finite number"),
        (os.mkfifo, "not a regular file"),  # read would wait forever for a writer
        (lambda p: p.write_text("#" * 2_000_000), "larger than 1024 KiB"),
    ],
    ids=["directory", "not-utf8", "nested-5000", "nan", "fifo", "two-megabytes"],
)
def test_a_config_file_that_is_not_a_config_is_one_line(tmp_path, make, fragment):
    path = tmp_path / "kiosk.toml"
    make(path)
    for command in ("check-config", "run"):
        result = kiosk("--config", str(path), command, env=_headless())
        assert result.returncode == 2
        assert_one_line(result, fragment)


# --- a state directory the kiosk's user cannot write: needs a user who is not root ---------
def _as_unprivileged(tmp_root: Path):
    """Run ``kiosk`` as uid 65534 when the tests run as root (root writes anywhere)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    probe = subprocess.run(
        [setpriv or "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
         sys.executable, "-c", "import kiosk"], capture_output=True,
    ) if setpriv else None  # fmt: skip
    if probe is None or probe.returncode != 0:
        pytest.skip("cannot run the kiosk as an unprivileged user here")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def world_readable_dir():
    # tmp_path sits in a folder only root may enter; the unprivileged kiosk needs to read here.
    folder = Path(tempfile.mkdtemp(prefix="kiosk-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


open_dir = pytest.fixture(world_readable_dir, name="open_dir")


@pytest.mark.parametrize("inside", [False, True], ids=["state-dir-read-only", "parent-read-only"])
def test_a_read_only_state_dir_is_one_line(open_dir, inside):
    prefix = _as_unprivileged(open_dir)
    locked = open_dir / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    state = locked / "state" if inside else locked
    config = open_dir / "kiosk.toml"
    config.write_text(f'[kiosk]\nstate_dir = "{state}"\n')
    config.chmod(0o644)
    env = {**_headless(), "HOME": str(open_dir), "XDG_DATA_HOME": str(open_dir)}
    for command in ("check-config", "run", "print-test"):
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "kiosk", "--config", str(config), command],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert_one_line(result, "not writable by this user")


# --- check-config checks the token file as run does --------------------------------------
def _central(tmp_path, token: Path) -> str:
    return _config(tmp_path, f'[central]\nurl = "http://127.0.0.1:9"\ntoken_file = "{token}"\n')


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda t: None, "No such file or directory"),
        (lambda t: t.mkdir(), "Is a directory"),
        (lambda t: (t.write_text("tok-1234567890\n"), t.chmod(0o644)), "readable by others"),
        (lambda t: (t.write_bytes(b"\xff\xfe\x00"), t.chmod(0o600)), "not text"),
        (lambda t: (t.write_text(""), t.chmod(0o600)), "expected one token"),
    ],
    ids=["missing", "directory", "mode-644", "not-utf8", "empty"],
)
def test_check_config_refuses_the_token_file_run_refuses(tmp_path, make, fragment):
    token = tmp_path / "central-token"
    make(token)
    path = _central(tmp_path, token)
    for command in ("check-config", "run"):
        result = kiosk("--config", path, command, env=_headless())
        assert_one_line(result, fragment)
        assert "central.token_file" in result.stderr


def test_check_config_refuses_a_token_file_the_kiosk_user_cannot_read(open_dir):
    prefix = _as_unprivileged(open_dir)
    if not prefix:
        pytest.skip("needs root to make a file this user cannot read")
    token = open_dir / "central-token"
    token.write_text("tok-1234567890\n")
    token.chmod(0o600)  # root's: uid 65534 may not read it
    config = open_dir / "kiosk.toml"
    config.write_text(
        f'[kiosk]\nstate_dir = "{open_dir / "state"}"\n'
        f'[central]\nurl = "http://127.0.0.1:9"\ntoken_file = "{token}"\n'
    )
    (open_dir / "state").mkdir(mode=0o777)
    (open_dir / "state").chmod(0o777)
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "kiosk", "--config", str(config), "check-config"],
        capture_output=True, text=True, env=_headless(), timeout=60,
    )  # fmt: skip
    assert_one_line(result, "Permission denied")


def test_a_relative_token_file_is_found_beside_the_config_outside_systemd(tmp_path):
    token = tmp_path / "central-token"
    token.write_text("tok-1234567890\n")
    token.chmod(0o600)
    config = _config(
        tmp_path, '[central]\nurl = "http://127.0.0.1:9"\ntoken_file = "central-token"\n'
    )
    env = {k: v for k, v in _headless().items() if k != "CREDENTIALS_DIRECTORY"}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", config, "check-config"],
        capture_output=True, text=True, env=env, cwd="/", timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_check_config_prints_every_problem_once_one_line_each(tmp_path):
    bad = tmp_path / "kiosk.toml"
    bad.write_text(
        '[printer]\ntype = "lpt"\n[kiosk]\nidle_timeout_s = "soon"\ncolour = "red"\n'
        '[office]\ntimezone = "Mars/Olympus"\n'
    )
    result = kiosk("--config", str(bad), "check-config")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    prefix = f"kiosk: config file {bad}: "
    assert len(lines) == len(set(lines)) == 4, lines  # each problem once
    assert all(line.startswith(prefix) for line in lines)
    said = "\n".join(lines)
    assert "printer.type = 'lpt'" in said
    assert "kiosk.idle_timeout_s = 'soon'" in said and "kiosk.colour = 'red'" in said
    assert "office.timezone = 'Mars/Olympus'" in said  # checked across the sections that read
    assert "Traceback" not in result.stdout + result.stderr and result.stdout == ""


def test_check_config_names_each_bad_complaint_key_on_its_own_line(tmp_path):
    path = _config(tmp_path, '[complaints]\nurl = "javascript:alert(1)"\non_ticket = 1\n')
    result = kiosk("--config", path, "check-config", env=_headless())
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    assert any("complaints.url = 'javascript:alert(1)': expected an https://" in x for x in lines)
    assert any("complaints.on_ticket = 1: expected true or false" in x for x in lines)
    ok = _config(tmp_path, '[complaints]\nurl = "https://kanim.example.go.id/pengaduan"\n')
    assert kiosk("--config", ok, "check-config", env=_headless()).returncode == 0
