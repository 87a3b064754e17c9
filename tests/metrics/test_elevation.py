"""Ascent and descent with a dead band; grades over a distance window."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.metrics.elevation import ascent_descent, grades


def alt(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def test_by_hand_with_a_3_m_band() -> None:
    # 100 dips to 98 (unknown direction yet), up to 102 (4 >= 3 from the low: climbing from 98),
    # 101 (a 1 m wobble), 110, down to 104 (6: climb 98->110 = 12 counts), 106 (2: wobble),
    # 95, end: the drop 110->95 = 15 counts.
    assert ascent_descent(alt(100, 98, 102, 101, 110, 104, 106, 95), 3) == (12.0, 15.0)


def test_noise_below_the_band_counts_nothing() -> None:
    assert ascent_descent(alt(0, 1, 0, 1, 0, 1, 0.5), 3) == (0.0, 0.0)


def test_a_steady_climb_counts_in_full() -> None:
    assert ascent_descent(np.linspace(0, 37, 50), 4) == pytest.approx((37.0, 0.0))


def test_nan_samples_are_skipped_and_no_altitude_is_none() -> None:
    assert ascent_descent(alt(0, np.nan, 10, np.nan, 0), 4) == (10.0, 10.0)
    assert ascent_descent(alt(np.nan, np.nan), 4) is None
    assert ascent_descent(alt(), 4) is None


def test_grades_by_hand() -> None:
    d = np.arange(0, 301, 10.0)  # 0..300 m
    a = np.where(d <= 150, 0.0, -(d - 150) * 0.08)  # flat, then -8 %
    g = grades(d, a, 100)
    assert np.isnan(g[:5]).all() and np.isnan(g[-5:]).all()  # window past the ends
    assert g[5] == 0.0  # 50 m: window 0..100 flat
    assert g[list(d).index(250)] == pytest.approx(-0.08)  # 200..300 all downhill
    assert g[list(d).index(150)] == pytest.approx(-0.04)  # half flat, half -8 %


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(min_value=-500, max_value=5000, allow_nan=False), min_size=1, max_size=300),
    st.floats(min_value=0.1, max_value=20),
)
def test_ascent_and_descent_are_non_negative_and_net_out(values: list[float], band: float) -> None:
    """Both >= 0; ascent - descent differs from the net change by less than two bands (the
    unconfirmed start and end swings), and no more than the plain sum of up and down steps."""
    a = np.array(values)
    result = ascent_descent(a, band)
    assert result is not None
    up, down = result
    assert up >= 0 and down >= 0
    assert abs((up - down) - (a[-1] - a[0])) < 2 * band + 1e-6
    steps = np.diff(a)
    assert up <= steps[steps > 0].sum() + 1e-6
    assert down <= -steps[steps < 0].sum() + 1e-6
