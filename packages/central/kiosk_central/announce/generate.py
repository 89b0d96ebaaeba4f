"""Make the announcement segments: espeak-ng's Indonesian voice for words, sox for the chime.

    python -m kiosk_central.announce.generate DIR [--office DIR] [--counter-name NAME ...]

Format: 16-bit mono PCM WAV at 22.05 kHz (espeak-ng's own rate). Every browser decodes WAV,
including the older Safari and TV browsers an office's display may run, and WAV joins segment
to segment without the encoder delay and padding that MP3 puts at both ends of every file (a
gap inside "nol nol tujuh"). A word is 15-40 kB; the whole set is about 1 MB, loaded once by
the display and cached, so compression (Opus, MP3) would save nothing that matters on a LAN.

Idempotent and safe for an office's own voice:
- ``DIR/office/`` (or ``--office``) holds the office's recordings, ``<segment>.<ext>`` with any
  extension a browser plays (wav, mp3, ogg, opus, m4a). The generator never writes there, and a
  recording there wins over the generated file of the same segment.
- ``DIR/.generated.json`` remembers what the generator wrote (the text, voice and settings, and
  the file's SHA-256). A file in ``DIR`` that the generator did not write, or that was changed
  since (an office that dropped its recording straight into ``DIR``), is kept, never overwritten.
  A file still as generated is remade only when its text or settings change.
- ``DIR/segments.json`` is what the display's player reads: segment name -> file, relative to DIR,
  with its hash as ``?v=`` so a board that cached a segment fetches a remade one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk_central.announce.catalogue import catalogue
from kiosk_central.announce.speech import TO_COUNTER

log = logging.getLogger(__name__)

OFFICE_DIR = "office"
MANIFEST = "segments.json"
STATE = ".generated.json"
# In order of preference when an office left two recordings of one segment.
OFFICE_EXTENSIONS = (".wav", ".mp3", ".ogg", ".opus", ".m4a")
VOICE = "id"
SPEED_WPM = 140  # a little slower than espeak's 175: a waiting room echoes
RATE = 22050
# Trim espeak's leading and trailing silence (about 0.4 s a word), then level every word to the
# same peak. Words follow each other with no added pause, as in speech (the trim keeps each
# word's own fade); the counter's "loket" starts after a short breath, which parts the number
# from where to go. Issue 27: one call in at most 4.5 s by cutting words and silences, never
# the rate (SPEED_WPM).
TRIM = ["silence", "1", "0.01", "0.1%"]
SPEECH_EFFECTS = [*TRIM, "reverse", *TRIM, "reverse", "norm", "-1"]
BREATH_BEFORE = {TO_COUNTER: "0.1"}
# A two-note "ding-dong" (E5, C5), 0.45 s, soft attack and a fade, well below full scale: enough
# to turn heads without holding up the words.
CHIME_EFFECTS = [
    "synth",
    "0.17",
    "sine",
    "659.25",
    "fade",
    "l",
    "0.01",
    "0.17",
    "0.12",
    ":",
    "synth",
    "0.28",
    "sine",
    "523.25",
    "fade",
    "l",
    "0.01",
    "0.28",
    "0.24",
    "vol",
    "0.5",
]
VERSION = 3  # bump when the pipeline changes, to remake every generated file


class ToolMissing(RuntimeError):
    pass


@dataclass
class Result:
    made: list[str] = field(default_factory=list)  # generated (first time, or text changed)
    unchanged: list[str] = field(default_factory=list)  # already generated as asked
    office: list[str] = field(default_factory=list)  # an office recording is used
    kept: list[str] = field(default_factory=list)  # a foreign file in DIR, left alone and used
    manifest: dict[str, str] = field(default_factory=dict)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _effects(name: str, text: str | None) -> list[str]:
    if text is None:
        return CHIME_EFFECTS
    breath = BREATH_BEFORE.get(name)
    return [*SPEECH_EFFECTS, "pad", breath, "0"] if breath else SPEECH_EFFECTS


def _recipe(name: str, text: str | None) -> str:
    """What a generated file depends on: when this changes, the file is made again."""
    parts = [VERSION, VOICE, SPEED_WPM, RATE, text, _effects(name, text)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _write_json(path: Path, data: object) -> None:
    """Replace ``path`` whole: a torn state file would make every generated file look foreign."""
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(partial, path)


def office_recordings(office_dir: Path) -> dict[str, Path]:
    """Segment name -> the office's recording (empty files are refused: they would play silence)."""
    found: dict[str, Path] = {}
    if not office_dir.is_dir():
        return found
    for ext in OFFICE_EXTENSIONS:
        for path in sorted(office_dir.glob(f"*{ext}")):
            if path.stat().st_size == 0:
                log.warning("office recording %s is empty: the generated voice is used", path.name)
            elif path.stem in found:
                log.warning("two office recordings for %s: using %s", path.stem, found[path.stem])
            else:
                found[path.stem] = path
    return found


