"""Side view on synthetic runners: cadence, events and every side-view angle are recovered.

How the trajectories are made (tests/gait/synthetic.py, no video and no model): each leg's thigh
angle, knee bend and foot angle ease (smoothstep) between known key values over the stride and
are held for 50 ms around contact and toe-off; knee, ankle, heel and toe follow from the hip by
forward kinematics, the hip height is set by the standing foot (its lowest point exactly on the
ground) and follows a parabola in flight, the trunk leans by a constant angle. The clip is then
sampled at the phone's frame rate (30, 60, 120 or 240 fps), starting at an arbitrary point of
the stride, so contacts fall between frames. The truth is what the construction put in.
"""

from __future__ import annotations

import dataclasses
import json
import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backstride.gait.analysis import analyse
from backstride.gait.keypoints import View
from backstride.gait.side import CONTACT_FIGURES
from backstride.knowledge.care import load_care
from tests.gait.synthetic import Runner, Truth, side_view

MAX_EXAMPLES = 30  # a sweep of 300 random runners over these ranges passed when written
FRAME_RATES = (30.0, 60.0, 120.0, 240.0)  # what phones film at


@st.composite
def runners(draw: st.DrawFn) -> Runner:
    """The realistic range: 150-200 steps per minute, foot from forefoot (-10 degrees) to
    heel (+30) at contact, upright to leaning trunk, stiff to bent knee."""
    knee = draw(st.floats(8, 25))
    return Runner(
        fps=draw(st.sampled_from(FRAME_RATES)),
        cadence_spm=draw(st.floats(150, 200)),
        duty=draw(st.floats(0.30, 0.40)),
        thigh_at_contact_deg=draw(st.floats(20, 32)),
        knee_at_contact_deg=knee,
        knee_mid_stance_deg=knee + 25.0,
        foot_at_contact_deg=draw(st.floats(-10, 30)),
        trunk_lean_deg=draw(st.floats(0, 15)),
        hip_extension_deg=draw(st.floats(0, 20)),
        direction=draw(st.sampled_from([1.0, -1.0])),
        duration_s=8.0,
    )


def _plausible(r: Runner, truth: Truth) -> bool:
    """The made-up swing foot must clear the ground like a runner's (6 % of leg length)."""
    return truth.swing_clearance_px >= 0.06 * r.leg_px


@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True)
@given(r=runners())
def test_known_cadence_and_angles_are_recovered(r: Runner) -> None:
    """Within 1 step per minute and 1 degree over the whole range, 30 fps included (the
    angles stay put for 50 ms at contact); below 50 fps the runner is still told that the
    contact figures need a higher frame rate (see the test after next for why)."""
    series, truth = side_view(r)
    assume(_plausible(r, truth))
    res = analyse(series, View.SIDE).result
    m = res.metrics
    assert m["cadence"].value == pytest.approx(r.cadence_spm, abs=1.0)
    assert m["shank_angle"].value == pytest.approx(r.shank_at_contact_deg, abs=1.0)
    assert m["knee_flexion"].value == pytest.approx(r.knee_at_contact_deg, abs=1.0)
    assert m["foot_strike"].value == pytest.approx(r.foot_at_contact_deg, abs=1.0)
    assert m["trunk_lean"].value == pytest.approx(r.trunk_lean_deg, abs=1.0)
    assert m["hip_extension"].value == pytest.approx(r.hip_extension_deg, abs=1.0)
    assert m["overstride"].value == pytest.approx(truth.heel_ahead_px / r.leg_px, abs=0.01)
    warned = any("frame rate is too low" in w for w in res.warnings)
    assert warned == (r.fps < 50.0)


@pytest.mark.parametrize("fps", FRAME_RATES)
@pytest.mark.parametrize("cadence", [150.0, 200.0])
def test_the_corners_of_the_range(fps: float, cadence: float) -> None:
    """Heel (+30) and forefoot (-10) strikes at both ends of the cadence range."""
    for foot in (-10.0, 30.0):
        r = Runner(fps=fps, cadence_spm=cadence, foot_at_contact_deg=foot, duration_s=8.0)
        series, _ = side_view(r)
        m = analyse(series, View.SIDE).result.metrics
        assert m["cadence"].value == pytest.approx(cadence, abs=1.0)
        assert m["knee_flexion"].value == pytest.approx(r.knee_at_contact_deg, abs=1.0)
        assert m["shank_angle"].value == pytest.approx(r.shank_at_contact_deg, abs=1.0)
        assert m["foot_strike"].value == pytest.approx(foot, abs=1.0)


def _worst_contact_error(r: Runner) -> float:
    series, _ = side_view(r)
    m = analyse(series, View.SIDE).result.metrics
    found = (m["shank_angle"].value, m["knee_flexion"].value, m["foot_strike"].value)
    truth = (r.shank_at_contact_deg, r.knee_at_contact_deg, r.foot_at_contact_deg)
    return max(abs(a - b) if a is not None else math.inf for a, b in zip(found, truth, strict=True))


def test_a_landing_shorter_than_a_frame_needs_a_higher_frame_rate() -> None:
    """The physical limit: angles that stay put for only 20 ms at contact (less than the 33 ms
    of a frame at 30 fps) at 197 steps per minute. At 60 fps they are recovered within 1 degree;
    at 30 fps the landing falls between frames and they are not, which is why the runner is
    warned below 50 fps."""
    brief = Runner(cadence_spm=197.0, foot_at_contact_deg=5.0, hold_s=0.02, duration_s=8.0)
    assert _worst_contact_error(dataclasses.replace(brief, fps=60.0)) < 1.0
    assert _worst_contact_error(dataclasses.replace(brief, fps=30.0)) > 2.0


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
        promised = {"value", "unit", "per_step", "confidence", "flag", "source"}
        assert set(m) == promised | {"cause"}, name  # the keys, and the cause link
        assert len(m["per_step"]) == data["steps"]
        assert 0.0 <= m["confidence"] <= 1.0
        assert m["source"].startswith("gait.")
    # every side-view finding bears on a cause of the knowledge base
    causes = {item.id for item in load_care().causes}
    assert all(m["cause"] in causes for m in data["metrics"].values())
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


@pytest.mark.parametrize(("fps", "judged"), [(15.0, False), (30.0, True), (60.0, True)])
def test_contact_figures_are_not_judged_under_20_fps(fps: float, judged: bool) -> None:
    """Under 20 fps a frame (over 50 ms) is longer than a landing: overstride and the shin,
    foot and knee angles are shown without a verdict, and the warning says so; cadence, trunk
    lean and hip extension are still judged."""
    res = analyse(side_view(Runner(fps=fps))[0], View.SIDE).result
    for name in CONTACT_FIGURES:
        assert (res.metrics[name].flag is not None) == judged, name
    assert res.metrics["cadence"].flag is not None
    assert res.metrics["trunk_lean"].flag is not None
    assert any("shown but not judged" in w for w in res.warnings) == (not judged)
