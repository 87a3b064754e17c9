"""Stream files round-trip exactly, and files no row names are cleaned away."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backstride.model import Stream
from backstride.store import StreamFiles


@settings(max_examples=25, deadline=None)
@given(values=arrays(np.float64, st.integers(1, 50), elements=st.floats(allow_nan=True, width=64)))
def test_round_trip_is_exact(tmp_path_factory: object, values: np.ndarray) -> None:
    root = Path(tmp_path_factory.mktemp("s"))  # type: ignore[attr-defined]
    files = StreamFiles(root)
    stream = Stream({"time_s": np.arange(len(values), dtype=np.float64), "hr_bpm": values})
    files.write("ab/key-0", stream)
    back = files.read("ab/key-0")
    assert set(back.columns) == {"time_s", "hr_bpm"}
    np.testing.assert_array_equal(back.columns["hr_bpm"], values)


def test_orphans_and_temporaries_are_removed(tmp_path: Path) -> None:
    files = StreamFiles(tmp_path)
    s = Stream({"time_s": np.arange(3.0)})
    files.write("aa/keep-0", s)
    files.write("bb/orphan-0", s)
    (tmp_path / "aa" / ".half.arrow.123.tmp").write_bytes(b"partial")
    assert files.remove_orphans(["aa/keep-0"]) == 1
    assert files.keys() == {"aa/keep-0"}
    assert not list(tmp_path.glob("*/.*.tmp"))


def _legacy_parquet(path: Path, columns: dict[str, np.ndarray]) -> None:
    """A stream file as homes written before the switch to Arrow IPC hold them (Parquet)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path, compression="zstd")


def test_new_files_are_arrow_ipc(tmp_path: Path) -> None:
    import pyarrow.ipc as ipc

    files = StreamFiles(tmp_path)
    files.write(
        "cd/new-0", Stream({"time_s": np.arange(4.0), "hr_bpm": np.array([1.0, np.nan, 3, 4])})
    )
    path = tmp_path / "cd" / "new-0.arrow"
    assert files.path("cd/new-0") == path
    table = ipc.open_file(str(path)).read_all()
    assert table.column_names == ["time_s", "hr_bpm"]
    assert table.column("hr_bpm").null_count == 0  # NaN is kept as a value, as the model holds it


def test_parquet_files_of_older_homes_are_still_read_listed_and_removed(tmp_path: Path) -> None:
    hr = np.array([120.0, np.nan, 131.5])
    _legacy_parquet(tmp_path / "ef" / "old-0.parquet", {"time_s": np.arange(3.0), "hr_bpm": hr})
    files = StreamFiles(tmp_path)
    files.write("ef/new-0", Stream({"time_s": np.arange(2.0)}))
    assert files.exists("ef/old-0")
    np.testing.assert_array_equal(files.read("ef/old-0").columns["hr_bpm"], hr)
    assert files.keys() == {"ef/old-0", "ef/new-0"}
    assert files.remove_orphans(["ef/new-0"]) == 1
    assert not files.exists("ef/old-0")
    assert files.keys() == {"ef/new-0"}


def test_a_read_stream_owns_its_memory(tmp_path: Path) -> None:
    """Random doubles do not compress, so the file keeps their buffer as it is and a table read
    from the memory map would point into the file; the arrays handed out must not."""
    values = np.random.default_rng(7).random(5000)  # synthetic: uniform [0, 1)
    files = StreamFiles(tmp_path)
    files.write("aa/rand-0", Stream({"time_s": np.arange(5000.0), "power_w": values}))
    back = files.read("aa/rand-0")
    files.remove("aa/rand-0")
    column = back.columns["power_w"]
    assert column.flags.owndata and column.flags.writeable
    np.testing.assert_array_equal(column, values)
