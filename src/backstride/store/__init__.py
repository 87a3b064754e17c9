"""Storage: SQLite (default) or PostgreSQL through one schema, plus Arrow IPC stream files."""

from backstride.store.database import MAX_ROW_ID, NewActivity, Store, Writer
from backstride.store.problems import StoreError, database_problem
from backstride.store.streams import StreamFiles

__all__ = [
    "MAX_ROW_ID",
    "NewActivity",
    "Store",
    "StoreError",
    "StreamFiles",
    "Writer",
    "database_problem",
]
