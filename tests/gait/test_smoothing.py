"""The filter and gap filling, on made-up signals (sines, lines) whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.gait.cleaning import CleaningSettings, angle_cutoff_hz, clean, refilter_angles
from backstride.gait.keypoints import Landmark
from backstride.gait.smoothing import fill_gaps, lowpass
from tests.gait.synthetic import Runner, side_view

FS = 30.0


def _gain(freq_hz: float, cutoff_hz: float) -> float:
    t = np.arange(900) / FS
    x = np.sin(2 * np.pi * freq_hz * t)
    y = lowpass(x, FS, cutoff_hz)
    return float(np.std(y[150:-150]) / np.std(x[150:-150]))


def test_the_response_is_3_db_down_at_the_cutoff_and_flat_well_below() -> None:
    assert abs(_gain(8.0, 8.0) - 2**-0.5) < 0.01
    assert _gain(1.0, 8.0) > 0.999
    assert _gain(13.0, 8.0) < 0.1


def test_forward_backward_filtering_has_no_lag() -> None:
    t = np.arange(600) / FS
    x = np.sin(2 * np.pi * 2.5 * t)
    y = lowpass(x, FS, 8.0)
    lags = np.arange(-5, 6)
    corr = [np.dot(x[100:-100], np.roll(y, k)[100:-100]) for k in lags]
    assert lags[int(np.argmax(corr))] == 0


def test_a_cutoff_near_nyquist_passes_the_signal_unchanged() -> None:
    x = np.random.default_rng(1).normal(size=100)
    assert np.array_equal(lowpass(x, FS, 14.0), x)


def test_nan_splits_the_signal_into_separately_filtered_runs() -> None:
    x = np.r_[np.ones(20), np.nan, 5 * np.ones(20)]
    y = lowpass(x, FS, 6.0)
    assert np.isnan(y[20])
    assert np.allclose(y[:20], 1.0) and np.allclose(y[21:], 5.0)


@settings(max_examples=40, deadline=None)
@given(
    slope=st.floats(-5, 5),
    gaps=st.dictionaries(st.integers(1, 9), st.integers(1, 4), max_size=5),
)
def test_short_gaps_in_a_straight_line_are_filled_exactly(
    slope: float, gaps: dict[int, int]
) -> None:
    x = slope * np.arange(100.0)
    holed = x.copy()
    for tens, length in gaps.items():  # gaps start 10 samples apart, so they never merge
        holed[10 * tens : 10 * tens + length] = np.nan
    filled = fill_gaps(holed, max_gap=4)
    assert np.allclose(filled, x)


def test_long_gaps_and_the_ends_stay_missing() -> None:
    x = np.arange(30.0)
    x[[0, 1]] = np.nan
    x[10:20] = np.nan
    filled = fill_gaps(x, max_gap=5)
    assert np.isnan(filled[[0, 1]]).all()
    assert np.isnan(filled[10:20]).all()


@given(cadence=st.floats(120, 230))
def test_the_angle_cutoff_follows_quick_cadences_only(cadence: float) -> None:
    """12 Hz up to 165 steps per minute (4.4 x the step frequency there), then 4.4 x the step
    frequency: 14.7 Hz at 200."""
    settings_ = CleaningSettings(angle_cutoff_hz=12.0, angle_cutoff_step_ratio=4.4)
    found = angle_cutoff_hz(settings_, 120.0 / cadence)
    assert found == pytest.approx(max(12.0, 4.4 * cadence / 60.0))
    assert found >= 12.0


def test_angles_refiltered_keep_the_events_and_the_raw_series() -> None:
    """Refiltering at a higher cut-off changes only the angle trajectories, from the raw ones
    (a synthetic runner, tests/gait/synthetic.py, at 200 steps per minute)."""
    series, _ = side_view(Runner(cadence_spm=200.0, duration_s=4.0))
    cleaned = clean(series, CleaningSettings())
    sharper = refilter_angles(cleaned, 14.5)
    assert np.array_equal(sharper.event_xy_px, cleaned.event_xy_px, equal_nan=True)
    assert np.array_equal(sharper.still_xy_px, cleaned.still_xy_px, equal_nan=True)
    # the ankle's swing loses less to a 14.5 Hz filter than to a 12 Hz one
    ankle = Landmark.LEFT_ANKLE
    raw, soft, sharp = (
        float(np.nanstd(a[:, ankle, 1] - series.xy_px[:, ankle, 1]))
        for a in (series.xy_px, cleaned.xy_px, sharper.xy_px)
    )
    assert raw == 0.0 and 0.0 < sharp < soft
