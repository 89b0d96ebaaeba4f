"""How long calls take to say, from the real segment files (issue 27, item 10).

The player (``static/announce/announcer.js``) plays a call's segments one after the other, a
chime first; calls that come together share that one chime and are parted by ``CALL_GAP_S``.
So a call lasts the sum of its files' lengths, and a burst the sum of its calls and gaps:

    >>> lengths = {"chime": 0.45, "huruf_a": 0.25, "tujuh": 0.47, "loket": 0.63, "dua": 0.37}
    >>> round(call_seconds(["chime", "huruf_a", "tujuh", "loket", "dua"], lengths), 2)
    2.17
    >>> calls = [["chime", "huruf_a", "tujuh", "loket", "dua"]] * 3
    >>> round(burst_seconds(calls, lengths), 2)
    6.21
"""

from __future__ import annotations

import json
import subprocess
import wave
from collections.abc import Iterable, Sequence
from pathlib import Path

from kiosk_central.announce.generate import MANIFEST
from kiosk_central.announce.speech import CHIME, call_segments

LIMIT_S = 4.5  # one call, chime included
BURST_LIMIT_S = 15.0  # three counters calling at once: all said, from the last press
CALL_GAP_S = 0.3  # the player's pause between two calls (announcer.js: gapMs)
# From a counter's press to the board's player having the call: the live stream's latency,
# well under a second on an office LAN (the bench's live rows), taken whole here.
DELIVERY_S = 1.0


def file_seconds(path: Path) -> float:
    """The length of one audio file: WAV from its header, anything else by ``soxi``."""
    if path.suffix.lower() == ".wav":
        with wave.open(str(path)) as w:
            return w.getnframes() / w.getframerate()
    done = subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True)
    return float(done.stdout)


def segment_lengths(segment_dir: Path) -> dict[str, float]:
    """Segment name -> seconds, for what the player plays (``segments.json``)."""
    manifest = json.loads((segment_dir / MANIFEST).read_text())["segments"]
    return {
        name: file_seconds(segment_dir / file.partition("?")[0]) for name, file in manifest.items()
    }


def call_seconds(segments: Sequence[str], lengths: dict[str, float], following=False) -> float:
    """One call; ``following`` another call of the same burst, it is said without the chime."""
    return sum(lengths[name] for name in segments if not (following and name == CHIME))


def burst_seconds(calls: Sequence[Sequence[str]], lengths: dict[str, float]) -> float:
    """Calls queued together: one chime, each call's words, ``CALL_GAP_S`` between calls."""
    said = sum(call_seconds(call, lengths, following=i > 0) for i, call in enumerate(calls))
    return said + CALL_GAP_S * max(len(calls) - 1, 0)


def longest_calls(
    lengths: dict[str, float],
    letters: Iterable[str],
    numbers: Iterable[int],
    counters: Iterable[int | str],
    keep: int = 3,
) -> list[tuple[float, str, int | str]]:
    """The ``keep`` longest calls of every letter x number x counter, longest first, as
    (seconds, ticket, counter). Every combination is summed: no model of which word is long."""
    counters = list(counters)
    found: list[tuple[float, str, int | str]] = []
    for letter in letters:
        for n in numbers:
            ticket = f"{letter}-{n:03d}"
            for c in counters:
                found.append((call_seconds(call_segments(ticket, c), lengths), ticket, c))
            found = sorted(found, key=lambda f: -f[0])[:keep]
    return found
