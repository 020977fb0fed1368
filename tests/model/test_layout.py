"""The layout of model/ keeps its rules: every subpackage ships in the wheel, no module imports Qt,
and no two modules import each other, even through others or inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "model"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(MODEL.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(path: Path) -> set[str]:
    """Every module name an import statement in ``path`` names, at any depth of the file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        deps = set()
        for target in _imported(path):
            while target and target not in modules:  # "from pkg.mod import function"
                target = target.rpartition(".")[0]
            if target and target != name:
                deps.add(target)
        # "from model.pkg import mod" names the package too; the module is what is imported.
        graph[name] = {d for d in deps if not any(o.startswith(d + ".") for o in deps)}
    return graph


def test_every_subpackage_is_in_the_wheel() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = set(listed["tool"]["setuptools"]["packages"])
    subpackages = {".".join(p.parent.relative_to(ROOT).parts) for p in MODEL.rglob("__init__.py")}
    assert subpackages <= packages, f"missing from pyproject's packages: {subpackages - packages}"


def test_model_never_imports_qt() -> None:
    qt = {"PyQt5", "PyQt6", "PySide2", "PySide6"}
    offenders = {name for name, path in _modules().items()
                 if any(target.split(".")[0] in qt for target in _imported(path))}
    assert not offenders


def test_no_import_cycles() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = path[path.index(name):] + [name]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for dep in sorted(graph[name]):
            visit(dep, path + [name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
