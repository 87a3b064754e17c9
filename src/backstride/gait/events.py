"""Initial contact and toe-off of each foot from landmark trajectories.

Method (backstride's own, checked on synthetic trajectories and on the real test video):

1. Heel and toe are each measured as a height above their own ground line, fitted by least
   squares through that point's lowest ``ground_share_ratio`` of samples (so a slightly rolled
   camera does not matter, and the heel point, which sits above the sole, gets its own level),
   less the lowest value within half a stride (to absorb slow drift). The foot's height is the
   lower of the two, in units of leg length.
2. The stride period is the first autocorrelation peak of the near foot's height.
3. The foot is on the ground while its height is below ``band_ratio``; runs shorter than
   ``min_stance_s`` are dropped, gaps shorter than ``merge_gap_s`` closed, and runs cut by the
   clip's ends or missing data ignored. A stance that begins less than
   ``min_landing_gap_ratio`` of a stride after the foot's previous one is joined to it (a foot
   lands once a stride). Contact is timed where the height enters the band,
   toe-off where it last leaves the narrower ``edge_band_ratio`` (the toe peels off slowly),
   both interpolated linearly between frames (sub-frame times) and both read on the less
   smoothed trajectories used for angles (the crossing nearest the smoothed one's, within
   0.05 s): the stronger filter that finds the stances rounds the landing off, which at 30 fps
   moved contact by up to 13 ms. The measures then read the landmarks at these fractional
   instants, interpolated between the two frames around them (``kinematics.at_time``).
   Contact moves later, to the heel's most forward position relative to the hips, when that comes after and the heel travelled forward by more than
   ``hover_ratio`` of leg length meanwhile: a foot hovering in late swing is still moving
   forward (cf. Zeni JA et al. Two simple methods for determining gait events during treadmill
   and overground walking using kinematic data. Gait Posture 2008;27(4):710-714). On the real
   test video these agree with contacts and toe-offs read by eye to about one frame (33 ms).
4. The near foot (better seen) leads. A far-foot contact is kept only when it starts between
   ``far_phase_low_ratio`` and ``far_phase_high_ratio`` of a near-foot stride; where none does,
   it is imputed at half-stride with the near foot's stance time and marked so. Feet must
   alternate, which also rejects left/right confusions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from backstride.gait.keypoints import LEGS, FloatArray, Side
from backstride.gait.kinematics import hip_centre, leg_length_px, running_direction
from backstride.gait.smoothing import finite_runs

_STRIDE_TOLERANCE = 0.15  # strides further than this from the median are tracking errors
_MAX_GROUND_SLOPE = 0.18  # tan(10 degrees): more camera roll than that is not a usable video
_TIMING_REACH_S = 0.05  # how far the fine series' crossing may lie from the smoothed one's


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactSettings:
    """How contacts are found (values from ``knowledge/gait.yaml``, item gait.method.contact)."""

    ground_share_ratio: float = 0.15
    band_ratio: float = 0.04
    edge_band_ratio: float = 0.02
    min_stance_s: float = 0.06
    merge_gap_s: float = 0.05
    min_stride_s: float = 0.45
    max_stride_s: float = 1.6
    hover_ratio: float = 0.03
    far_phase_low_ratio: float = 0.3
    far_phase_high_ratio: float = 0.7
    imputed_confidence_factor: float = 0.5
    min_landing_gap_ratio: float = 0.5


@dataclass(frozen=True, slots=True)
class Contact:
    """One foot's time on the ground: initial contact and toe-off, seconds from the first frame.

    ``confidence`` (0-1) is the mean visibility of heel and toe over the stance, scaled down
    (knowledge setting) when the timing was imputed from the other foot.
    """

    side: Side
    ic_s: float
    to_s: float
    confidence: float
    imputed: bool = False

    @property
    def stance_s(self) -> float:
        return self.to_s - self.ic_s

    @property
    def mid_s(self) -> float:
        return 0.5 * (self.ic_s + self.to_s)


@dataclass(frozen=True, slots=True)
class GaitEvents:
    """The contacts of both feet in time order, the near foot, and the stride period (s)."""

    contacts: tuple[Contact, ...]
    near: Side
    stride_s: float

    def of(self, side: Side) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.side is side)


def point_height(xy: FloatArray, point: int, ground_share_ratio: float) -> FloatArray:
    """Height (pixels, up positive) of one landmark above its own fitted ground line; NaN where
    the landmark is missing."""
    x, y = xy[:, point, 0], xy[:, point, 1]
    ok = np.isfinite(x) & np.isfinite(y)
    height = np.full(y.shape, np.nan)
    if ok.sum() < 3:
        return height
    cut = np.quantile(y[ok], 1.0 - ground_share_ratio)
    on = ok & (y >= cut)
    slope = 0.0
    if on.sum() >= 2 and np.ptp(x[on]) > 1e-6:
        # a foot seen from behind moves up and down on the spot: its low samples barely spread
        # sideways and their fit means nothing, so the slope is kept to a plausible camera roll
        slope = float(
            np.clip(np.polyfit(x[on], y[on], 1)[0], -_MAX_GROUND_SLOPE, _MAX_GROUND_SLOPE)
        )
    intercept = float(np.median(y[on] - slope * x[on]))
    height[ok] = intercept + slope * x[ok] - y[ok]
    return height


def local_floor(height: FloatArray, half_window: int) -> FloatArray:
    """``height`` less its minimum within ``half_window`` frames each side (NaN stays NaN)."""
    ok = np.isfinite(height)
    padded = np.pad(np.where(ok, height, np.inf), half_window, constant_values=np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half_window + 1)
    floor = np.min(windows, axis=1)
    out = np.full(height.shape, np.nan)
    good = ok & np.isfinite(floor)
    out[good] = height[good] - floor[good]
    return out


def foot_height(
    xy: FloatArray, side: Side, ground_share_ratio: float, half_window: int | None = None
) -> FloatArray:
    """Height (pixels) of the foot's lower point, heel or toe, each from its own ground line
    (and, with ``half_window``, from its own lowest value nearby); NaN where either is missing."""
    leg = LEGS[side]
    heights = []
    for point in (leg.heel, leg.toe):
        h = point_height(xy, point, ground_share_ratio)
        heights.append(h if half_window is None else local_floor(h, half_window))
    return np.asarray(np.min(np.vstack(heights), axis=0))


def heel_forward(xy: FloatArray, side: Side, direction: float) -> FloatArray:
    """How far (pixels) the heel is ahead of the hip centre, in the running direction."""
    return np.asarray(direction * (xy[:, LEGS[side].heel, 0] - hip_centre(xy)[:, 0]))


def stride_period_frames(height: FloatArray, fps: float, settings: ContactSettings) -> int | None:
    """Frames per stride: the highest autocorrelation in the allowed range (None if weak)."""
    ok = np.isfinite(height)
    if not ok.any():
        return None
    x = np.where(ok, height - np.mean(height[ok]), 0.0)
    lo = max(2, int(np.rint(settings.min_stride_s * fps)))
    hi = min(int(np.rint(settings.max_stride_s * fps)), x.size - 2)
    if hi <= lo or not np.any(x):
        return None
    ac = np.correlate(x, x, "full")[x.size - 1 :]
    ac = ac / ac[0]
    lag = lo + int(np.argmax(ac[lo : hi + 1]))
    return lag if ac[lag] > 0.2 else None


def _crossing(h: FloatArray, i: int, j: int, level: float, fps: float) -> float:
    """Time (s) where h crosses ``level`` between frames i and j, interpolated linearly."""
    hi, hj = h[i], h[j]
    if hi == hj:
        return 0.5 * (i + j) / fps
    frac = float(np.clip((level - hi) / (hj - hi), 0.0, 1.0))
    return (i + frac * (j - i)) / fps


def _peak_time(fwd: FloatArray, lo: int, hi: int, fps: float) -> float | None:
    """Time (s) of the largest value of ``fwd`` in frames [lo, hi), refined by a parabola."""
    lo, hi = max(lo, 0), min(hi, fwd.size)
    seg = fwd[lo:hi]
    if seg.size == 0 or not np.isfinite(seg).any():
        return None
    k = lo + int(np.nanargmax(seg))
    if 0 < k < fwd.size - 1 and np.isfinite(fwd[k - 1 : k + 2]).all():
        a, b, c = fwd[k - 1], fwd[k], fwd[k + 1]
        denom = a - 2.0 * b + c
        shift = 0.5 * (a - c) / denom if denom < 0 else 0.0
        return (k + float(np.clip(shift, -0.5, 0.5))) / fps
    return k / fps


def _band_runs(h: FloatArray, fps: float, settings: ContactSettings) -> list[tuple[int, int]]:
    """Frame runs [start, stop) in the band, merged across short gaps, long enough, whole."""
    on = np.isfinite(h) & (h < settings.band_ratio)
    merged: list[list[int]] = []
    for start, stop in finite_runs(on):
        if merged and (start - merged[-1][1]) / fps <= settings.merge_gap_s:
            merged[-1][1] = stop
        else:
            merged.append([start, stop])
    whole = []
    for start, stop in merged:
        if (stop - start) / fps < settings.min_stance_s:
            continue
        if start == 0 or stop >= h.size or not np.isfinite(h[[start - 1, stop]]).all():
            continue  # cut by the clip's ends or by missing data: contact or toe-off unknown
        whole.append((start, stop))
    return whole


def _nearest_crossing(
    h: FloatArray, k: int, level: float, fps: float, falling: bool, reach: int
) -> float | None:
    """Sub-frame time (s) where ``h`` crosses ``level`` (downwards when ``falling``) nearest to
    frame ``k``, searched ``reach`` frames either side; None when it does not cross there."""
    lo, hi = max(k - reach, 0), min(k + reach, h.size - 2)
    best: tuple[int, int] | None = None
    for i in range(lo, hi + 1):
        a, b = h[i], h[i + 1]
        crosses = (a >= level > b) if falling else (a < level <= b)
        if crosses and (best is None or abs(i - k) < abs(best[0] - k)):
            best = (i, i + 1)
    return None if best is None else _crossing(h, best[0], best[1], level, fps)


def ground_runs(
    h: FloatArray,
    fps: float,
    settings: ContactSettings,
    fwd: FloatArray | None = None,
    scale: float = 1.0,
    fine: tuple[FloatArray, FloatArray | None] | None = None,
) -> list[tuple[float, float]]:
    """(contact, toe-off) times (s) of the foot's stances; see the module docstring.

    ``h`` is in leg lengths; ``fwd`` (pixels) and ``scale`` (pixels per leg length) place
    the heel relative to the hips. ``fine`` gives the same two series less smoothed: the
    stances are found on ``h`` and timed on ``fine`` (its crossings and peak nearest to
    those of ``h``), whose landing is not rounded off by the stronger filter.
    """
    out = []
    edge = min(settings.edge_band_ratio, settings.band_ratio)
    th, tf = (h, fwd) if fine is None else fine
    reach = max(1, int(np.ceil(_TIMING_REACH_S * fps)))
    frames = np.arange(h.size, dtype=np.float64)
    for start, stop in _band_runs(h, fps, settings):
        low = np.flatnonzero(h[start:stop] < edge)
        last = start + int(low[-1]) if low.size else stop - 1
        ic = _nearest_crossing(th, start - 1, settings.band_ratio, fps, True, reach)
        to = _nearest_crossing(th, last, edge, fps, False, reach)
        ic = _crossing(h, start - 1, start, settings.band_ratio, fps) if ic is None else ic
        to = _crossing(h, last, last + 1, edge, fps) if to is None else to
        if tf is not None:
            peak = _peak_time(tf, start - 1, start + (stop - start) // 2 + 1, fps)
            if peak is not None and ic < peak < to:
                travelled = float(np.interp(peak * fps, frames, tf)) - tf[start - 1]
                if travelled > settings.hover_ratio * scale:
                    ic = peak
        if ic < to:
            out.append((ic, to))
    return out


def one_landing_per_stride(
    runs: Sequence[tuple[float, float]], min_gap_s: float
) -> list[tuple[float, float]]:
    """One foot's stances with any that begins less than ``min_gap_s`` after the one before
    joined to it: a foot lands once a stride, so a stance split in two (the foot's point
    flickering above the band for a frame, as at low frame rates) is one landing."""
    out: list[tuple[float, float]] = []
    for ic, to in runs:
        if out and ic - out[-1][0] < min_gap_s:
            out[-1] = (out[-1][0], max(out[-1][1], to))
        else:
            out.append((ic, to))
    return out


def _confidence(vis: FloatArray, side: Side, ic_s: float, to_s: float, fps: float) -> float:
    leg = LEGS[side]
    a = max(0, int(np.floor(ic_s * fps)))
    b = min(vis.shape[0], int(np.ceil(to_s * fps)) + 1)
    if b <= a:
        return 0.0
    return float(np.mean(vis[a:b][:, [leg.heel, leg.toe]]))


def _far_contacts(
    near: Sequence[Contact],
    far_runs: Sequence[tuple[float, float]],
    far: Side,
    vis: FloatArray,
    fps: float,
    settings: ContactSettings,
) -> list[Contact]:
    """One far-foot contact per near-foot stride: measured when in phase, otherwise imputed."""
    out: list[Contact] = []
    stance = float(np.median([c.stance_s for c in near])) if near else 0.0
    for a, b in pairwise(near):
        stride = b.ic_s - a.ic_s
        lo = a.ic_s + settings.far_phase_low_ratio * stride
        hi = a.ic_s + settings.far_phase_high_ratio * stride
        inside = [r for r in far_runs if lo <= r[0] <= hi]
        target = a.ic_s + 0.5 * stride
        if inside:
            ic, to = min(inside, key=lambda r: abs(r[0] - target))
            out.append(Contact(far, ic, to, _confidence(vis, far, ic, to, fps)))
        else:
            conf = _confidence(vis, far, target, target + stance, fps)
            conf *= settings.imputed_confidence_factor
            out.append(Contact(far, target, target + stance, conf, imputed=True))
    return out


def near_side(vis: FloatArray) -> Side:
    """The leg the camera sees better (higher median visibility of its points)."""
    left = float(np.median(vis[:, list(LEGS[Side.LEFT].points)]))
    right = float(np.median(vis[:, list(LEGS[Side.RIGHT].points)]))
    return Side.LEFT if left >= right else Side.RIGHT


def _foot_series(
    xy: FloatArray,
    side: Side,
    settings: ContactSettings,
    half: int,
    scale: float,
    direction: float | None,
) -> tuple[FloatArray, FloatArray | None]:
    """The foot's height (leg lengths) and, in a side view, the heel's lead on the hips (px)."""
    h = foot_height(xy, side, settings.ground_share_ratio, half) / scale
    return h, None if direction is None else heel_forward(xy, side, direction)


def detect_contacts(
    xy: FloatArray,
    vis: FloatArray,
    fps: float,
    settings: ContactSettings,
    near: Side | None = None,
    side_view: bool = True,
    fine_xy: FloatArray | None = None,
) -> GaitEvents | None:
    """Contacts of both feet from cleaned landmarks (frames x 33 x 2) and their visibility.

    ``side_view`` False (camera behind the runner) leaves out the heel's forward position,
    which a rear camera cannot see. ``fine_xy``, the same landmarks less smoothed, times the
    events between frames (see :func:`ground_runs`). Returns None when no running rhythm is
    found (no stride period in the allowed range).
    """
    near = near_side(vis) if near is None else near
    period = stride_period_frames(foot_height(xy, near, settings.ground_share_ratio), fps, settings)
    if period is None:
        return None
    half = max(1, period // 2)
    scale = leg_length_px(xy, near)
    direction = running_direction(xy, near) if side_view else None
    runs = {}
    for side in (near, near.other):
        h, fwd = _foot_series(xy, side, settings, half, scale, direction)
        fine = None
        if fine_xy is not None:
            fine = _foot_series(fine_xy, side, settings, half, scale, direction)
        found = ground_runs(h, fps, settings, fwd, scale, fine)
        runs[side] = one_landing_per_stride(found, settings.min_landing_gap_ratio * period / fps)
    near_contacts = [
        Contact(near, ic, to, _confidence(vis, near, ic, to, fps)) for ic, to in runs[near]
    ]
    far_contacts = _far_contacts(near_contacts, runs[near.other], near.other, vis, fps, settings)
    contacts = sorted(near_contacts + far_contacts, key=lambda c: c.ic_s)
    return GaitEvents(tuple(contacts), near, period / fps)


def stride_time_s(contacts: Sequence[Contact]) -> float | None:
    """Stride time (s) of one foot: the slope of a straight line through its contact times
    against the stride count, by least squares. A gap of about two strides is counted as two
    (a missed contact); a gap further than 15 % from a whole number of strides (tracking lost)
    splits the contacts into runs that share the slope but not the start. None without two
    contacts in a run.

    The fit uses every contact, so the timing error of single contacts (a few milliseconds,
    more at low frame rates) averages out: with n strides its effect on the stride time falls
    as n^-1.5, where the mean of the gaps would depend on the first and last contact only.
    """
    times = np.array([c.ic_s for c in contacts])
    if times.size < 2:
        return None
    gaps = np.diff(times)
    typical = float(np.median(gaps))
    if typical <= 0:
        return None
    strides = np.maximum(1.0, np.round(gaps / typical))
    each = gaps / strides
    whole = np.abs(each / np.median(each) - 1.0) <= _STRIDE_TOLERANCE
    run = np.concatenate([[0], np.cumsum(~whole)])
    count = np.concatenate([[0.0], np.cumsum(np.where(whole, strides, 0.0))])
    num = den = 0.0
    for r in np.unique(run).tolist():
        k, t = count[run == r], times[run == r]
        if k.size >= 2:
            num += float(np.sum((k - k.mean()) * (t - t.mean())))
            den += float(np.sum((k - k.mean()) ** 2))
    return num / den if den > 0 else None
