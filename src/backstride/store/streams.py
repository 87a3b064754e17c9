"""Per-sample streams as one Parquet file per activity.

Parquet because the cohort pipeline (Spark) and any data tool read it directly, it compresses
the slowly varying channels well, and one file per activity keeps deletion and re-import simple.
Files are written to a temporary name and renamed, so a reader never sees half a file; the
database row that names a file is committed only after the rename.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from backstride.model import Stream

SUFFIX = ".parquet"


class StreamFiles:
    """The folder of stream files; keys look like ``ab/<sha256>-0``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._made: set[Path] = set()

    def path(self, key: str) -> Path:
        return self.root / f"{key}{SUFFIX}"

    def write(self, key: str, stream: Stream) -> None:
        target = self.path(key)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        table = pa.table(
            {name: pa.array(col, type=pa.float64()) for name, col in stream.columns.items()}
        )
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        pq.write_table(
            table,
            tmp,
            compression="zstd",
            compression_level=1,
            use_dictionary=False,
            write_statistics=False,
        )
        os.replace(tmp, target)

    def read(self, key: str) -> Stream:
        table = pq.read_table(self.path(key))
        return Stream(
            {name: table.column(name).to_numpy().astype(np.float64) for name in table.column_names}
        )

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def remove(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def keys(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {f"{p.parent.name}/{p.name[: -len(SUFFIX)]}" for p in self.root.glob(f"*/*{SUFFIX}")}

    def remove_orphans(self, referenced: Iterable[str]) -> int:
        """Delete stream files (and stale temporaries) that no database row names."""
        keep = set(referenced)
        removed = 0
        for key in self.keys() - keep:
            self.remove(key)
            removed += 1
        if self.root.is_dir():
            for tmp in self.root.glob("*/.*.tmp"):
                tmp.unlink(missing_ok=True)
        return removed
