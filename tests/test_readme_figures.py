"""The README's figures come from one place (scripts/figures.json, the bench's last recorded
figures) and agree with it; the commands and folders it names are the real ones."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _figures():
    spec = importlib.util.spec_from_file_location("figures", ROOT / "scripts" / "figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_table_is_the_benchs_last_recorded_figures():
    figures = _figures()
    block = figures.block_of(README)
    assert block is not None, "the README lost its generated figures block"
    assert block == figures.render(figures.load()), "python3 scripts/figures.py --write"


def test_ratios_are_computed_from_the_two_figures_by_hand():
    figures = _figures()
    rows = {r["key"]: r for r in figures.load()["rows"]}
    # 303 / 246 = 1.2317, 312 / 251 = 1.2430, 161 / 143 = 1.1259
    assert [figures.ratio(rows[k]) for k in ("cold-start", "cold-cpu", "peak-rss")] == [
        "1.23x",
        "1.24x",
        "1.13x",
    ]
    assert figures.ratio({"value": 1.125, "yardstick": 1}) == "1.13x"  # half up


def test_no_figure_of_the_table_is_repeated_elsewhere_in_the_readme():
    figures = _figures()
    outside = README.replace(figures.block_of(README), "")
    for row in figures.load()["rows"]:
        for number in re.findall(r"\d[\d,]*\.?\d* (?:ms|s|MB|min|records/s)", str(row["value"])):
            assert number not in outside, f"{number} ({row['key']}) is also outside the table"
    # the contradictions a newcomer found
    assert "about 3 s" not in README and "not yet under 1 s" not in README
    assert "1.45x" not in README


def test_the_readme_names_real_commands_and_folders():
    assert "scripts/bench.py --only" not in README  # not executable: the command is scripts/bench
    assert os.access(ROOT / "scripts" / "bench", os.X_OK)
    screenshots = (ROOT / "scripts" / "screenshots").read_text()
    assert "artifacts/screens}" in screenshots  # its default folder
    assert "artifacts/screenshots/" not in README


def test_recording_rewrites_the_row_the_file_and_the_readme(tmp_path):
    figures = _figures()
    readme, data = tmp_path / "README.md", tmp_path / "figures.json"
    shutil.copy(ROOT / "scripts" / "figures.json", data)
    readme.write_text(f"# x\n\n{figures.render(figures.load(data))}\n\nmore\n", encoding="utf-8")
    recorder = figures.Recorder()
    recorder.record("central-live", "SQLite p99 120 ms (median 50)")
    recorder.record("cold-start", 300, 250)
    assert recorder.save(data, readme) == ["central-live", "cold-start"]
    rows = {r["key"]: r for r in json.loads(data.read_text())["rows"]}
    assert rows["central-live"]["value"] == "SQLite p99 120 ms (median 50)"
    assert "load" in rows["central-live"]["measured"]
    assert figures.in_step(readme, data)
    row = "| 300 ms | bare Kivy app, one label, same window: 250 ms | 1.20x |"
    assert row in readme.read_text()
    recorder.record("no-such-row", "1 ms")
    with pytest.raises(KeyError):
        recorder.save(data, readme)
