"""Rear view on synthetic runners (tests/gait/synthetic.py: the side runner's vertical motion,
feet placed at known sideways offsets, the pelvis tilted by a known drop at midstance)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.gait.analysis import analyse
from backstride.gait.keypoints import Landmark, PoseSeries, View
from tests.gait.synthetic import RearRunner, Runner, rear_view, side_view


@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    drop=st.floats(0, 10),
    offset=st.floats(-15, 30).filter(lambda v: abs(v) >= 3),
    fps=st.sampled_from([30.0, 60.0, 120.0, 240.0]),
    cadence=st.floats(150, 200),
)
def test_pelvic_drop_and_foot_placement_are_recovered(
    drop: float, offset: float, fps: float, cadence: float
) -> None:
    """Over the phone frame rates and 150-200 steps per minute: drop within 1 degree, cadence
    within 1 step per minute, foot placement within 1 % of leg length."""
    runner = Runner(fps=fps, cadence_spm=cadence, duration_s=8.0)
    rr = RearRunner(runner=runner, pelvic_drop_deg=drop, foot_offset_px=offset)
    series, _ = rear_view(rr)
    a = analyse(series, View.REAR)
    m = a.result.metrics
    assert m["pelvic_drop"].value == pytest.approx(drop, abs=1.0)
    assert m["step_width"].value == pytest.approx(2 * offset / a.leg_px, abs=0.01)
    assert m["crossover"].value == pytest.approx(offset / a.leg_px, abs=0.01)
    assert m["cadence"].value == pytest.approx(cadence, abs=1.0)
    assert m["crossover"].flag == ("crossover" if offset <= 0 else "ok")
    assert m["pelvic_drop"].flag == ("high" if m["pelvic_drop"].value > 5.0 else "ok")


def test_the_rear_view_reports_its_own_metrics_in_cm_with_a_height() -> None:
    series, _ = rear_view(RearRunner())
    res = analyse(series, View.REAR, height_m=1.75).result
    assert set(res.metrics) == {
        "cadence",
        "pelvic_drop",
        "step_width",
        "crossover",
        "vertical_oscillation",
    }
    assert res.metrics["step_width"].unit == "cm"
    assert res.view is View.REAR


def test_a_side_clip_analysed_as_rear_is_called_out() -> None:
    series, _ = side_view(Runner())
    res = analyse(series, View.REAR).result
    assert any("not look like it is behind the runner" in w for w in res.warnings)


def test_a_camera_that_is_not_side_on_is_called_out() -> None:
    """Hips drawn a third of a leg length apart, as a camera at 45 degrees would see them."""
    series, _ = side_view(Runner())
    xy = series.xy_px.copy()
    xy[:, Landmark.RIGHT_HIP, 0] += 90.0
    turned = PoseSeries(series.fps, series.width_px, series.height_px, xy, series.visibility)
    res = analyse(turned, View.SIDE).result
    assert any("not look side-on" in w for w in res.warnings)
    assert not any("side-on" in w for w in analyse(series, View.SIDE).result.warnings)


def test_the_clips_median_tilt_is_taken_as_level() -> None:
    """A camera rolled by 4 degrees does not change the drop."""
    series, _ = rear_view(RearRunner(pelvic_drop_deg=6.0))
    a = np.radians(4.0)
    centre = np.array([series.width_px / 2, series.height_px / 2])
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    xy = (series.xy_px - centre) @ rot.T + centre
    rolled = PoseSeries(series.fps, series.width_px, series.height_px, xy, series.visibility)
    assert analyse(rolled, View.REAR).result.metrics["pelvic_drop"].value == pytest.approx(
        6.0, abs=1.0
    )
