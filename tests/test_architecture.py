"""Arrows point one way: faces -> services -> store / formats -> pure layers -> model.

Walks every module's imports (statically, with ast) and fails on a forbidden one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "backstride"

PURE = ("model", "metrics", "knowledge", "care", "insight", "formats")
# what a pure layer may never import
FORBIDDEN_IN_PURE = (
    "backstride.store",
    "backstride.services",
    "backstride.cli",
    "backstride.web",
    "sqlalchemy",
    "alembic",
    "typer",
    "rich",
    "fastapi",
    "cv2",
    "mediapipe",
    "psycopg",
    "pyspark",
)
# the lower layers never reach up
FORBIDDEN_IN_STORE = ("backstride.services", "backstride.cli", "backstride.web", "typer", "rich")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_under(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (SRC / pkg).rglob("*.py") if (SRC / pkg).exists())


def violations(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in paths:
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(SRC)} imports {name}")
    return found


def test_pure_layers_import_no_io_or_faces() -> None:
    paths = modules_under(*PURE)
    assert paths, "no pure modules found"
    assert violations(paths, FORBIDDEN_IN_PURE) == []


def test_store_does_not_reach_up() -> None:
    assert violations(modules_under("store"), FORBIDDEN_IN_STORE) == []


@pytest.mark.parametrize("module", ["backstride", "backstride.model"])
def test_public_all_is_sorted_and_importable(module: str) -> None:
    mod = __import__(module, fromlist=["__all__"])
    names = list(mod.__all__)
    assert names == sorted(names)
    for name in names:
        assert hasattr(mod, name), name
