"""Compressed-timestamp record headers, drawn by hypothesis, decode as fitdecode decodes them.

A compressed header (bit 7 set) carries a local message type (0-3) and the five low bits of the
time; the full time follows from the last full timestamp, rolling over every 32 s. The official
SDK does not read these headers (../shared/fit-decoding-notes.md), and the only real files with
them have relative times; so files are written here (``fitwriter``), with absolute times, full
timestamps now and then and compressed ones between, and compared with fitdecode, raw and as an
activity.
"""

from __future__ import annotations

import io
from typing import Any

import fitdecode
import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backstride.formats.fit import read_fit
from backstride.formats.fit.reader import record_values
from tests.formats.fit.conftest import FIT_EPOCH_S
from tests.formats.fit.fitwriter import Definition, Field, fit_file

RECORD, FILE_ID, TIMESTAMP = 20, 0, 253
START = 1_000_000_000  # FIT seconds: 2021-09-08
HEART_RATE, DISTANCE = 3, 5


@st.composite
def compressed_files(draw: st.DrawFn) -> tuple[bytes, list[int]]:
    """A file and the FIT time of each record, in order."""
    big = draw(st.booleans())
    full = Definition(draw(st.integers(4, 15)), RECORD, (
        Field(TIMESTAMP, 0x86), Field(HEART_RATE, 0x02), Field(DISTANCE, 0x86)), big)  # fmt: skip
    short = Definition(draw(st.integers(0, 3)), RECORD, (
        Field(HEART_RATE, 0x02), Field(DISTANCE, 0x86)), big)  # fmt: skip
    file_id = Definition(full.local, FILE_ID, (Field(0, 0x00), Field(4, 0x86)))
    body = bytearray(file_id.encode() + file_id.data({0: 4, 4: START}))
    body += full.encode() + short.encode()
    time, distance, times = START + draw(st.integers(0, 31)), 0, []
    body += full.data({TIMESTAMP: time, HEART_RATE: 120, DISTANCE: 0})
    times.append(time)
    for _ in range(draw(st.integers(1, 60))):
        time += draw(st.integers(0, 31))  # within one roll-over of the last time
        distance += draw(st.integers(0, 500))
        hr = draw(st.one_of(st.none(), st.integers(40, 220)))
        if draw(st.integers(0, 9)) == 0:
            body += full.data({TIMESTAMP: time, HEART_RATE: hr, DISTANCE: distance})
        else:
            header = 0x80 | (short.local << 5) | (time & 0x1F)
            body += bytes((header,)) + short.data({HEART_RATE: hr, DISTANCE: distance})[1:]
        times.append(time)
    return fit_file(bytes(body)), times


def _fitdecode(data: bytes) -> list[dict[str, Any]]:
    rows = []
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                rows.append({field.name: field.value for field in frame.fields})
    return rows


def _fit_seconds(value: Any) -> float:
    return float(value.timestamp() - FIT_EPOCH_S) if hasattr(value, "timestamp") else float(value)


COMPRESSED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMPRESSED
@given(compressed_files())
def test_times_and_values_equal_fitdecode(case: tuple[bytes, list[int]]) -> None:
    data, times = case
    rows = _fitdecode(data)
    columns = record_values(data, "compressed.fit")
    assert [_fit_seconds(r["timestamp"]) for r in rows] == [float(t) for t in times]
    assert np.array_equal(columns["timestamp"], np.asarray(times, float))
    for name in ("heart_rate", "distance"):
        expected = np.asarray([np.nan if r.get(name) is None else float(r[name]) for r in rows])
        assert np.allclose(columns[name], expected, rtol=1e-9, atol=0, equal_nan=True), name


@COMPRESSED
@given(compressed_files())
def test_the_activity_starts_and_ends_at_the_decoded_times(case: tuple[bytes, list[int]]) -> None:
    data, times = case
    assume(len(set(times)) >= 2)  # one instant is not an activity (refused, tested elsewhere)
    [activity] = read_fit(data, "compressed.fit").activities
    assert activity.stream.time_s[0] == times[0] + FIT_EPOCH_S
    assert activity.stream.time_s[-1] == times[-1] + FIT_EPOCH_S
    assert len(activity.stream) == len(set(times))
