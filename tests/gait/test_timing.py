"""Frame timing: a clip whose frames do not come at the rate its container states.

How the data is made: ``tests/gait/synthetic.py`` draws a runner by forward kinematics at
1,000 frames per second; a "phone" clip keeps the frames nearest the times a phone would have
taken them (uneven intervals), so each kept frame shows the runner exactly at its own time.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.gait.analysis import analyse
from backstride.gait.keypoints import PoseSeries, View
from backstride.gait.timing import frame_timing, on_even_grid, repeated_frames, with_repeats
from tests.gait.synthetic import Runner, phone_clip, side_view


def test_even_frames_at_the_stated_rate_change_nothing() -> None:
    timing = frame_timing(np.arange(300) / 30.0, 30.0)
    assert timing.fps == 30.0 and timing.times_s is None and timing.warnings == ()
    series, _ = side_view(Runner(duration_s=2.0))
    assert on_even_grid(series, timing) is series
    assert timing.index_at(17, len(series)) == 17


@pytest.mark.parametrize("times", [[], [0.0], [0.0, 0.0, 0.1], [0.0, float("nan"), 0.2]])
def test_times_that_cannot_be_used_leave_the_stated_rate(times: list[float]) -> None:
    timing = frame_timing(times, 25.0)
    assert timing.fps == 25.0 and timing.times_s is None and timing.warnings == ()


def test_a_wrong_stated_rate_is_replaced_by_the_frames_own() -> None:
    """A container that states 120 frames per second for frames 1/30 s apart: the cadence
    would come out four times too high with the stated rate."""
    runner = Runner(cadence_spm=170.0, duration_s=8.0)
    times = np.arange(240) / 30.0
    timing = frame_timing(times, 120.0)
    assert timing.fps == pytest.approx(30.0) and timing.times_s is None
    assert "says 120 frames per second" in timing.warnings[0]
    clip = dataclasses.replace(phone_clip(runner, times), fps=timing.fps)
    result = analyse(on_even_grid(clip, timing), View.SIDE, 1.75).result
    assert result.cadence_spm == pytest.approx(170.0, abs=1.0)


def test_a_variable_frame_rate_clip_is_measured_on_an_even_grid() -> None:
    """5 s at 24 frames per second, then 5 s at 40 (a phone adapting to the light): placed on
    an even grid, cadence and trunk lean come out as the runner ran."""
    runner = Runner(cadence_spm=172.0, trunk_lean_deg=7.0, duration_s=10.5)
    times = np.concatenate([np.arange(0, 5.0, 1 / 24), 5.0 + np.arange(0, 5.0, 1 / 40)])
    timing = frame_timing(times, 30.0)
    assert timing.times_s is not None
    assert any("variable frame rate" in w for w in timing.warnings)
    even = on_even_grid(phone_clip(runner, times), timing)
    assert len(even) == int(np.floor(times[-1] * timing.fps)) + 1
    result = analyse(even, View.SIDE, 1.75).result
    assert result.cadence_spm == pytest.approx(172.0, abs=1.0)
    assert result.metrics["trunk_lean"].value == pytest.approx(7.0, abs=1.0)
    # the drawing shows each video frame with the grid sample nearest its time
    assert timing.index_at(0, len(even)) == 0
    last = timing.index_at(times.size - 1, len(even))
    assert last == len(even) - 1


@settings(max_examples=25, deadline=None)
@given(
    jitter=st.floats(min_value=0.2, max_value=0.45),
    seed=st.integers(min_value=0, max_value=10_000),
    cadence=st.floats(min_value=150.0, max_value=195.0),
)
def test_jittered_frames_give_the_cadence(jitter: float, seed: int, cadence: float) -> None:
    """Frames 1/30 s apart on average, each interval off by up to ``jitter`` of a frame, and one
    frame in twenty dropped: the cadence is the runner's within 1 step per minute."""
    rng = np.random.default_rng(seed)
    steps = (1.0 + rng.uniform(-jitter, jitter, 330)) / 30.0
    times = np.cumsum(steps) - steps[0]
    times = times[rng.uniform(size=times.size) > 0.05]
    runner = Runner(cadence_spm=cadence, duration_s=float(times[-1]) + 0.5)
    timing = frame_timing(times, 30.0)
    even = on_even_grid(phone_clip(runner, times), timing)
    result = analyse(even, View.SIDE, 1.75).result
    assert result.cadence_spm == pytest.approx(cadence, abs=1.0)


def test_nobody_is_made_up_across_frames_that_found_nobody() -> None:
    runner = Runner(duration_s=4.0)
    times = np.concatenate([np.arange(0, 2.0, 1 / 24), 2.0 + np.arange(0, 2.0, 1 / 40)])
    clip = phone_clip(runner, times)
    gap = (times > 1.0) & (times < 1.5)
    blank = PoseSeries(
        clip.fps,
        clip.width_px,
        clip.height_px,
        np.where(gap[:, None, None], np.nan, clip.xy_px),
        np.where(gap[:, None], 0.0, clip.visibility),
    )
    timing = frame_timing(times, 30.0)
    even = on_even_grid(blank, timing)
    grid_t = np.arange(len(even)) / timing.fps
    inside = (grid_t > 1.06) & (grid_t < 1.44)
    assert not even.detected[inside].any()
    assert even.detected[grid_t < 0.9].all() and even.detected[grid_t > 1.6].all()


def test_repeated_frames_give_the_rate_of_new_pictures() -> None:
    """Hand-checked: at 60 fps, every other frame changed by codec noise only (0.05 grey
    levels, against 3 for a new picture) -> half repeated, 30 pictures per second."""
    timing = frame_timing([i / 60 for i in range(100)], 60.0)
    changes = [math.nan] + [0.05 if i % 2 else 3.0 for i in range(1, 100)]
    half = with_repeats(timing, changes)
    assert half.captured_fps == pytest.approx(30.0)
    assert "50% of the frames repeat the one before" in half.warnings[-1]
    assert with_repeats(timing, []) == timing


def test_a_small_runner_far_away_is_no_repeat() -> None:
    """Every frame changes a little (0.2-0.3 grey levels, under the absolute level): against
    the clip's own changes none is a repeat. A still moment of a few frames is not either."""
    changes = [math.nan] + [0.2 + 0.1 * (i % 3) / 2 for i in range(1, 100)]
    assert not any(repeated_frames(changes))
    still = [math.nan] + [0.01 if 40 <= i < 45 else 3.0 for i in range(1, 100)]
    assert sum(repeated_frames(still)) == 5
    timing = frame_timing([i / 30 for i in range(100)], 30.0)
    assert with_repeats(timing, still) == timing  # 5 % of the frames: under the share
