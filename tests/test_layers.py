"""The import graph: bot <- schedules <- handlers <- planbot, no circles, no stand-ins in production.

Every import counts, also one inside a function: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("bot", "schedules", "handlers", "planbot")
PRODUCTION = ("bot", "schedules", "handlers")
STAND_IN_WORDS = ("standin", "stand_in", "fake", "mock", "testing")
SHARED_CHECK = ROOT.parent / "shared" / "tools" / "layers.py"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the four packages by dotted name."""
    return {
        module_name(path): path
        for top in LAYERS
        for path in sorted((ROOT / top).rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def imported_names(module: str, path: Path) -> Iterable[str]:
    """The dotted names a module imports, relative imports resolved; `from a import b` gives a, a.b."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


@cache
def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (parsed once per session)."""
    found = modules()
    return {
        module: {name for name in imported_names(module, path) if name in found and name != module}
        for module, path in found.items()
    }


def layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every `module -> name` where name sits in a higher layer than module."""
    return sorted(
        f"{module} -> {name}"
        for module, names in graph.items()
        for name in names
        if layer(name) > layer(module)
    )


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_no_module_imports_a_higher_layer() -> None:
    assert upward_imports(import_graph()) == []


def test_no_modules_import_each_other_directly_or_in_a_circle() -> None:
    assert [sorted(c) for c in circles(import_graph())] == []


def test_no_test_stand_in_or_fake_in_the_production_packages() -> None:
    stand_ins = [
        str(path.relative_to(ROOT))
        for module, path in modules().items()
        if module.split(".")[0] in PRODUCTION and any(w in path.name for w in STAND_IN_WORDS)
    ]
    assert stand_ins == []


def test_the_checks_see_an_upward_import_and_a_circle() -> None:
    graph = {"bot.a": {"schedules.b"}, "schedules.b": {"bot.a"}, "handlers.c": {"bot.a"}}
    assert upward_imports(graph) == ["bot.a -> schedules.b"]
    assert circles(graph) == [frozenset({"bot.a", "schedules.b"})]


@pytest.mark.slow  # a subprocess
@pytest.mark.skipif(not SHARED_CHECK.exists(), reason="../shared/tools/layers.py is not here")
def test_the_projects_own_layer_check_passes() -> None:
    done = subprocess.run(
        [sys.executable, str(SHARED_CHECK)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
