"""The gait package keeps its layers: pure modules import numpy, the standard library and
backstride's model, knowledge and errors only; the adapters reach OpenCV, MediaPipe and
Matplotlib only inside functions, so the core installs and imports without the video extra."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "backstride"
ADAPTERS = {"video.py", "blazepose.py", "render.py"}
OPTIONAL = ("cv2", "mediapipe", "matplotlib")
ALLOWED_PREFIXES = (
    "backstride.gait",
    "backstride.model",
    "backstride.knowledge",
    "backstride.errors",
)


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _all_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


PURE = sorted(p for p in (SRC / "gait").glob("*.py") if p.name not in ADAPTERS)


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.name)
def test_pure_gait_modules_import_only_numpy_stdlib_and_lower_layers(path: Path) -> None:
    for name in _all_imports(path):
        top = name.split(".")[0]
        if top == "backstride":
            assert name.startswith(ALLOWED_PREFIXES), f"{path.name} imports {name}"
            assert not name.startswith(tuple(f"backstride.gait.{a[:-3]}" for a in ADAPTERS)), (
                f"{path.name} imports the adapter {name}"
            )
        else:
            assert top == "numpy" or top in sys.stdlib_module_names, f"{path.name} imports {name}"


@pytest.mark.parametrize(
    "path",
    [
        *(SRC / "gait" / a for a in sorted(ADAPTERS)),
        SRC / "services" / "gait.py",
        SRC / "cli" / "gait.py",
    ],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_optional_packages_are_imported_lazily(path: Path) -> None:
    top = _top_level_imports(path)
    assert not any(n.split(".")[0] in OPTIONAL for n in top), top


def test_the_public_names_are_sorted_and_importable() -> None:
    gait = importlib.import_module("backstride.gait")
    assert list(gait.__all__) == sorted(gait.__all__)
    for name in gait.__all__:
        assert hasattr(gait, name), name
