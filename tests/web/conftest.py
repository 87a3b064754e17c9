"""Fixtures for the web tests: an app over the imported samples (read-only) and fresh apps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backstride.settings import Settings
from backstride.web import create_app
from tests.web._data import FENIX5_RUN, frozen_clock, import_into, sample_home


@pytest.fixture(scope="session")
def samples_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return sample_home(tmp_path_factory.getbasetemp() / "samples-home")


@pytest.fixture(scope="module")
def client(samples_settings: Settings) -> Iterator[TestClient]:
    """An app over the sample history; tests using it must not change the store."""
    with TestClient(
        create_app(samples_settings, clock=frozen_clock), base_url="http://localhost"
    ) as c:
        yield c


@pytest.fixture
def fresh_client(tmp_path: Path) -> Iterator[TestClient]:
    """An app over an empty store of its own, importing in this process."""
    settings = import_into(tmp_path / "home", [])
    with TestClient(
        create_app(settings, clock=frozen_clock, import_workers=1), base_url="http://localhost"
    ) as c:
        yield c


@pytest.fixture(scope="module")
def fenix_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app over one real Garmin Fenix 5 run (2017) with running dynamics and laps."""
    settings = import_into(tmp_path_factory.mktemp("fenix"), [FENIX5_RUN])
    with TestClient(create_app(settings, clock=frozen_clock), base_url="http://localhost") as c:
        yield c
