"""The history cache empties itself at the database's next change, from any connection."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from backstride.model import Units
from backstride.store import Store
from backstride.web.cache import HistoryCache, sqlite_path
from tests.web._data import import_into


def test_values_live_until_the_next_change(tmp_path: Path) -> None:
    settings = import_into(tmp_path / "home", [])
    store = Store.open(settings)
    cache = HistoryCache(settings.database_url)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    try:
        assert cache.enabled
        assert cache.get("k", compute) == 1
        assert cache.get("k", compute) == 1, "no change, no recomputation"
        store.save_profile(store.profile())  # the same values: nothing changes in the file
        assert cache.get("k", compute) == 1
        store.save_profile(replace(store.profile(), units=Units.MI))
        assert cache.get("k", compute) == 2, "a commit through the store empties the cache"
        other = sqlite3.connect(tmp_path / "home" / "backstride.db")
        other.execute("UPDATE profile SET units = 'km'")
        other.commit()
        other.close()
        assert cache.get("k", compute) == 3, "so does a commit from another connection"
        assert cache.get("other", compute) == 4
    finally:
        cache.close()
        store.close()


def test_only_sqlite_files_are_cached() -> None:
    assert sqlite_path("sqlite:////tmp/x/backstride.db") == Path("/tmp/x/backstride.db")
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("postgresql://u@h/db") is None
    cache = HistoryCache("postgresql://u@h/db")
    assert not cache.enabled
    assert cache.get("k", lambda: 1) == 1 and cache.get("k", lambda: 2) == 2
