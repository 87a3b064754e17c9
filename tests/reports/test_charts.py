"""Chart descriptions from the history: bucketing, run panels, the track projection, the load chart."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backstride.knowledge import load_rules
from backstride.metrics import WeekLoad
from backstride.model import Channel, Stream, Units
from backstride.reports.charts import finite_or_none
from backstride.reports.history_charts import (
    EARTH_RADIUS_M,
    RunPoint,
    bucket_means,
    bucket_size,
    load_chart,
    run_chart,
    track_chart,
)

RULES = load_rules()


@given(
    arrays(np.float64, st.integers(1, 400), elements=st.floats(-1e6, 1e6) | st.just(math.nan)),
    st.integers(1, 50),
)
def test_bucket_means_are_nan_ignoring_means(values: np.ndarray, size: int) -> None:
    out = bucket_means(values, size)
    assert len(out) == math.ceil(len(values) / size)
    for i, got in enumerate(out):
        chunk = values[i * size : (i + 1) * size]
        finite = chunk[np.isfinite(chunk)]
        if len(finite) == 0:
            assert math.isnan(got)
        else:
            assert math.isclose(got, float(np.mean(finite)), rel_tol=1e-9, abs_tol=1e-6)


@given(st.integers(0, 10**6), st.integers(1, 5000))
def test_bucket_size_keeps_points_under_the_limit(n: int, limit: int) -> None:
    size = bucket_size(n, limit)
    assert math.ceil(n / size) <= limit


def test_finite_or_none() -> None:
    assert finite_or_none([1.0, math.nan, math.inf, None, -2.0]) == (1.0, None, None, None, -2.0)


def _stream(n: int = 600) -> Stream:
    """A synthetic 10-minute run: 3 m/s with a 60 s stop, cadence and heart rate; no position."""
    t = 1.78e9 + np.arange(n, dtype=np.float64)
    speed = np.full(n, 3.0)
    speed[120:180] = 0.0  # whole buckets of 6 samples
    return Stream(
        {
            Channel.TIME_S: t,
            Channel.SPEED_MPS: speed,
            Channel.CADENCE_SPM: np.full(n, 170.0),
            Channel.HR_BPM: np.linspace(120, 160, n),
            Channel.VERTICAL_OSCILLATION_M: np.full(n, np.nan),  # channel present, no value
        }
    )


def test_run_chart_panels_follow_the_channels() -> None:
    chart = run_chart(_stream(), Units.KM, RULES.running_portion.min_speed_mps, max_points=100)
    titles = [p.y_title for p in chart.panels]
    assert titles == ["pace (min/km)", "heart rate (bpm)", "cadence (spm)"]
    pace = chart.series[0]
    assert len(pace.x) <= 100
    assert float(pace.x[0]) < 0.1 and math.isclose(float(pace.x[-1]), 9.95, abs_tol=0.1)  # centres
    finite = [y for y in pace.y if y is not None]
    assert all(math.isclose(float(y), 1000 / 3.0 / 60.0) for y in finite)  # 5:33 min/km
    assert None in pace.y, "the stop has no pace"
    assert chart.panels[0].reversed
    miles = run_chart(_stream(), Units.MI, RULES.running_portion.min_speed_mps)
    assert miles.panels[0].y_title == "pace (min/mi)"


def test_track_is_projected_to_local_distance() -> None:
    """A synthetic east-west line of 1 km at 60° N: 1 km east on the chart, nothing north."""
    lat0 = 60.0
    dlon = math.degrees(1000.0 / (EARTH_RADIUS_M * math.cos(math.radians(lat0))))
    n = 101
    stream = Stream(
        {
            Channel.TIME_S: np.arange(n, dtype=np.float64),
            Channel.LAT_DEG: np.full(n, lat0),
            Channel.LON_DEG: np.linspace(10.0, 10.0 + dlon, n),
        }
    )
    chart = track_chart(stream, Units.KM)
    line = chart.series[0]
    xs = [float(x) for x in line.x]
    assert math.isclose(max(xs) - min(xs), 1.0, rel_tol=1e-6)
    assert all(abs(float(y or 0.0)) < 1e-9 for y in line.y)
    assert chart.equal_aspect
    assert track_chart(_stream(), Units.KM).is_empty


def _week(start: date, distance_m: float, change: float | None, acwr: float | None) -> WeekLoad:
    return WeekLoad(
        week_start=start,
        distance_m=distance_m,
        duration_s=distance_m / 3.0,
        runs=2,
        change_pct=change,
        longest_run_m=distance_m / 2,
        long_run_share=0.5,
        rest_days=5,
        longest_streak_days=1,
        acwr=acwr,
        monotony=None,
        strain=None,
        training_load=None,
        days_counted=7,
    )


def test_load_chart_marks_rises_and_spikes() -> None:
    """Hand-made weeks and runs: one week rises 50 %, one run is a 60 % spike."""
    weeks = [
        _week(date(2026, 6, 1), 20_000, None, None),
        _week(date(2026, 6, 8), 30_000, 50.0, 1.4),
        _week(date(2026, 6, 15), 28_000, -6.7, math.nan),
    ]
    runs = [
        RunPoint(1, date(2026, 6, 2), 10_000, None),
        RunPoint(2, date(2026, 6, 9), 16_000, 60.0),
        RunPoint(3, date(2026, 6, 16), 10_500, 5.0),
    ]
    chart = load_chart(weeks, runs, Units.KM, RULES)
    by_name = {s.name.split(" (")[0]: s for s in chart.series}
    assert by_name["weekly distance"].x == (date(2026, 6, 1), date(2026, 6, 15))
    rise = next(s for s in chart.series if s.name.startswith("week up"))
    assert rise.x == (date(2026, 6, 8),) and rise.y == (30.0,)
    spike = by_name["spike"]
    assert spike.x == (date(2026, 6, 9),) and spike.y == (16.0,)
    assert by_name["ACWR"].y == (None, 1.4, None)
    assert "contested" in chart.panels[2].y_title
    assert "contested" in (chart.caption or "")
    assert chart.panels[2].bands[0].low == RULES.acwr.sweet_low_ratio


def test_a_run_without_samples_gives_an_empty_chart_both_renderers_draw() -> None:
    """A run stored from a TCX holding laps only has no stream: one empty panel, not none (the
    web figure and the report's static chart both need a panel; the web once failed here)."""
    from backstride.reports.static import render_svg
    from backstride.web.figures import figure

    empty = Stream({Channel.TIME_S: np.zeros(0)})
    chart = run_chart(empty, Units.KM, RULES.running_portion.min_speed_mps)
    assert chart.is_empty and len(chart.panels) == 1
    drawn = figure(chart)
    assert drawn["data"] == [] and "nothing to draw yet" in str(drawn["layout"]["annotations"])
    assert "<svg" in render_svg(chart)
