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
    (tmp_path / "aa" / ".half.parquet.123.tmp").write_bytes(b"partial")
    assert files.remove_orphans(["aa/keep-0"]) == 1
    assert files.keys() == {"aa/keep-0"}
    assert not list(tmp_path.glob("*/.*.tmp"))
