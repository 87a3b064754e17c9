"""Small pure helpers: haversine distance, timestamps, limits, stream assembly."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.errors import InputValueError
from backstride.formats import DEFAULT_LIMITS, Limits
from backstride.formats.geodesy import EARTH_MEAN_RADIUS_M, cumulative_distance_m, haversine_m
from backstride.formats.timestamps import epoch_s, parse_datetime, stated_offset_s
from backstride.formats.trackpoints import infer_sport
from backstride.model import Sport


def one(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(haversine_m(*(np.array([v]) for v in (lat1, lon1, lat2, lon2)))[0])


def test_haversine_by_hand() -> None:
    """One degree of the equator is R·π/180 = 111 195.08 m; a quarter meridian R·π/2."""
    assert one(0, 0, 0, 1) == pytest.approx(EARTH_MEAN_RADIUS_M * math.pi / 180, rel=1e-12)
    assert one(0, 0, 90, 0) == pytest.approx(EARTH_MEAN_RADIUS_M * math.pi / 2, rel=1e-12)
    assert one(0, 179.5, 0, -179.5) == pytest.approx(EARTH_MEAN_RADIUS_M * math.pi / 180, rel=1e-9)
    assert one(51.5, -0.1, 51.5, -0.1) == 0.0


def test_cumulative_distance_skips_missing_positions_and_segment_breaks() -> None:
    lat = np.array([0.0, 0.0, np.nan, 0.0, 0.0])
    lon = np.array([0.0, 0.001, np.nan, 0.002, 0.003])
    segment = np.array([0.0, 0.0, 0.0, 0.0, 1.0])
    step = one(0, 0, 0, 0.001)
    assert cumulative_distance_m(lat, lon, segment) == pytest.approx(
        [0, step, step, 2 * step, 2 * step]
    )


@given(st.lists(st.tuples(st.floats(-80, 80), st.floats(-179, 179)), min_size=2, max_size=30))
def test_cumulative_distance_never_decreases(points: list[tuple[float, float]]) -> None:
    lat, lon = (np.array(v) for v in zip(*points, strict=True))
    d = cumulative_distance_m(lat, lon, np.zeros(len(lat)))
    assert d[0] == 0 and np.all(np.diff(d) >= 0)
    assert d[-1] <= sum(one(a, b, c, e) for (a, b), (c, e) in itertools.pairwise(points)) + 1e-6


def test_timestamps() -> None:
    assert parse_datetime("2015-12-11T15:43:13.994+01:00") == datetime(
        2015, 12, 11, 14, 43, 13, 994000, tzinfo=UTC
    )
    assert epoch_s("1970-01-01T00:00:10") == 10.0
    assert math.isnan(epoch_s("Jan 5 2012, 14:56:11")) and math.isnan(epoch_s(None))
    assert stated_offset_s("2025-08-30T20:29:19.825+02:00") == 7200
    assert stated_offset_s("2021-01-01T00:00:00+00:00") == 0
    assert stated_offset_s("2021-01-01T00:00:00Z") is None
    assert stated_offset_s("2021-01-01T00:00:00") is None
    assert parse_datetime("9999-12-31T23:59:59-14:00") is None  # beyond datetime's range in UTC
    assert parse_datetime("1969-12-31T23:59:59Z") is None  # garbage dates are refused
    assert parse_datetime("2099-12-31T23:59:59Z") is not None


@given(st.text(max_size=40))
def test_timestamps_never_raise(text: str) -> None:
    epoch_s(text)
    stated_offset_s(text)


def test_limits() -> None:
    assert Limits(256 << 20, 8 << 30, 200, 200_000, 3) == DEFAULT_LIMITS
    with pytest.raises(InputValueError):
        Limits(max_depth=0)


@pytest.mark.parametrize(
    ("speeds", "sport"),
    [
        ([0.0, 2.8, 3.0, 3.1, 2.9], Sport.RUNNING),  # ~5:40 min/km
        ([1.2, 1.4, 1.3, 0.0], Sport.WALKING),
        ([6.0, 7.5, 9.0, 10.0, 9.5], Sport.OTHER),  # a ride
        ([0.0, 0.1], Sport.OTHER),  # not moving
    ],
)
def test_sport_inferred_from_speed(speeds: list[float], sport: Sport) -> None:
    assert infer_sport(np.array(speeds)) == sport
