"""Real-world clips, imitated with synthetic keypoints (tests/gait/synthetic.py: forward
kinematics from known angles, fed to the analysis as a pose model would give them).

Each test changes one thing a phone video may do: the runner crosses the frame in a few
seconds, runs right-to-left, is filmed in landscape rather than portrait, by a camera that is
not side-on, from behind, with someone else walking through, or nobody in view at all.
"""

from __future__ import annotations

import numpy as np
import pytest

from backstride.gait.analysis import analyse
from backstride.gait.errors import GaitError, NoRunnerError
from backstride.gait.keypoints import Landmark, PoseSeries, View
from backstride.gait.results import GaitResult
from tests.gait.synthetic import RearRunner, Runner, rear_view, side_view

ANGLES = ("shank_angle", "knee_flexion", "foot_strike", "trunk_lean", "hip_extension")


def _moved(series: PoseSeries, xy: np.ndarray, width_px: int, height_px: int) -> PoseSeries:
    return PoseSeries(series.fps, width_px, height_px, xy, series.visibility.copy())


def _values(res: GaitResult) -> dict[str, float | None]:
    return {name: m.value for name, m in res.metrics.items()}


def test_a_runner_crossing_the_frame_in_a_few_seconds_is_not_judged() -> None:
    """Overground, 30 fps, landscape: the hips cross 1280 px at 400 px/s, in view about 3 s
    (about four strides). The figures are shown with a plain warning and no flag."""
    r = Runner(
        width_px=1280,
        height_px=720,
        ground_y_px=690.0,
        thigh_px=110.0,
        shank_px=110.0,
        foot_px=60.0,
        trunk_px=140.0,
        speed_px_s=400.0,
        start_x_px=-200.0,
        duration_s=4.0,
    )
    series, _ = side_view(r)
    assert 2.5 < series.detected.sum() / r.fps < 4.0
    res = analyse(series, View.SIDE).result
    assert res.steps < 12
    assert any(w.startswith("Too few steps to trust the figures") for w in res.warnings)
    for name in ("shank_angle", "knee_flexion", "foot_strike", "overstride", "hip_extension"):
        metric = res.metrics[name]
        assert metric.flag is None, name  # shown, not judged
        assert metric.confidence < 0.9, name
        measured = [v for v in metric.per_step if v is not None]
        assert len(measured) < 7, name
    assert res.cadence_spm == pytest.approx(165.0, abs=3.0)


def test_a_runner_in_view_too_briefly_is_refused_plainly() -> None:
    r = Runner(speed_px_s=900.0, start_x_px=-100.0, duration_s=3.0)
    series, _ = side_view(r)
    with pytest.raises(NoRunnerError, match="in view for only"):
        analyse(series, View.SIDE)


def test_right_to_left_reads_the_same_as_left_to_right() -> None:
    """The same clip mirrored (x -> width - x): every figure is unchanged."""
    series, _ = side_view(Runner())
    xy = series.xy_px.copy()
    xy[..., 0] = series.width_px - xy[..., 0]
    mirrored = analyse(_moved(series, xy, series.width_px, series.height_px), View.SIDE)
    plain = analyse(series, View.SIDE)
    assert mirrored.direction == -plain.direction
    a, b = _values(plain.result), _values(mirrored.result)
    for name in a:
        assert b[name] == pytest.approx(a[name], abs=1e-6), name


def test_landscape_and_portrait_give_the_same_figures() -> None:
    """The portrait clip's keypoints shrunk by 0.5 into a 1280 x 720 frame: angles and cadence
    do not depend on the frame's shape or the runner's size in pixels."""
    series, _ = side_view(Runner())
    xy = series.xy_px * 0.5 + np.array([400.0, 60.0])
    wide = analyse(_moved(series, xy, 1280, 720), View.SIDE).result
    tall = analyse(series, View.SIDE).result
    assert wide.cadence_spm == pytest.approx(tall.cadence_spm, abs=0.3)
    for name in ANGLES:
        assert wide.metrics[name].value == pytest.approx(tall.metrics[name].value, abs=0.5), name
    assert wide.metrics["overstride"].value == pytest.approx(
        tall.metrics["overstride"].value, abs=0.01
    )


