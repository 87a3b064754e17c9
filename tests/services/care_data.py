"""Fixtures for the care tests that need runs: the repository's synthetic ``samples/``.

The 36 sample runs (2 June to 23 August 2026, local offset +02:00) are imported once per test
session into a template folder; each test gets a copy of that folder as its BACKSTRIDE_HOME,
which is much faster than importing again.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from backstride.services import import_paths
from backstride.settings import Settings
from backstride.store import Store
from tests.conftest import REPO

BERLIN_SUMMER = timezone(timedelta(hours=2))
IMPORTED = datetime(2026, 8, 25, 12, 0, tzinfo=BERLIN_SUMMER)


def import_samples(store: Store) -> None:
    report = import_paths(store, [REPO / "samples"], IMPORTED)
    assert len(report.imported) == 36


_TEMPLATE: dict[str, Path] = {}  # one import per session, shared by every module using these


@pytest.fixture(scope="session")
def samples_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "home" not in _TEMPLATE:
        folder = tmp_path_factory.mktemp("samples_home")
        url = f"sqlite:///{folder / 'backstride.db'}"
        store = Store.open(Settings(home=folder, database_url=url))
        try:
            import_samples(store)
        finally:
            store.close()
        _TEMPLATE["home"] = folder
    return _TEMPLATE["home"]


@pytest.fixture
def sample_home(samples_home: Path, home: Path) -> Path:
    """A fresh BACKSTRIDE_HOME holding the sample runs."""
    shutil.copytree(samples_home, home)
    return home


@pytest.fixture
def sample_store(sample_home: Path) -> Iterator[Store]:
    store = Store.open(Settings.from_env())
    yield store
    store.close()
