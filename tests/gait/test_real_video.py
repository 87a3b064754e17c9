"""The real model (BlazePose full, MediaPipe 0.10.21) on the real test video:
../shared/data/video/gaitlab__male_side_treadmill.mp4, one runner on a treadmill filmed from the
side, 720x1280, 30 fps, 12 s. Every frame is used (the model runs at about 40 frames per second
on 2 cores, so no subsampling is needed). Skipped only when MediaPipe cannot be imported."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from backstride.gait.analysis import GaitAnalysis, analyse
from backstride.gait.errors import NoRunnerError
from backstride.gait.keypoints import PoseSeries, Side, View
from backstride.gait.timing import FrameTiming
from backstride.services import gait as service
from backstride.settings import Settings
from tests.gait.conftest import REAL_VIDEO, ReplayEstimator, write_plain_video

pytest.importorskip(
    "mediapipe", reason="needs MediaPipe 0.10.21, from the 'video' extra (CI installs it)"
)

HEIGHT_M = 1.78  # not known for this runner; a typical height, only to check the cm scale


@pytest.fixture(scope="module")
def keypoints_and_timing() -> tuple[PoseSeries, FrameTiming]:
    return service.keypoints_and_timing(REAL_VIDEO)


@pytest.fixture(scope="module")
def keypoints(keypoints_and_timing: tuple[PoseSeries, FrameTiming]) -> PoseSeries:
    return keypoints_and_timing[0]


def test_the_frames_come_at_the_stated_rate(
    keypoints_and_timing: tuple[PoseSeries, FrameTiming],
) -> None:
    """Every frame's own time (from the container) is 1/30 s after the one before: the clip is
    used as it is, with no frame-rate warning."""
    series, timing = keypoints_and_timing
    assert timing.fps == 30.0 and timing.times_s is None and timing.warnings == ()
    assert len(series) == 360


@pytest.fixture(scope="module")
def analysis(keypoints: PoseSeries) -> GaitAnalysis:
    return analyse(keypoints, View.SIDE, height_m=HEIGHT_M)


def test_the_model_finds_the_runner_in_every_frame(keypoints: PoseSeries) -> None:
    assert len(keypoints) == 360
    assert keypoints.fps == pytest.approx(30.0)
    assert (keypoints.width_px, keypoints.height_px) == (720, 1280)
    assert keypoints.detected.all()


def test_contacts_are_regular_and_alternate(analysis: GaitAnalysis) -> None:
    events = analysis.events
    assert events.near is Side.LEFT  # the runner's left side faces the camera
    near = events.of(Side.LEFT)
    assert 14 <= len(near) <= 18  # about 17 strides in 12 s, minus the clip's ends
    strides = np.diff([c.ic_s for c in near])
    assert np.all(np.abs(strides / np.median(strides) - 1.0) < 0.1)
    stance = np.array([c.stance_s for c in near])
    assert np.all((stance > 0.15) & (stance < 0.40))
    sides = [c.side for c in events.contacts]
    assert all(a is not b for a, b in pairwise(sides))
    assert sum(c.imputed for c in events.contacts) <= 2


def test_the_figures_are_plausible_for_a_treadmill_runner(analysis: GaitAnalysis) -> None:
    res = analysis.result
    m = res.metrics
    assert 160 <= res.cadence_spm <= 178  # type: ignore[operator]
    assert res.steps >= 25
    assert m["foot_strike"].flag == "rearfoot"  # he lands on his heels, toes up
    assert 10 <= m["foot_strike"].value <= 35  # type: ignore[operator]
    assert 0 <= m["trunk_lean"].value <= 12  # type: ignore[operator]
    assert 0 <= m["knee_flexion"].value <= 25  # type: ignore[operator]
    assert 0 <= m["shank_angle"].value <= 20  # type: ignore[operator]
    assert -5 <= m["hip_extension"].value <= 25  # type: ignore[operator]
    assert 0.05 <= m["overstride"].value <= 0.4  # type: ignore[operator]
    assert m["vertical_oscillation"].unit == "cm"
    assert 5 <= m["vertical_oscillation"].value <= 15  # type: ignore[operator]
    for name, metric in m.items():
        assert metric.confidence >= 0.4, name
    assert not any("side-on" in w or "poorly visible" in w for w in res.warnings)


def test_the_figures_are_stable_between_the_two_halves(keypoints: PoseSeries) -> None:
    half = len(keypoints) // 2
    parts = [
        PoseSeries(
            keypoints.fps,
            keypoints.width_px,
            keypoints.height_px,
            keypoints.xy_px[s],
            keypoints.visibility[s],
        )
        for s in (slice(0, half), slice(half, None))
    ]
    first, second = (analyse(p, View.SIDE, height_m=HEIGHT_M).result for p in parts)
    # measured when written (sub-frame event timing): cadence 0.3 spm apart; trunk 1.3, shin
    # 0.5, knee 3.4, foot 1.3, hip extension 0.2 degrees; overstride 0.04 leg lengths
    assert abs(first.cadence_spm - second.cadence_spm) < 1.0  # type: ignore[operator]
    tolerance = {
        "trunk_lean": 2.0,
        "shank_angle": 2.0,
        "knee_flexion": 4.5,
        "foot_strike": 3.0,
        "hip_extension": 2.0,
        "overstride": 0.08,
    }
    for name, tol in tolerance.items():
        a, b = first.metrics[name].value, second.metrics[name].value
        assert a is not None and b is not None and abs(a - b) < tol, (name, a, b)


def test_the_annotated_video_summary_and_json_are_written(
    keypoints: PoseSeries, tmp_path: Path
) -> None:
    """The whole use case on the real file; the model's keypoints are replayed, not re-run."""
    import cv2

    settings = Settings(tmp_path / "home", "sqlite://")
    now = datetime(2026, 5, 1, 7, 30, tzinfo=UTC)
    run = service.analyse_video(
        REAL_VIDEO,
        settings=settings,
        now=now,
        height_m=HEIGHT_M,
        estimator=ReplayEstimator(keypoints),
    )
    assert run.folder.name == "2026-05-01T073000_gaitlab__male_side_treadmill"
    data = json.loads(run.result_path.read_text(encoding="utf-8"))
    assert data["view"] == "side" and data["fps"] == 30.0 and data["steps"] >= 25
    capture = cv2.VideoCapture(str(run.video_path))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == 360
    capture.release()
    assert run.summary_path.stat().st_size > 10_000


def test_a_clip_with_nobody_in_it_gives_a_clear_error(tmp_path: Path) -> None:
    """Two seconds of a plain grey frame through the real model and the command."""
    import backstride.cli.gait  # noqa: F401  (registers the command)
    from backstride.cli import app

    video = write_plain_video(tmp_path / "empty.mp4", 60, 30.0, 640, 360)
    settings = Settings(tmp_path / "home", "sqlite://")
    with pytest.raises(NoRunnerError, match="nobody was found in the video"):
        service.analyse_video(video, settings=settings, now=datetime.now(UTC))
    result = CliRunner().invoke(app, ["gait", str(video)], env={"BACKSTRIDE_HOME": str(tmp_path)})
    assert isinstance(result.exception, NoRunnerError)
    assert "empty.mp4" in str(result.exception)
