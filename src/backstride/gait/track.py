"""Which frames show the runner: one consistent track, or a clear refusal.

A pose model that follows one person may jump to someone else when the runner is hidden or
another person comes closer. The frames where a person was found are cut into segments wherever
the body's bounding box jumps (its centre moves more than ``max_jump_ratio`` of its size in one
frame) or changes size by more than ``max_scale_change_factor``; segments that continue each
other (same place and size across a gap) are joined into tracks. The runner is the track with
the largest sum of body size over its frames (the largest, most consistent person). When that
track holds less than ``min_share_ratio`` of the frames with anyone in them, the clip is refused
rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backstride.gait.errors import NoRunnerError, SeveralPeopleError
from backstride.gait.keypoints import BoolArray, FloatArray, PoseSeries

_MAX_GAP_GROWTH = 3  # across a gap the allowed jump grows with its length, up to 3 frames' worth


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackSettings:
    """Values from ``knowledge/gait.yaml`` (gait.method.track)."""

    max_jump_ratio: float = 0.5
    max_scale_change_factor: float = 1.3
    min_share_ratio: float = 0.6
    min_duration_s: float = 2.0


@dataclass(frozen=True, slots=True)
class TrackChoice:
    """The frames kept as the runner's, how many tracks were seen, and frames left out."""

    keep: BoolArray
    tracks: int
    dropped_frames: int


def body_boxes(series: PoseSeries) -> tuple[FloatArray, FloatArray]:
    """Centre (frames x 2, px) and size (frames, px: the larger side) of each frame's body box."""
    xy = series.xy_px
    seen = series.detected
    lo = np.full((len(series), 2), np.nan)
    hi = np.full((len(series), 2), np.nan)
    if seen.any():  # frames with nobody stay NaN (nanmin over them would warn)
        lo[seen] = np.nanmin(xy[seen], axis=1)
        hi[seen] = np.nanmax(xy[seen], axis=1)
    centre = 0.5 * (lo + hi)
    size = np.max(hi - lo, axis=1)
    return centre, size


def _continues(
    centre: FloatArray, size: FloatArray, a: int, b: int, settings: TrackSettings
) -> bool:
    """Does the body in frame ``b`` continue the one in frame ``a`` (``b - a`` frames later)?"""
    sa, sb = float(size[a]), float(size[b])
    if not (sa > 0 and sb > 0):
        return False
    scale = max(sa, sb) / min(sa, sb)
    jump = float(np.linalg.norm(centre[b] - centre[a])) / max(sa, sb)
    allowed = settings.max_jump_ratio * min(b - a, _MAX_GAP_GROWTH)
    return scale <= settings.max_scale_change_factor and jump <= allowed


def segments(series: PoseSeries, settings: TrackSettings) -> list[list[int]]:
    """Runs of frames where a body continues from the previous one (frame indices)."""
    centre, size = body_boxes(series)
    out: list[list[int]] = []
    for i in np.flatnonzero(series.detected).tolist():
        if out and _continues(centre, size, out[-1][-1], i, settings):
            out[-1].append(i)
        else:
            out.append([i])
    return out


def choose_runner(series: PoseSeries, settings: TrackSettings) -> TrackChoice:
    """The runner's frames; raises NoRunnerError or SeveralPeopleError when there is none clear."""
    detected = series.detected
    if not detected.any():
        raise NoRunnerError("nobody was found in the video: film one runner, whole body in view")
    centre, size = body_boxes(series)
    tracks: list[list[int]] = []
    for seg in segments(series, settings):
        home = next((t for t in tracks if _continues(centre, size, t[-1], seg[0], settings)), None)
        if home is None:
            tracks.append(list(seg))
        else:
            home.extend(seg)
    best = max(tracks, key=lambda t: float(np.sum(size[t])))
    keep = np.zeros(len(series), dtype=np.bool_)
    keep[best] = True
    seen = int(detected.sum())
    if len(best) < settings.min_share_ratio * seen:
        raise SeveralPeopleError(
            f"the video seems to show several people (the most consistent one is in "
            f"{len(best)} of {seen} frames with anyone in them); film the runner alone"
        )
    duration = (best[-1] - best[0] + 1) / series.fps
    if duration < settings.min_duration_s:
        raise NoRunnerError(
            f"the runner is in view for only {duration:.1f} s; at least "
            f"{settings.min_duration_s:.0f} s of running are needed"
        )
    return TrackChoice(keep, len(tracks), seen - len(best))
