"""No two of our modules import each other, directly or round a loop (habit 15: a cycle means a module is missing).

The graph is read from the source with `ast`, not by importing: every `import` and `from … import`
anywhere in a file counts, at the top, inside functions and under `TYPE_CHECKING` alike, relative ones
resolved against the file's package. `from package import name` points at the submodule when `name` is
one, else at the package's `__init__`. A package is not counted as imported by its submodules' imports
(Python runs `__init__` first, but an empty or lazy `__init__` cannot close a loop).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "core", "ingest", "ocr", "storage", "samples")


def module_files() -> dict[str, Path]:
    """Every module of our packages by dotted name (a package by its own name, for its `__init__`)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(module: str, path: Path, tree: ast.AST, modules: dict[str, Path]) -> Iterator[tuple[str, int]]:
    """(our module imported, line) for every import statement in `tree`."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in modules:
                    yield target, node.lineno
                elif base in modules:
                    yield base, node.lineno


def import_graph() -> dict[str, dict[str, int]]:
    """module -> {module it imports: the line of the first such import}."""
    modules = module_files()
    graph: dict[str, dict[str, int]] = {name: {} for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for target, line in _imported(name, path, tree, modules):
            if target != name:
                graph[name].setdefault(target, line)
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
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
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def describe(component: list[str], graph: dict[str, dict[str, int]]) -> str:
    """The imports inside one cycle, as `a -> b (line n)`."""
    members = set(component)
    edges = [f"{a} -> {b} (line {line})" for a in component for b, line in sorted(graph[a].items()) if b in members]
    return "; ".join(edges)


def test_the_graph_sees_relative_function_level_and_type_checking_imports() -> None:
    graph = import_graph()
    assert "storage.models" in graph["storage.catalogue"]  # `from .models import …`
    assert "storage.database" in graph["storage.access"]  # under `if TYPE_CHECKING:`
    assert "storage.migrations" in graph["storage.database"]  # inside `create_schema`
    assert "ingest.context" in graph["api.cli.keys"]  # `from ingest.context import …` inside a function


def test_no_module_imports_itself_round_a_loop() -> None:
    graph = import_graph()
    found = cycles(graph)
    assert found == [], "import cycles:\n" + "\n".join(describe(c, graph) for c in found)
