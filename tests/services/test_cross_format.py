"""The same run recorded as FIT, GPX and TCX (pairs from ../shared/data/MANIFEST.md) gives the same
start time, and elapsed time and distance within 1 % where both files carry the device's distance.

GPX carries no device distance: backstride sums geodesic distance over the GPX positions, which
agrees with the watch only as well as the positions allow. For those pairs the test asserts the
documented bound of 3 %, and that the GPX figure equals the geodesic sum over the FIT file's own
positions (so the difference is the watch's smoothing, not a reader error).
"""

from __future__ import annotations

import numpy as np
import pytest

from backstride.formats import decode
from backstride.formats.geodesy import haversine_m
from backstride.knowledge import load_rules
from backstride.metrics import measure_run
from backstride.model import Activity, RunMeasures
from tests.conftest import DATA

DEVICE_PAIRS = [  # both files state the device's own distance
    ("fit/sportslib__6860622783.fit", "tcx/sportslib__6860622783.tcx"),
    ("fit/heartandsole__testdata.fit", "tcx/heartandsole__testdata.tcx"),
    (
        "fit/geoap__2022-05-29_Laufen_Landal_Park_device.fit",
        "export/strava_export_geo-activity-playground/activities/12866632127.fit.gz",
    ),
    ("tcx/runpandas__run.tcx", "gpx/runpandas__run.gpx"),  # one app wrote both
]
GPX_VS_DEVICE = [
    ("fit/sportslib__6782987395.fit", "gpx/sportslib__6782987395.gpx"),
    ("fit/sportslib__2067489619.fit", "gpx/sportslib__2067489619.gpx"),
]


def _first(rel: str) -> tuple[Activity, RunMeasures]:
    activity = decode(rel, (DATA / rel).read_bytes()).activities[0]
    return activity, measure_run(activity, load_rules())


@pytest.mark.parametrize(("a", "b"), DEVICE_PAIRS + GPX_VS_DEVICE)
def test_same_start_and_elapsed(a: str, b: str) -> None:
    (act_a, m_a), (act_b, m_b) = _first(a), _first(b)
    assert abs((act_a.start_utc - act_b.start_utc).total_seconds()) <= 1
    assert m_b.elapsed_s == pytest.approx(m_a.elapsed_s, rel=0.01)


@pytest.mark.parametrize(("a", "b"), DEVICE_PAIRS)
def test_device_distance_within_one_percent(a: str, b: str) -> None:
    assert _first(b)[1].distance_m == pytest.approx(_first(a)[1].distance_m, rel=0.01)


@pytest.mark.parametrize(("fit", "gpx"), GPX_VS_DEVICE)
def test_gpx_distance_is_the_geodesic_sum_of_the_same_positions(fit: str, gpx: str) -> None:
    device, m_device = _first(fit)
    _, m_gpx = _first(gpx)
    lat, lon = device.stream.columns["lat_deg"], device.stream.columns["lon_deg"]
    ok = np.isfinite(lat) & np.isfinite(lon)
    lat, lon = lat[ok], lon[ok]
    geodesic = float(haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:]).sum())
    assert m_gpx.distance_m == pytest.approx(geodesic, rel=0.002)
    assert m_gpx.distance_m == pytest.approx(m_device.distance_m, rel=0.03)
