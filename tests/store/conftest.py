"""The store tests run on both databases backstride supports: SQLite (the default) and a real
PostgreSQL server (started for the test session; see ``postgres.py``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from backstride.settings import Settings
from backstride.store import Store
from tests.store.postgres import running_server

_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of the throw-away server's maintenance database."""
    with running_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the throw-away server, for one test."""
    name = f"test_{next(_names)}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield postgres_server.replace("/postgres?", f"/{name}?")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, home: Path) -> Iterator[Store]:
    """A fresh store on SQLite, and again on PostgreSQL."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    settings = Settings.from_env()
    s = Store.open(Settings(settings.home, url or settings.database_url))
    yield s
    s.close()
