"""Fixtures for the report tests: the imported sample history and its store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backstride.settings import Settings
from backstride.store import Store
from tests.web._data import sample_home


@pytest.fixture(scope="session")
def samples_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return sample_home(tmp_path_factory.getbasetemp() / "samples-home")


@pytest.fixture
def store(samples_settings: Settings) -> Iterator[Store]:
    s = Store.open(samples_settings)
    yield s
    s.close()
