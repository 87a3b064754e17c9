"""Record values equal the SDK-produced CSVs of python-fitparse for the Fenix 5 run and walk.

The CSVs give local times (PDT, UTC-7), positions in semicircles, cadence in whole strides
per minute (without fractional cadence) and temperature in degrees C.
"""

from __future__ import annotations

import csv
from datetime import datetime

import numpy as np
import pytest

from backstride.formats.fit import read_fit
from backstride.model import Channel
from tests.formats.fit.conftest import FIT_DIR, fit_bytes

SEMICIRCLES_PER_DEG = 2**31 / 180.0


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (FIT_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _local(text: str) -> float:
    parsed = datetime.strptime(text.replace(" PDT ", " -0700 "), "%a %b %d %H:%M:%S %z %Y")
    return parsed.timestamp()


@pytest.mark.parametrize("kind", ["run", "walk"])
def test_records_equal_the_sdk_csv(kind: str) -> None:
    rows = _csv_rows(f"fitparse__garmin-fenix-5-{kind}-records.csv")
    (activity,) = read_fit(fit_bytes(f"fitparse__garmin-fenix-5-{kind}.fit")).activities
    stream = activity.stream
    assert len(stream) == len(rows)

    def column(name: str) -> np.ndarray:  # type: ignore[type-arg]
        return np.asarray([float(row[name]) for row in rows])

    assert stream.time_s.tolist() == [_local(row["timestamp"]) for row in rows]
    for channel, name in (
        (Channel.HR_BPM, "heart_rate"),
        (Channel.SPEED_MPS, "speed"),
        (Channel.DISTANCE_M, "distance"),
        (Channel.ALTITUDE_M, "altitude"),
        (Channel.TEMPERATURE_C, "temperature"),
    ):
        assert stream.columns[channel].tolist() == column(name).tolist(), name
    for channel, name in ((Channel.LAT_DEG, "position_lat"), (Channel.LON_DEG, "position_long")):
        semicircles = stream.columns[channel] * SEMICIRCLES_PER_DEG
        assert np.allclose(semicircles, column(name), rtol=0, atol=1e-6), name
    strides = stream.columns[Channel.CADENCE_SPM] / 2  # cadence + fractional, in strides/min
    assert (np.floor(strides) == column("cadence")).all()
