"""Who is the runner: nobody, one runner, one runner and a passer-by, two people taking turns.

Keypoints are synthetic (tests/gait/synthetic.py); a "second person" is the same runner moved
half a frame width sideways and shrunk, in the frames where the model would have jumped to them.
"""

from __future__ import annotations

import numpy as np
import pytest

from backstride.gait.analysis import analyse
from backstride.gait.errors import NoRunnerError, SeveralPeopleError
from backstride.gait.keypoints import PoseSeries, View
from backstride.gait.track import TrackSettings, choose_runner
from tests.gait.synthetic import Runner, side_view


def _other_person(series: PoseSeries, frames: np.ndarray) -> PoseSeries:
    xy = series.xy_px.copy()
    centre = np.array([series.width_px / 2.0, series.height_px / 2.0])
    xy[frames] = (xy[frames] - centre) * 0.6 + centre + [250.0, 0.0]
    return PoseSeries(series.fps, series.width_px, series.height_px, xy, series.visibility)


def test_a_clip_with_nobody_is_refused_plainly() -> None:
    series, _ = side_view(Runner(duration_s=3.0))
    empty = PoseSeries.from_frames([None] * len(series), 30.0, 720, 1280)
    with pytest.raises(NoRunnerError, match="nobody was found"):
        analyse(empty, View.SIDE)


def test_a_passer_by_in_a_few_frames_is_left_out() -> None:
    series, _ = side_view(Runner())
    frames = np.arange(100, 112)
    mixed = _other_person(series, frames)
    choice = choose_runner(mixed, TrackSettings())
    assert not choice.keep[frames].any()
    assert choice.keep.sum() == len(series) - len(frames)
    res = analyse(mixed, View.SIDE).result
    assert any("Someone else" in w for w in res.warnings)
    assert res.metrics["cadence"].value == pytest.approx(165.0, abs=1.0)


def test_two_people_taking_turns_cannot_be_analysed() -> None:
    series, _ = side_view(Runner())
    frames = np.flatnonzero((np.arange(len(series)) // 30) % 2 == 1)  # every other second
    with pytest.raises(SeveralPeopleError, match="several people"):
        analyse(_other_person(series, frames), View.SIDE)


def test_a_runner_seen_for_under_two_seconds_is_refused() -> None:
    series, _ = side_view(Runner(duration_s=1.5))
    with pytest.raises(NoRunnerError, match=r"only 1\.5 s"):
        analyse(series, View.SIDE)
