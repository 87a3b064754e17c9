"""Storage: SQLite (default) or PostgreSQL through one schema, plus Arrow IPC stream files."""

from backstride.store.database import NewActivity, Store, Writer
from backstride.store.streams import StreamFiles

__all__ = ["NewActivity", "Store", "StreamFiles", "Writer"]
