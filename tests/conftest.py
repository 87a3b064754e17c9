"""Fixtures shared by every test: the real data folder and a throw-away store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backstride.settings import Settings
from backstride.store import Store

REPO = Path(__file__).resolve().parents[1]
DATA = (REPO / ".." / "shared" / "data").resolve()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh BACKSTRIDE_HOME for one test, honoured by every command."""
    folder = tmp_path / "home"
    monkeypatch.setenv("BACKSTRIDE_HOME", str(folder))
    monkeypatch.delenv("BACKSTRIDE_DATABASE_URL", raising=False)
    return folder


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    s = Store.open(Settings.from_env())
    yield s
    s.close()
