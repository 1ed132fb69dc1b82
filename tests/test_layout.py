"""The layout shows the architecture: `ingest/` is a handful of families, each a documented sub-package, and
the layers import in one direction only (style.md habit 0)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {"core": 0, "ocr": 1, "storage": 1, "ingest": 2, "api": 3}  # a package may import only lower ones


def test_ingest_has_at_most_eight_top_level_modules() -> None:
    top = [p for p in (ROOT / "ingest").iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()]
    assert len(top) <= 8, sorted(p.name for p in top)
    for package in (p for p in top if p.is_dir()):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"ingest/{package.name} has no docstring saying what the family is for"


def _imports(path: Path) -> set[str]:
    """Top-level packages of ours that the module imports (absolute imports, anywhere in the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & LAYERS.keys()


def test_layers_import_downward_only() -> None:
    wrong = []
    for package, level in LAYERS.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for other in _imports(path) - {package}:
                if LAYERS[other] >= level:
                    wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert wrong == []
