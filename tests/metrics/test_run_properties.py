"""General rules of measure_run over random streams (hypothesis).

The streams are synthetic: sample gaps of 0-90 s (so pauses and duplicate timestamps occur),
channels that may be absent or hold NaN, summary fields that may be stated or not.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.knowledge import load_rules
from backstride.metrics import measure_run
from backstride.model import Channel, Stream
from tests.metrics.conftest import T0, activity

maybe_nan = st.one_of(st.floats(min_value=0, max_value=8, allow_nan=False), st.just(float("nan")))


@st.composite
def random_activity(draw: st.DrawFn) -> Any:
    n = draw(st.integers(min_value=0, max_value=40))
    gaps = draw(st.lists(st.integers(min_value=0, max_value=90), min_size=n, max_size=n))
    time_s = T0.timestamp() + np.cumsum(np.array(gaps, dtype=np.float64))
    cols = {Channel.TIME_S.value: time_s} if n else {}
    if n and draw(st.booleans()):
        speed = np.array(draw(st.lists(maybe_nan, min_size=n, max_size=n)))
        cols[Channel.SPEED_MPS.value] = speed
    if n and draw(st.booleans()):
        steps = np.array(draw(st.lists(maybe_nan, min_size=n, max_size=n))) * 10
        cols[Channel.DISTANCE_M.value] = np.cumsum(np.nan_to_num(steps)) + steps * 0
    for channel, low, high in (
        (Channel.ALTITUDE_M, -50.0, 3000.0),
        (Channel.HR_BPM, 0.0, 220.0),
        (Channel.CADENCE_SPM, 0.0, 220.0),
        (Channel.TEMPERATURE_C, -20.0, 45.0),
    ):
        if n and draw(st.booleans()):
            values = st.one_of(st.floats(min_value=low, max_value=high), st.just(float("nan")))
            cols[channel.value] = np.array(draw(st.lists(values, min_size=n, max_size=n)))
    summary = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "elapsed_s": st.floats(min_value=0, max_value=1e5),
                "timer_s": st.floats(min_value=0, max_value=1e5),
                "distance_m": st.floats(min_value=0, max_value=1e5),
                "descent_m": st.floats(min_value=0, max_value=1e4),
            },
        )
    )
    return activity(Stream(cols), **summary)


@settings(max_examples=300, deadline=None)
@given(random_activity(), st.none() | st.floats(min_value=120, max_value=220))
def test_measures_respect_their_bounds(run: Any, max_hr: float | None) -> None:
    m = measure_run(run, load_rules(), height_m=1.8, max_hr_bpm=max_hr)
    assert 0 <= m.moving_s <= m.elapsed_s
    assert m.distance_m >= 0
    assert m.descent_m is None or m.descent_m >= 0
    assert m.ascent_m is None or m.ascent_m >= 0
    assert m.descent_m_per_km is None or m.descent_m_per_km >= 0
    if m.steep_descent_s is not None and len(run.stream):
        assert 0 <= m.steep_descent_s <= float(run.stream.time_s[-1] - run.stream.time_s[0])
    if m.hr_zone_s:
        assert len(m.hr_zone_s) == 5
        assert all(s >= 0 for s in m.hr_zone_s)
        assert m.training_load is not None and m.training_load >= 0
    assert m.avg_cadence_spm is None or m.avg_cadence_spm > 0
    assert m.avg_speed_mps is None or m.avg_speed_mps >= 0
    if len(run.stream):
        span = float(run.stream.time_s[-1] - run.stream.time_s[0])
        assert sum(b.duration_s for b in m.cadence_by_speed) <= span
