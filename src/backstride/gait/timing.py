"""When each frame was taken: the frame rate to trust, and variable-rate clips put on an even grid.

The analysis counts time as frame index / frames per second. That holds for a clip whose frames
come at the rate its container states. Phone videos are not always such clips: many phones
record at a variable rate (frames come 30-40 ms apart as the light changes, and some are
dropped), and some containers state a nominal or maximum rate rather than the one the frames
come at. Each decoded frame carries its own presentation time, so the clip's real rate is known:

- the rate used is the frames' own (frames - 1) / (last time - first time) when it differs from
  the stated one by more than ``RATE_TOLERANCE`` (a warning says so);
- when a frame lies more than ``GRID_TOLERANCE_FRAMES`` of a frame interval away from where an
  even rate would put it, the keypoints are placed on an even grid at that rate by linear
  interpolation between the two nearest frames in which the runner was found (a grid point whose
  nearer frame found nobody stays empty: no runner is made up across a gap), and a warning says
  so. The drawing then shows each video frame with the grid point nearest its time.

Both tolerances are backstride's engineering choices, not clinical thresholds: 2 % of the rate
is 3 steps per minute at 150, and half a frame is below what a frame can resolve anyway.

Some clips repeat frames (an app that turns 30 frames per second into 60 by showing each twice):
their rate says nothing about how often the camera took a picture. A frame repeats the one
before when their thumbnails differ by less than ``REPEAT_DIFF`` grey levels on average and by
less than ``REPEAT_RATIO`` of the clip's 90th-percentile change (a repeat differs by codec
noise only, a new picture by the runner's movement; a small runner far away moves few pixels,
so an absolute level alone would take every frame for a repeat). When at least
``REPEAT_SHARE`` of the frames repeat, the rate the camera filmed at (the stated rate times the
share of new pictures) is what the frame-rate warnings use, and a warning says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backstride.gait.keypoints import PoseSeries
from backstride.model.stream import FloatArray

RATE_TOLERANCE = 0.02
GRID_TOLERANCE_FRAMES = 0.5
#: Mean difference of two frames' thumbnails (grey levels of 255) below which the later repeats
#: the earlier: re-encoding moves a repeated picture by a fraction of a level, a runner moving
#: in a phone's picture by several.
REPEAT_DIFF = 0.5
#: ... and below this share of the clip's 90th-percentile change between frames.
REPEAT_RATIO = 0.1
#: Share of repeated frames from which the clip is taken to repeat frames.
REPEAT_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class FrameTiming:
    """The rate the analysis uses, the frames' own times (None when they are even or unknown:
    frame index / ``fps`` is then the time) and what to tell the runner."""

    fps: float
    times_s: FloatArray | None
    warnings: tuple[str, ...]
    #: How often the camera took a new picture, when repeated frames show it is below ``fps``.
    captured_fps: float | None = None

    def index_at(self, frame: int, n_samples: int) -> int:
        """The analysis sample drawn on video frame ``frame``."""
        if self.times_s is None:
            return frame
        t = self.times_s[min(frame, self.times_s.size - 1)] - self.times_s[0]
        return int(min(max(round(t * self.fps), 0), n_samples - 1))


def frame_timing(times_s: Sequence[float], stated_fps: float) -> FrameTiming:
    """The timing of a clip from its frames' presentation times (seconds) and its stated rate.
    Times that are missing, not increasing or fewer than two leave the stated rate in use."""
    times = np.asarray(times_s, dtype=np.float64)
    if times.size < 2 or not np.all(np.isfinite(times)) or not np.all(np.diff(times) > 0):
        return FrameTiming(stated_fps, None, ())
    span = float(times[-1] - times[0])
    own = (times.size - 1) / span
    warnings: list[str] = []
    fps = stated_fps
    if abs(own / stated_fps - 1.0) > RATE_TOLERANCE:
        fps = own
        warnings.append(
            f"The video says {stated_fps:.3g} frames per second but its frames come at "
            f"{own:.3g} per second; backstride used {own:.3g}."
        )
    even = times[0] + np.arange(times.size) / fps
    if float(np.max(np.abs(times - even))) * fps <= GRID_TOLERANCE_FRAMES:
        return FrameTiming(fps, None, tuple(warnings))
    warnings.append(
        "The video was recorded at a variable frame rate: its frames were placed on an even "
        f"{fps:.3g} frames-per-second grid by interpolation before measuring."
    )
    return FrameTiming(fps, times - times[0], tuple(warnings))


def on_even_grid(series: PoseSeries, timing: FrameTiming) -> PoseSeries:
    """``series`` (one row per video frame) resampled onto ``timing``'s even grid; the series
    itself when the frames are even already."""
    if timing.times_s is None:
        return series
    times = timing.times_s
    grid = np.arange(int(np.floor(times[-1] * timing.fps)) + 1) / timing.fps
    found = series.detected
    nearest = _nearest(times, grid)
    n = grid.size
    xy = np.full((n, *series.xy_px.shape[1:]), np.nan)
    vis = np.zeros((n, series.visibility.shape[1]))
    if found.sum() >= 2:
        t_found = times[found]
        flat_xy = series.xy_px[found].reshape(int(found.sum()), -1)
        cols = [np.interp(grid, t_found, flat_xy[:, k]) for k in range(flat_xy.shape[1])]
        xy = np.stack(cols, axis=1).reshape(n, *series.xy_px.shape[1:])
        vis_found = series.visibility[found]
        vis = np.stack(
            [np.interp(grid, t_found, vis_found[:, k]) for k in range(vis_found.shape[1])], axis=1
        )
        # a landmark the model did not place in a found frame stays unplaced
        missing = ~np.isfinite(series.xy_px).all(axis=2)
        xy[missing[nearest]] = np.nan
    empty = ~found[nearest]
    xy[empty] = np.nan
    vis[empty] = 0.0
    vis[~np.isfinite(xy).all(axis=2)] = 0.0
    return PoseSeries(timing.fps, series.width_px, series.height_px, xy, vis)


def _nearest(times: FloatArray, grid: FloatArray) -> npt.NDArray[np.intp]:
    """The index of the frame nearest each grid time."""
    right = np.clip(np.searchsorted(times, grid), 1, times.size - 1)
    left = right - 1
    return np.where(grid - times[left] <= times[right] - grid, left, right)


def repeated_frames(changes: Sequence[float]) -> list[bool]:
    """Which frames repeat the one before, from each frame's mean thumbnail change (grey
    levels; NaN for the first frame)."""
    values = np.asarray(changes, dtype=np.float64)
    known = values[np.isfinite(values)]
    if known.size == 0:
        return [False] * values.size
    limit = min(REPEAT_DIFF, REPEAT_RATIO * float(np.percentile(known, 90)))
    return [bool(np.isfinite(v) and v < limit) for v in values]


def with_repeats(timing: FrameTiming, changes: Sequence[float]) -> FrameTiming:
    """``timing`` with the rate the camera filmed at, when enough frames repeat the one before
    (``changes``: each frame's mean thumbnail change from the one before, NaN for the first)."""
    repeated = repeated_frames(changes)
    if not repeated:
        return timing
    share = sum(repeated) / len(repeated)
    if share < REPEAT_SHARE:
        return timing
    captured = timing.fps * (1.0 - share)
    said = (
        f"{share:.0%} of the frames repeat the one before: the camera took about "
        f"{captured:.0f} pictures per second, not {timing.fps:.0f}; the frame-rate advice below "
        "goes by the pictures."
    )
    return FrameTiming(timing.fps, timing.times_s, (*timing.warnings, said), captured)
