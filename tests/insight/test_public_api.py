"""The insight package's public names: sorted, importable, and free of I/O layers."""

from __future__ import annotations

import backstride.insight as insight


def isort_key(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: CONSTANTS, then Classes, then functions, each alphabetical."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_importable() -> None:
    names = list(insight.__all__)
    assert names == sorted(names, key=isort_key)
    for name in names:
        assert hasattr(insight, name), name
