"""Files the official SDK refuses (compressed-timestamp headers) equal fitdecode's decoding.

Both FR70 files use compressed-timestamp record headers, which garmin-fit-sdk does not read
(../shared/fit-decoding-notes.md); fitdecode does, and also expands the FR70's
``compressed_speed_distance`` field. The reader refuses the files as activities (their times
are relative: the watch had no clock), so the raw record values of ``record_values`` are
compared, field by field, record by record.
"""

from __future__ import annotations

from typing import Any

import fitdecode
import numpy as np
import pytest

from backstride.formats.fit.reader import record_values
from tests.formats.fit.conftest import FIT_DIR

FILES = ["fitparse__antfs-dump.63.fit", "fitparse__compressed-speed-distance.fit"]
FIELDS = {
    "timestamp": ("timestamp",),
    "heart_rate": ("heart_rate",),
    "cadence": ("cadence",),
    "speed": ("enhanced_speed", "speed", "compressed_speed"),
    "distance": ("distance", "compressed_distance"),
}


def _fitdecode_records(name: str) -> list[dict[str, Any]]:
    rows = []
    with fitdecode.FitReader(str(FIT_DIR / name), check_crc=fitdecode.CrcCheck.DISABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                rows.append({field.name: field.value for field in frame.fields})
    return rows


def _first_of(columns: dict[str, Any], names: tuple[str, ...], size: int) -> Any:
    found = np.full(size, np.nan)
    for name in reversed(names):
        column = columns.get(name)
        if column is not None:
            found = np.where(np.isnan(column), found, column)
    return found


@pytest.mark.parametrize("name", FILES)
def test_compressed_timestamp_files_equal_fitdecode(name: str) -> None:
    expected_rows = _fitdecode_records(name)
    columns = record_values((FIT_DIR / name).read_bytes(), name)
    assert len(columns["timestamp"]) == len(expected_rows) > 600
    for field, names in FIELDS.items():
        expected = np.asarray(
            [np.nan if row.get(field) is None else float(row[field]) for row in expected_rows]
        )
        got = _first_of(columns, names, len(expected_rows))
        assert np.allclose(got, expected, rtol=1e-9, atol=0, equal_nan=True), field
        expands = name.startswith("fitparse__compressed") and field in ("speed", "distance")
        if field in ("timestamp", "heart_rate") or expands:
            assert np.isfinite(got).sum() > 600, field
