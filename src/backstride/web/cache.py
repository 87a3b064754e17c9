"""A cache of the history views that empties itself whenever the database changes.

Every page reads the whole run history (3,000 runs take ~0.1 s to load and measure), but the
history changes rarely. SQLite counts commits for us: ``PRAGMA data_version`` on a connection
changes whenever *another* connection has committed (https://sqlite.org/pragma.html#pragma_data_version).
A private read-only connection that never writes therefore sees every change, whether made by
this app, an import job, or the ``backstride`` command in another process. On other databases
nothing is cached.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.engine import make_url

T = TypeVar("T")


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


class HistoryCache:
    """Values computed from the database, kept until its next commit."""

    def __init__(self, database_url: str) -> None:
        path = sqlite_path(database_url)
        self._conn: sqlite3.Connection | None = None
        if path is not None:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._version: int | None = None
        self._values: dict[Hashable, Any] = {}

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def _current_version(self) -> int | None:
        if self._conn is None:
            return None
        row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key``, or ``compute()`` when the database changed since."""
        if self._conn is None:
            return compute()
        with self._lock:
            version = self._current_version()
            if version != self._version:
                self._values.clear()
                self._version = version
            if key in self._values:
                value: T = self._values[key]
                return value
        value = compute()
        with self._lock:
            if self._current_version() == version:
                self._values[key] = value
        return value

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
