"""The README's figures, from one place: ``scripts/figures.json``, the bench's last recorded
figures. The README's Benchmarks section holds a block rendered from that file (between the
``BEGIN``/``END`` markers); nothing else in the README repeats a figure. ``scripts/bench
--record`` rewrites the rows it measured, with the date and the machine's load, and the block;
every bench run says whether the README is in step. Ratios are computed here, from the two
figures, never typed.

    python3 scripts/figures.py --check    exit 1 if the README's block is not the file's
    python3 scripts/figures.py --write    rewrite the README's block from the file
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

from layanan_rules.formatting import rounded

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "scripts" / "figures.json"
README = ROOT / "README.md"
BEGIN = "<!-- BEGIN figures: generated from scripts/figures.json by scripts/figures.py -->"
END = "<!-- END figures -->"


def load(path: Path = FIGURES) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def ratio(row: dict) -> str:
    """``value / yardstick`` to two decimals, half up, when both are numbers.

    >>> ratio({"value": 303, "yardstick": 246}), ratio({"value": "3.5 ms"})
    ('1.23x', '')
    """
    value, yardstick = row.get("value"), row.get("yardstick")
    if not isinstance(value, int | float) or not isinstance(yardstick, int | float):
        return ""
    return f"{rounded(Fraction(value) / Fraction(yardstick), 2):.2f}x"  # exact, half up


def _cell(row: dict, key: str) -> str:
    value = row.get(key, "")
    if isinstance(value, int | float):
        return f"{value:g} {row.get('unit', '')}".strip()
    return str(value)


def render(figures: dict) -> str:
    lines = [
        BEGIN,
        "| figure | value | yardstick | ratio | goal | measured |",
        "|---|---|---|---|---|---|",
    ]
    for row in figures["rows"]:
        yardstick = _cell(row, "yardstick")
        if yardstick and row.get("yardstick_is"):
            yardstick = f"{row['yardstick_is']}: {yardstick}"
        cells = (row["figure"], _cell(row, "value"), yardstick, ratio(row), row.get("goal", ""))
        lines.append("| " + " | ".join((*cells, row.get("measured", ""))) + " |")
    lines.append(END)
    return "\n".join(lines)


def block_of(readme: str) -> str | None:
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        return None
    return readme[start : end + len(END)]


def in_step(readme_path: Path = README, figures_path: Path = FIGURES) -> bool:
    return block_of(readme_path.read_text(encoding="utf-8")) == render(load(figures_path))


def dumps(figures: dict) -> str:
    """The file as it is kept: a row a line, so a re-measured row is a one-line diff."""
    rows = ",\n".join(f"    {json.dumps(row, ensure_ascii=False)}" for row in figures["rows"])
    about = json.dumps(figures["about"], ensure_ascii=False)
    return f'{{\n  "about": {about},\n  "rows": [\n{rows}\n  ]\n}}\n'


def write_readme(readme_path: Path = README, figures_path: Path = FIGURES) -> None:
    text = readme_path.read_text(encoding="utf-8")
    old = block_of(text)
    if old is None:
        raise SystemExit(f"{readme_path}: no figures block ({BEGIN})")
    readme_path.write_text(text.replace(old, render(load(figures_path))), encoding="utf-8")


class Recorder:
    """What one bench run measured, by row key; ``save`` puts it into the file and the README
    (only when asked: ``--record``; a run on a busy machine is for reading, not keeping)."""

    def __init__(self) -> None:
        self.measured: dict[str, dict] = {}

    def record(self, key: str, value: str | float, yardstick: float | None = None) -> None:
        """A row's new value (text, or a number with a yardstick: the ratio is computed)."""
        self.measured[key] = {"value": value, "yardstick": yardstick}

    def save(self, figures_path: Path = FIGURES, readme_path: Path = README) -> list[str]:
        figures = load(figures_path)
        load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        stamp = f"{date.today().isoformat()}, load {load_avg:.1f}"
        rows = {row["key"]: row for row in figures["rows"]}
        unknown = sorted(set(self.measured) - set(rows))
        if unknown:
            raise KeyError(f"no such row in {figures_path.name}: {', '.join(unknown)}")
        for key, new in self.measured.items():
            rows[key].update(value=new["value"], measured=stamp)
            if new["yardstick"] is None:
                rows[key].pop("yardstick", None)  # a recorded text carries its own comparison
            else:
                rows[key]["yardstick"] = new["yardstick"]
        figures_path.write_text(dumps(figures))
        write_readme(readme_path, figures_path)
        return sorted(self.measured)


recorder = Recorder()


def status() -> str:
    if in_step():
        return "README figures: in step with scripts/figures.json"
    return (
        "README figures: NOT in step with scripts/figures.json (python3 scripts/figures.py --write)"
    )


def main(argv: list[str]) -> int:
    if argv[1:] == ["--write"]:
        write_readme()
        return 0
    if argv[1:] == ["--check"]:
        print(status())
        return 0 if in_step() else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
