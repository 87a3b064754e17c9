"""From raw model output to trajectories fit for measuring: mask, unswap, fill, smooth.

1. Points the model is unsure of (visibility below ``min_visibility_ratio``) are dropped.
2. Left/right swaps of the legs are undone: pose models sometimes give the near leg the far
   leg's label for a few frames in a side view. Each frame's leg points are compared with where
   the previous frames predict them (constant velocity); when exchanging the labels fits that
   prediction at least ``swap_gain_factor`` times better, the labels are exchanged. Frames
   where the legs cross are ambiguous and left as they are (the labels hardly matter there).
   Then single-frame jumps are dropped: a point further than ``spike_ratio`` of the leg length
   from the median of its neighbours within ``spike_window_s`` (a Hampel-type filter: Pearson
   RK et al. Generalized Hampel filters. EURASIP J Adv Signal Process 2016:87).
3. Gaps up to ``max_gap_s`` are bridged by straight lines.
4. Every coordinate is low-passed with a zero-lag Butterworth filter (``smoothing.lowpass``)
   twice over: at ``event_cutoff_hz`` for finding contacts and for the hip's up-and-down
   motion, and at the higher ``angle_cutoff_hz`` for angles, which a stronger filter would
   round off at contact and toe-off (12 Hz is the usual choice for running kinematics). Once
   the stride time is known the angle trajectories are filtered afresh at a cut-off that
   follows the step rate (:func:`angle_cutoff_hz`; the reasons are in ``smoothing``). The
   unsmoothed (gap-filled) trajectories are kept too, for postures held still.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from backstride.gait.keypoints import LEGS, BoolArray, FloatArray, PoseSeries, Side
from backstride.gait.kinematics import leg_length_px
from backstride.gait.smoothing import fill_gaps, lowpass

# the pairs of landmarks exchanged when the legs are swapped
_LEFT = list(LEGS[Side.LEFT].points)
_RIGHT = list(LEGS[Side.RIGHT].points)
# the points that decide a swap: knee, ankle, heel, toe (hips nearly coincide in a side view)
_DECIDE_LEFT = _LEFT[1:]
_DECIDE_RIGHT = _RIGHT[1:]


_MAX_PREDICT_FRAMES = 3  # a longer gap breaks the chain of predictions


@dataclass(frozen=True, slots=True, kw_only=True)
class CleaningSettings:
    """Values from ``knowledge/gait.yaml`` (gait.method.cleaning)."""

    min_visibility_ratio: float = 0.3
    spike_window_s: float = 0.07
    spike_ratio: float = 0.15
    max_gap_s: float = 0.2
    event_cutoff_hz: float = 8.0
    angle_cutoff_hz: float = 12.0
    angle_cutoff_step_ratio: float = 4.4
    swap_gain_factor: float = 2.0


@dataclass(frozen=True, slots=True)
class CleanSeries:
    """Smoothed landmark trajectories (frames x 33 x 2 px, NaN where unknown) and visibility.

    ``xy_px`` is lightly smoothed (for angles), ``event_xy_px`` more strongly (for contacts and
    the hip's vertical motion). ``swapped`` marks the frames whose leg labels were exchanged.
    ``still_xy_px`` is not smoothed at all (cleaned and gap-filled only): for postures held
    still over several frames, such as the foot flat on the ground, a median over those frames
    removes the noise, and a filter would only add its ringing after a sudden stop.
    """

    fps: float
    width_px: int
    height_px: int
    xy_px: FloatArray
    visibility: FloatArray
    swapped: BoolArray
    event_xy_px: FloatArray
    still_xy_px: FloatArray

    def __len__(self) -> int:
        return int(self.xy_px.shape[0])


def _exchange(a: FloatArray, i: int) -> None:
    a[i, _LEFT], a[i, _RIGHT] = a[i, _RIGHT].copy(), a[i, _LEFT].copy()


def _cost(pts: FloatArray, pred: FloatArray) -> float:
    d = np.linalg.norm(pts - pred, axis=-1)
    return float(np.nansum(d)) if np.isfinite(d).any() else float("nan")


def unswap_legs(xy: FloatArray, vis: FloatArray, gain: float) -> BoolArray:
    """Exchange left and right leg labels in place where the other labelling fits far better.

    ``xy`` is (frames x 33 x 2), ``vis`` (frames x 33); both are modified. Returns the frames
    changed.
    """
    n = xy.shape[0]
    swapped = np.zeros(n, dtype=np.bool_)
    prev: list[int] = []
    for i in range(n):
        cur = xy[i]
        if not np.isfinite(cur[_DECIDE_LEFT + _DECIDE_RIGHT]).any():
            continue
        if prev and i - prev[-1] > _MAX_PREDICT_FRAMES:
            prev = []  # after a gap the model's own labels start afresh
        if prev:
            last = xy[prev[-1]]
            steady = len(prev) > 1 and prev[-1] - prev[-2] == 1 and i - prev[-1] == 1
            pred = 2.0 * last - xy[prev[-2]] if steady else last
            keep = _cost(cur[_DECIDE_LEFT], pred[_DECIDE_LEFT]) + _cost(
                cur[_DECIDE_RIGHT], pred[_DECIDE_RIGHT]
            )
            swap = _cost(cur[_DECIDE_RIGHT], pred[_DECIDE_LEFT]) + _cost(
                cur[_DECIDE_LEFT], pred[_DECIDE_RIGHT]
            )
            if np.isfinite(keep) and np.isfinite(swap) and swap * gain < keep:
                _exchange(xy, i)
                _exchange(vis, i)
                swapped[i] = True
        prev = [*prev, i][-2:]
    seen = np.isfinite(xy[:, _DECIDE_LEFT + _DECIDE_RIGHT]).any(axis=(1, 2))
    if swapped.sum() * 2 > seen.sum():  # the first frames were the mislabelled ones
        for j in np.flatnonzero(seen).tolist():
            _exchange(xy, j)
            _exchange(vis, j)
        swapped = seen & ~swapped
    return swapped


def drop_spikes(xy: FloatArray, half_window: int, limit_px: float) -> BoolArray:
    """Set to NaN (in place) points far from the median of their neighbours; returns them.

    ``xy`` is (frames x points x 2); the median is taken over ``half_window`` frames each side,
    the point itself left out.
    """
    spikes = np.zeros(xy.shape[:2], dtype=np.bool_)
    if half_window < 1 or not np.isfinite(limit_px) or xy.shape[0] < 3:
        return spikes
    h = half_window
    padded = np.pad(xy, ((h, h), (0, 0), (0, 0)), constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * h + 1, axis=0)
    around = np.delete(windows, h, axis=-1)  # frames x points x 2 x neighbours
    enough = np.isfinite(around[:, :, 0, :]).sum(axis=-1) >= 2
    centre = np.nanmedian(np.where(enough[:, :, None, None], around, 0.0), axis=-1)
    with np.errstate(invalid="ignore"):
        spikes = np.asarray(enough & (np.linalg.norm(xy - centre, axis=-1) > limit_px))
    xy[spikes] = np.nan
    return spikes


def clean(series: PoseSeries, settings: CleaningSettings) -> CleanSeries:
    """Mask unsure points, undo leg swaps, bridge short gaps and low-pass every coordinate."""
    xy = np.array(series.xy_px, copy=True)
    vis = np.array(series.visibility, copy=True)
    unsure = vis < settings.min_visibility_ratio
    xy[unsure] = np.nan
    swapped = unswap_legs(xy, vis, settings.swap_gain_factor)
    scale = max(leg_length_px(xy, Side.LEFT), leg_length_px(xy, Side.RIGHT))
    half = int(np.rint(settings.spike_window_s * series.fps))
    drop_spikes(xy, half, settings.spike_ratio * scale)
    max_gap = int(np.rint(settings.max_gap_s * series.fps))
    flat = fill_gaps(xy.reshape(len(series), -1), max_gap)
    for_angles = lowpass(flat, series.fps, settings.angle_cutoff_hz).reshape(xy.shape)
    for_events = lowpass(flat, series.fps, settings.event_cutoff_hz).reshape(xy.shape)
    return CleanSeries(
        series.fps,
        series.width_px,
        series.height_px,
        for_angles,
        vis,
        np.asarray(swapped),
        for_events,
        flat.reshape(xy.shape),
    )


def angle_cutoff_hz(settings: CleaningSettings, stride_s: float) -> float:
    """The angle filter's cut-off for a runner of this stride time: ``angle_cutoff_hz``, raised
    to ``angle_cutoff_step_ratio`` times the step frequency for quick cadences.

    A landing at 200 steps per minute is over sooner than one at 165, so its motion holds
    higher frequencies: the cut-off follows the step rate (12 Hz is 4.4 times the step
    frequency at 165 steps per minute, Winter's usual running cut-off).
    """
    step_hz = 2.0 / stride_s if stride_s > 0 else 0.0
    return max(settings.angle_cutoff_hz, settings.angle_cutoff_step_ratio * step_hz)


def refilter_angles(series: CleanSeries, cutoff_hz: float) -> CleanSeries:
    """The same series with the angle trajectories low-passed afresh at ``cutoff_hz``."""
    flat = series.still_xy_px.reshape(len(series), -1)
    smoothed = lowpass(flat, series.fps, cutoff_hz).reshape(series.xy_px.shape)
    return replace(series, xy_px=smoothed)
