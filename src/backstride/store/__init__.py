"""Storage: SQLite (default) or PostgreSQL through one schema, plus Arrow IPC stream files."""

from backstride.store.database import Store, Writer
from backstride.store.streams import StreamFiles

__all__ = ["Store", "StreamFiles", "Writer"]
