"""Rules of the code's shape that no linter here holds: cyclomatic complexity as radon counts it
(stricter than ruff's mccabe, which the lint also caps at 20: radon counts each boolean operator
and comprehension as a branch); no two packages that import each other (import-linter's layers
allow siblings that do); and tests that swap parts through constructors and public seams, never
by assigning an object's private attribute."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 20


def sources(*folders: str) -> list[Path]:
    return sorted(
        p
        for folder in folders
        for p in (ROOT / folder).rglob("*.py")
        if "migrations" not in p.parts and "build" not in p.parts
    )


def test_no_function_is_over_cyclomatic_complexity_20():
    over = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} {block.complexity}"
        for path in sources("packages", "scripts", "tests")
        for block in cc_visit(path.read_text("utf-8"))
        if block.complexity > LIMIT
    ]
    assert not over, "\n".join(over)


def test_no_test_assigns_a_private_attribute():
    found = []
    for path in sources("tests"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if (
                        isinstance(t, ast.Attribute)
                        and t.attr.startswith("_")
                        and not t.attr.startswith("__")
                        and not (isinstance(t.value, ast.Name) and t.value.id in ("self", "cls"))
                    ):
                        found.append(f"{path.relative_to(ROOT)}:{t.lineno} .{t.attr}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("root", ["kiosk", "kiosk_central", "layanan_rules"])
def test_no_two_packages_import_each_other(root):
    graph = grimp.build_graph(root)
    packages = sorted(m for m in graph.modules if m.count(".") == 1)  # and the loose modules
    cycles = [
        (a, b)
        for i, a in enumerate(packages)
        for b in packages[i + 1 :]
        if graph.chain_exists(importer=a, imported=b, as_packages=True)
        and graph.chain_exists(importer=b, imported=a, as_packages=True)
    ]
    assert not cycles, cycles