def _turned(series: PoseSeries, deg: float, pelvis_px: float) -> PoseSeries:
    """The side view seen by a camera ``deg`` off side-on: forward distances shrink by
    cos(deg), and the two hips (and shoulders) part by sin(deg) of their width."""
    xy = series.xy_px.copy()
    hip_x = xy[:, [Landmark.LEFT_HIP], 0]
    xy[..., 0] = hip_x + (xy[..., 0] - hip_x) * np.cos(np.radians(deg))
    part = 0.5 * pelvis_px * np.sin(np.radians(deg))
    for left, right in (
        (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
        (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    ):
        xy[:, left, 0] -= part
        xy[:, right, 0] += part
    return _moved(series, xy, series.width_px, series.height_px)


@pytest.mark.parametrize(("deg", "warned"), [(0.0, False), (25.0, False), (60.0, True)])
def test_a_camera_far_from_side_on_is_called_out(deg: float, warned: bool) -> None:
    """Hip joints 0.2 leg lengths apart (an average adult pelvis); 60 degrees off side-on is
    called out, 25 degrees is not."""
    r = Runner()
    series, _ = side_view(r)
    res = analyse(_turned(series, deg, 0.2 * r.leg_px), View.SIDE).result
    assert any("does not look side-on" in w for w in res.warnings) == warned
    judged = [m.name for m in res.metrics.values() if m.flag is not None]
    assert (judged == []) == warned  # a wrong view is shown, never judged


def test_a_rear_view_filmed_from_the_front_reads_the_same() -> None:
    """Mirroring a rear view is what a camera in front of the runner sees (the runner's right
    on the image's left): pelvic drop and foot placement are unchanged."""
    series, _ = rear_view(RearRunner(pelvic_drop_deg=7.0, foot_offset_px=12.0))
    xy = series.xy_px.copy()
    xy[..., 0] = series.width_px - xy[..., 0]
    front = analyse(_moved(series, xy, series.width_px, series.height_px), View.REAR).result
    back = analyse(series, View.REAR).result
    for name in ("pelvic_drop", "step_width", "crossover"):
        assert front.metrics[name].value == pytest.approx(back.metrics[name].value, abs=1e-6)
    assert back.metrics["pelvic_drop"].value == pytest.approx(7.0, abs=1.0)


def test_someone_walking_close_past_the_camera_is_left_out() -> None:
    """For 15 frames the model follows a person walking between camera and runner: bigger
    than the runner (1.4 times) and elsewhere in the frame. The runner's figures stand."""
    series, _ = side_view(Runner())
    xy = series.xy_px.copy()
    frames = np.arange(150, 165)
    centre = np.array([series.width_px / 2.0, series.height_px / 2.0])
    walker_x = np.linspace(-300.0, 300.0, frames.size)[:, None, None]
    xy[frames] = (
        (series.xy_px[frames] - centre) * 1.4
        + centre
        + np.dstack([walker_x, np.zeros_like(walker_x)])
    )
    res = analyse(_moved(series, xy, series.width_px, series.height_px), View.SIDE).result
    plain = analyse(series, View.SIDE).result
    assert any("Someone else" in w for w in res.warnings)
    assert res.cadence_spm == pytest.approx(plain.cadence_spm, abs=0.5)
    for name in ANGLES:
        assert res.metrics[name].value == pytest.approx(plain.metrics[name].value, abs=1.0), name


@pytest.mark.parametrize("view", list(View))
def test_a_clip_with_nobody_in_it_gives_a_clear_error(view: View) -> None:
    empty = PoseSeries.from_frames([None] * 90, 30.0, 1280, 720)
    with pytest.raises(NoRunnerError, match="nobody was found in the video"):
        analyse(empty, view)


def test_a_side_view_analysed_as_rear_is_shown_not_judged() -> None:
    """The runner filmed from the side but the rear view chosen: pelvic drop and crossover from
    a side view mean nothing, so nothing is judged and the warning says so."""
    series, _ = side_view(Runner())
    res = analyse(series, View.REAR).result
    assert any("does not look like it is behind" in w for w in res.warnings)
    assert {m.flag for m in res.metrics.values()} == {None}
    assert res.metrics["cadence"].value is not None


@pytest.mark.parametrize("quarter", [1, -1])
def test_a_picture_on_its_side_is_refused(quarter: int) -> None:
    """The side view turned a quarter (a phone's rotation tag lost): the runner lies across the
    picture; no figure is made from it and the error says what to do."""
    series, _ = side_view(Runner())
    x, y = series.xy_px[..., 0], series.xy_px[..., 1]
    xy = series.xy_px.copy()
    if quarter == 1:  # turned right: new x from the bottom, new y from x
        xy[..., 0], xy[..., 1] = series.height_px - y, x
    else:
        xy[..., 0], xy[..., 1] = y, series.width_px - x
    turned = _moved(series, xy, series.height_px, series.width_px)
    with pytest.raises(GaitError, match=r"not upright in the picture .* turned on its side"):
        analyse(turned, View.SIDE)
    analyse(series, View.SIDE)  # the same runner upright is measured