def _run(args: list[str]) -> None:
    try:
        subprocess.run(args, check=True, capture_output=True, timeout=60)
    except FileNotFoundError as exc:
        raise ToolMissing(f"{args[0]} is not installed (apt-get install {args[0]})") from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{args[0]} failed: {detail[0]}") from exc


def _render(name: str, text: str | None, target: Path, tmp: Path) -> None:
    """Write the segment to ``target`` atomically (a half-written file is never served)."""
    partial = tmp / (target.name + ".part.wav")
    effects = _effects(name, text)
    if text is None:
        _run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(partial), *effects])
    else:
        raw = tmp / (target.name + ".raw.wav")
        _run(["espeak-ng", "-v", VOICE, "-s", str(SPEED_WPM), "-w", str(raw), text])
        _run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(partial), *effects])
    shutil.copyfile(partial, target.with_suffix(".tmp"))
    os.replace(target.with_suffix(".tmp"), target)


def generate(
    out_dir: Path, office_dir: Path | None = None, counter_names: Iterable[str] = ()
) -> Result:
    out_dir.mkdir(parents=True, exist_ok=True)
    office_dir = office_dir or out_dir / OFFICE_DIR
    state_path = out_dir / STATE
    try:
        state = json.loads(state_path.read_text())
    except (OSError, ValueError):
        state = {}
    recordings = office_recordings(office_dir)
    result = Result()
    with tempfile.TemporaryDirectory(prefix="announce-") as tmp:
        for name, text in catalogue(counter_names).items():
            target = out_dir / f"{name}.wav"
            mine = state.get(name, {})
            if target.exists() and mine.get("sha256") != _sha256(target):
                result.kept.append(name)  # not ours, or changed since: an office's file
            elif target.exists() and mine.get("recipe") == _recipe(name, text):
                result.unchanged.append(name)
            else:
                _render(name, text, target, Path(tmp))
                state[name] = {"recipe": _recipe(name, text), "sha256": _sha256(target)}
                result.made.append(name)
            if name in recordings:
                result.office.append(name)
                played = recordings[name]
            else:
                played = target
            # the file's hash in its address: the display caches segments for a day, and a
            # remade or replaced file must be fetched again, not the old one played
            result.manifest[name] = f"{os.path.relpath(played, out_dir)}?v={_sha256(played)[:12]}"
            # save as we go: an interrupted run still knows the files it wrote
            _write_json(state_path, state)
    _write_json(out_dir / MANIFEST, {"format": "wav", "segments": result.manifest})
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk_central.announce.generate",
        description="Make the display's announcement segments (espeak-ng, sox).",
    )
    parser.add_argument("dir", type=Path, help="folder the display serves the segments from")
    parser.add_argument("--office", type=Path, help=f"the office's recordings (DIR/{OFFICE_DIR})")
    parser.add_argument(
        "--counter-name",
        action="append",
        default=[],
        metavar="NAME",
        help="a counter known by a name, e.g. Prioritas (repeatable)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        result = generate(args.dir, args.office, args.counter_name)
    except (ToolMissing, RuntimeError, OSError, ValueError) as exc:
        print(f"announcement segments not made: {exc}", file=sys.stderr)
        return 2
    print(
        f"{args.dir}: {len(result.made)} made, {len(result.unchanged)} unchanged, "
        f"{len(result.office)} from the office's recordings, {len(result.kept)} kept as found"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
