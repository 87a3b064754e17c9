"""Side view on synthetic runners (tests/gait/synthetic.py: forward kinematics from known
angles, no video, no model): cadence, events and every side-view angle are recovered."""

from __future__ import annotations

import json
import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backstride.gait.analysis import analyse
from backstride.gait.keypoints import View
from tests.gait.synthetic import Runner, Truth, side_view

MAX_EXAMPLES = 25  # 300 random examples passed when this was written; fixed here for CI


@st.composite
def runners(draw: st.DrawFn) -> Runner:
    fps = draw(st.sampled_from([30.0, 60.0]))
    knee = draw(st.floats(8, 20))
    return Runner(
        fps=fps,
        cadence_spm=draw(st.floats(150, 170 if fps == 30.0 else 185)),
        duty=draw(st.floats(0.34, 0.37)),
        hold_s=0.05,
        thigh_at_contact_deg=draw(st.floats(20, 30)),
        knee_at_contact_deg=knee,
        knee_mid_stance_deg=knee + 25.0,
        foot_at_contact_deg=draw(st.floats(-8, 22)),
        trunk_lean_deg=draw(st.floats(0, 12)),
        hip_extension_deg=draw(st.floats(5, 16)),
        direction=draw(st.sampled_from([1.0, -1.0])),
    )


def _plausible(r: Runner, truth: Truth) -> bool:
    """The made-up swing foot must clear the ground like a runner's (6 % of leg length)."""
    return truth.swing_clearance_px >= 0.06 * r.leg_px


@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True)
@given(r=runners())
def test_known_cadence_and_angles_are_recovered(r: Runner) -> None:
    series, truth = side_view(r)
    assume(_plausible(r, truth))
    m = analyse(series, View.SIDE).result.metrics
    assert m["cadence"].value == pytest.approx(r.cadence_spm, abs=1.0)
    assert m["shank_angle"].value == pytest.approx(r.shank_at_contact_deg, abs=1.0)
    assert m["knee_flexion"].value == pytest.approx(r.knee_at_contact_deg, abs=1.0)
    assert m["foot_strike"].value == pytest.approx(r.foot_at_contact_deg, abs=1.0)
    assert m["trunk_lean"].value == pytest.approx(r.trunk_lean_deg, abs=1.0)
    assert m["hip_extension"].value == pytest.approx(r.hip_extension_deg, abs=1.0)
    assert m["overstride"].value == pytest.approx(truth.heel_ahead_px / r.leg_px, abs=0.01)


def test_contacts_and_toe_offs_match_the_construction() -> None:
    r = Runner()
    series, truth = side_view(r)
    a = analyse(series, View.SIDE)
    frame = 1.0 / r.fps
    for side in ("left", "right"):
        found = [c for c in a.events.contacts if c.side.value == side and not c.imputed]
        assert len(found) >= 10
        for c in found:
            assert np.min(np.abs(truth.contact_s[side] - c.ic_s)) < frame
            assert np.min(np.abs(truth.toe_off_s[side] - c.to_s)) < frame
    sides = [c.side for c in a.events.contacts]
    assert all(x is not y for x, y in pairwise(sides)), "feet alternate"


def test_vertical_oscillation_in_cm_uses_the_height() -> None:
    r = Runner()
    series, truth = side_view(r)
    height_m = 1.80
    res = analyse(series, View.SIDE, height_m=height_m).result
    vo = res.metrics["vertical_oscillation"]
    assert vo.unit == "cm"
    # the hip's range per step, straight from the construction, at the same scale
    contacts = np.sort(np.concatenate(list(truth.contact_s.values())))
    t = np.arange(len(series)) / r.fps
    ranges = [np.ptp(truth.hip_up_px[(t >= a) & (t <= b)]) for a, b in pairwise(contacts)]
    px_per_m = r.leg_px / (0.491 * height_m)
    assert vo.value == pytest.approx(100 * float(np.median(ranges)) / px_per_m, abs=0.5)
    no_height = analyse(series, View.SIDE).result.metrics["vertical_oscillation"]
    assert no_height.unit == "leg_length"


@pytest.mark.parametrize(
    ("kwargs", "metric", "flag"),
    [
        ({"trunk_lean_deg": 14.0}, "trunk_lean", "high"),
        ({"trunk_lean_deg": 1.0}, "trunk_lean", "low"),
        ({"trunk_lean_deg": 6.0}, "trunk_lean", "ok"),
        ({"foot_at_contact_deg": 18.0}, "foot_strike", "rearfoot"),
        ({"foot_at_contact_deg": 3.0}, "foot_strike", "midfoot"),
        ({"foot_at_contact_deg": -8.0}, "foot_strike", "forefoot"),
        ({"hip_extension_deg": 3.0}, "hip_extension", "low"),
        ({"knee_at_contact_deg": 5.0, "knee_mid_stance_deg": 30.0}, "knee_flexion", "low"),
    ],
)
def test_flags_follow_the_knowledge_thresholds(
    kwargs: dict[str, float], metric: str, flag: str
) -> None:
    series, _ = side_view(Runner(**kwargs))
    assert analyse(series, View.SIDE).result.metrics[metric].flag == flag


def test_the_json_has_exactly_the_promised_shape() -> None:
    series, _ = side_view(Runner())
    data = analyse(series, View.SIDE, height_m=1.75).result.as_dict()
    assert set(data) == {"view", "fps", "steps", "cadence_spm", "metrics", "warnings"}
    assert data["view"] == "side" and data["fps"] == 30.0
    assert isinstance(data["steps"], int) and data["steps"] >= 20
    for name, m in data["metrics"].items():
        assert set(m) == {"value", "unit", "per_step", "confidence", "flag", "source"}, name
        assert len(m["per_step"]) == data["steps"]
        assert 0.0 <= m["confidence"] <= 1.0
        assert m["source"].startswith("gait.")
    json.dumps(data, allow_nan=False)  # no NaN anywhere


def test_leg_angles_come_from_the_near_leg_only() -> None:
    series, _ = side_view(Runner())
    res = analyse(series, View.SIDE).result
    knee = res.metrics["knee_flexion"].per_step
    trunk = res.metrics["trunk_lean"].per_step
    assert sum(v is not None for v in knee) < 0.6 * len(knee)
    assert sum(v is not None for v in trunk) > 0.8 * len(trunk)
    assert any("left leg" in w for w in res.warnings)


def test_a_short_clip_is_shown_but_not_judged() -> None:
    series, _ = side_view(Runner(duration_s=2.5))
    res = analyse(series, View.SIDE).result
    assert res.metrics["trunk_lean"].flag is None
    assert any("fewer than the 7 needed" in w for w in res.warnings)
    assert res.metrics["trunk_lean"].confidence < 1.0


def test_confidence_falls_with_visibility() -> None:
    clear, _ = side_view(Runner(near_visibility=0.97))
    murky, _ = side_view(Runner(near_visibility=0.6, far_visibility=0.55))
    a = analyse(clear, View.SIDE).result.metrics["knee_flexion"].confidence
    b = analyse(murky, View.SIDE).result.metrics["knee_flexion"].confidence
    assert b < a
    assert math.isclose(b / a, 0.6 / 0.97, rel_tol=0.1)
