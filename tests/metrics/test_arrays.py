"""interval_values against a plain loop over its definition (hypothesis).

Synthetic columns: 0-40 samples, each NaN or a finite value, at gaps of 0-90 s (so repeated
timestamps and long gaps occur), with all-finite columns drawn on purpose because they take a
shortcut in the code.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.metrics._arrays import interval_values

value = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
maybe_nan = st.one_of(value, st.just(math.nan))


def _by_definition(col: list[float], time_s: list[float], max_span_s: float) -> list[float]:
    """Interval i (sample i to i+1) takes the first finite sample at or after i+1 that lies at
    most ``max_span_s`` after sample i+1; NaN when there is none."""
    out = []
    for end in range(1, len(col)):
        found = next((k for k in range(end, len(col)) if math.isfinite(col[k])), None)
        close = found is not None and time_s[found] - time_s[end] <= max_span_s
        out.append(col[found] if close and found is not None else math.nan)
    return out


@st.composite
def columns(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    n = draw(st.integers(min_value=0, max_value=40))
    elements = value if draw(st.booleans()) else maybe_nan
    col = draw(st.lists(elements, min_size=n, max_size=n))
    gaps = draw(st.lists(st.integers(min_value=0, max_value=90), min_size=n, max_size=n))
    return col, [float(t) for t in np.cumsum(gaps)]


@settings(max_examples=300, deadline=None)
@given(data=columns(), max_span_s=st.sampled_from([0.0, 5.0, 30.0, 1e9]))
def test_interval_values_follow_their_definition(
    data: tuple[list[float], list[float]], max_span_s: float
) -> None:
    col, time_s = data
    got = interval_values(np.array(col, dtype=np.float64), np.array(time_s), max_span_s)
    np.testing.assert_array_equal(got, np.array(_by_definition(col, time_s, max_span_s)))


def test_a_complete_column_is_copied_not_shared() -> None:
    col = np.array([1.0, 2.0, 3.0])
    got = interval_values(col, np.array([0.0, 1.0, 2.0]), 10.0)
    got[0] = 99.0
    assert col[1] == 2.0
