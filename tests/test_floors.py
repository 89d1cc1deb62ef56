"""The package's floors: a module imports only from its own floor or the floors below it.

FLOORS is the one statement of the order (DESIGN.md section 2 draws it). Run this file as a
script to print every import edge that climbs a floor:

    python tests/test_floors.py
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "corecraft_mcp"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# Lowest first. A module belongs to the floor of the longest prefix that names it.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("world",),
    ("world.generate",),
    ("tools",),
    ("server",),
    ("tasks",),
    ("grading",),
    ("agents",),
    ("cli_types",),  # range-checked argparse types: the CLI's and the eval/judge commands'
    ("evaluation", "rl", "progress"),  # progress: stderr progress for eval and the CLI
    ("cli", "cli_tasks"),
)

# The one edge allowed to reach the generator: building a world from its definition.
BUILD_PATH = {("world.world", "world.generate")}


def floor_of(module: str) -> int:
    """The floor index of a module named relative to the package ('tools.orders')."""
    best, best_len = -1, -1
    for index, prefixes in enumerate(FLOORS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best < 0:
        raise ValueError(f"{PACKAGE}.{module} is on no floor: add it to FLOORS")
    return best


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> Iterator[str]:
    """Every corecraft_mcp module a file imports, at any depth (lazy imports count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == PACKAGE or node.module.startswith(PACKAGE + "."):
                yield node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + "."):
                    yield alias.name


def import_edges() -> set[tuple[str, str]]:
    """(importer, imported) module pairs, relative to the package."""
    edges = set()
    for path in sorted(ROOT.rglob("*.py")):
        source = _module_name(path)
        for target in _imports(path):
            edges.add((source, target.removeprefix(PACKAGE).lstrip(".")))
    return edges


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _build_path(source: str, target: str) -> bool:
    return any(source == s and _within(target, t) for s, t in BUILD_PATH)


def climbing_edges() -> list[tuple[str, str]]:
    """Edges from a floor to a floor above it, less the build path."""
    return [
        (source, target)
        for source, target in sorted(import_edges())
        if target and floor_of(target) > floor_of(source) and not _build_path(source, target)
    ]


def generator_edges() -> list[tuple[str, str]]:
    """Imports of the generator from outside it: only the build path may make one (the tools and
    the rest read the world, never the code that wrote it)."""
    return [
        (source, target)
        for source, target in sorted(import_edges())
        if _within(target, "world.generate")
        and not _within(source, "world.generate")
        and not _build_path(source, target)
    ]


def _package(module: str) -> str:
    """The top-level package a module is in: 'world' (the generator included), 'tools', 'cli'."""
    return module.split(".")[0]


def package_cycles() -> list[list[str]]:
    """Cycles in the graph of top-level packages (an edge inside one package is no cycle)."""
    graph: dict[str, set[str]] = {}
    for source, target in import_edges():
        if target and _package(source) != _package(target):
            graph.setdefault(_package(source), set()).add(_package(target))
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_every_module_is_on_a_floor() -> None:
    for path in ROOT.rglob("*.py"):
        module = _module_name(path)
        if module:
            floor_of(module)


def test_no_import_climbs_a_floor() -> None:
    climbing = climbing_edges()
    assert not climbing, "imports that climb a floor:\n" + "\n".join(
        f"  {s} -> {t}" for s, t in climbing
    )


def test_only_the_build_path_imports_the_generator() -> None:
    assert generator_edges() == []


def test_no_cycle_between_packages() -> None:
    assert package_cycles() == []


def test_the_checker_sees_a_climbing_edge() -> None:
    # The floor order itself: were tools to import grading, that edge would climb.
    assert floor_of("tools.invoke") < floor_of("grading.judge")
    assert floor_of("world.rules") < floor_of("world.generate.commerce") < floor_of("tools.x")
    assert floor_of("evaluation.runner") == floor_of("rl.env")


if __name__ == "__main__":
    edges = climbing_edges()
    for source, target in edges:
        print(f"{source} (floor {floor_of(source)}) -> {target} (floor {floor_of(target)})")
    generator = generator_edges()
    for source, target in generator:
        print(f"{source} -> {target} (the generator, off the build path)")
    cycles = package_cycles()
    print(
        f"{len(edges)} import edge(s) climb a floor; {len(generator)} reach into the generator; "
        f"package cycles: {cycles}"
    )
    sys.exit(1 if edges or generator or cycles else 0)
