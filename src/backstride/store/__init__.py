"""Storage: SQLite (default) or PostgreSQL through one schema, plus Parquet stream files."""

from backstride.store.database import Store, Writer
from backstride.store.streams import StreamFiles

__all__ = ["Store", "StreamFiles", "Writer"]
