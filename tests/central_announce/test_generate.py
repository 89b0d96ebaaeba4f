"""The real espeak-ng and sox make every segment; reruns are idempotent; an office's file wins."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from kiosk_central.announce.catalogue import catalogue
from kiosk_central.announce.generate import SPEED_WPM, generate, main
from kiosk_central.announce.speech import call_segments
from tests.central_announce.conftest import need


def _seconds(path) -> float:
    return float(
        subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout
    )


def test_every_segment_is_a_short_non_empty_wav(segments):
    manifest = json.loads((segments / "segments.json").read_text())
    assert manifest["format"] == "wav"
    assert manifest["segments"].keys() == catalogue(["Prioritas"]).keys()
    for name, file in manifest["segments"].items():
        file, _, version = file.partition("?v=")
        path = segments / file
        assert version == hashlib.sha256(path.read_bytes()).hexdigest()[:12], name
        assert path.read_bytes()[:4] == b"RIFF", name
        length = _seconds(path)
        assert 0.15 < length < 2.5, (name, length)
        info = subprocess.run(["soxi", str(path)], capture_output=True, text=True).stdout
        assert "22050" in info and "Channels       : 1" in info
    # speech is trimmed: a digit lasts far less than espeak's raw output with its silences
    assert _seconds(segments / "nol.wav") < 0.7
    assert 0.4 < _seconds(segments / "chime.wav") < 0.5  # two notes, short: it holds up the words


def test_a_second_run_changes_nothing(tmp_path):
    need("espeak-ng", "sox")
    first = generate(tmp_path)
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.wav")}
    second = generate(tmp_path)
    assert len(first.made) == len(catalogue()) and not second.made
    assert len(second.unchanged) == len(catalogue())
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.wav")} == stamps


def test_an_office_recording_wins_and_is_never_touched(tmp_path):
    need("espeak-ng", "sox")
    office = tmp_path / "office"
    office.mkdir()
    (office / "tujuh.mp3").write_bytes(b"ID3 our own voice")
    (office / "dua.wav").write_bytes(b"")  # empty: refused, the generated voice stays
    result = generate(tmp_path)
    manifest = json.loads((tmp_path / "segments.json").read_text())["segments"]
    assert manifest["tujuh"].startswith("office/tujuh.mp3?v=") and result.office == ["tujuh"]
    assert manifest["dua"].startswith("dua.wav?v=")
    assert (office / "tujuh.mp3").read_bytes() == b"ID3 our own voice"
    assert (tmp_path / "tujuh.wav").exists()  # the default stays ready if the office removes it


def test_a_file_dropped_over_a_generated_one_is_kept(tmp_path):
    need("espeak-ng", "sox")
    generate(tmp_path)
    (tmp_path / "lima.wav").write_bytes(b"RIFF the office's lima")
    (tmp_path / "stranger.wav").write_bytes(b"RIFF")
    result = generate(tmp_path)
    assert result.kept == ["lima"] and not result.made
    manifest = json.loads((tmp_path / "segments.json").read_text())["segments"]
    ours = hashlib.sha256((tmp_path / "lima.wav").read_bytes()).hexdigest()[:12]
    assert manifest["lima"] == f"lima.wav?v={ours}"  # a board fetches it, not its cached copy
    assert (tmp_path / "lima.wav").read_bytes() == b"RIFF the office's lima"


def test_a_changed_text_remakes_only_that_file(tmp_path, monkeypatch):
    need("espeak-ng", "sox")
    generate(tmp_path)
    before = (tmp_path / "loket.wav").read_bytes()
    from kiosk_central.announce import catalogue as cat

    monkeypatch.setitem(cat.PHRASES, "loket", "ke loket")
    result = generate(tmp_path)
    assert result.made == ["loket"]
    assert (tmp_path / "loket.wav").read_bytes() != before


def test_the_command_line(tmp_path):
    need("espeak-ng", "sox")
    out = tmp_path / "segments"
    command = [
        sys.executable,
        "-m",
        "kiosk_central.announce.generate",
        str(out),
        "--counter-name",
        "Prioritas",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert f"{len(catalogue(['Prioritas']))} made" in done.stdout
    assert _seconds(out / "nama_prioritas.wav") > 0.3
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "0 made" in again.stdout


def test_without_espeak_a_clear_message_and_no_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    assert main([str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "not made" in err and "is not installed" in err and "Traceback" not in err
    assert os.environ["PATH"].endswith("nothing")


@pytest.mark.parametrize(
    ("ticket", "counter"), [("A-007", 2), ("A-001", 1), ("B-012", 1), ("B-123", 12)]
)
def test_one_call_is_said_in_four_and_a_half_seconds(segments, ticket, counter):
    """Issue 27: 6.5 s was too long for a waiting room; words and silences are cut, never the
    rate (espeak's Indonesian voice at SPEED_WPM)."""
    need("soxi")
    said = sum(_seconds(segments / f"{name}.wav") for name in call_segments(ticket, counter))
    assert said <= 4.5, f"{ticket} to loket {counter}: {said:.2f} s"
    assert SPEED_WPM == 140  # the rate the words were always said at
