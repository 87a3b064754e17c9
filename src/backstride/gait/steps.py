"""Per-step measurements: each takes the cleaned trajectories and the contacts, and returns one
value per contact (NaN where the step cannot be measured) with the visibility it rests on.

Angles are in degrees, lengths in pixels (the caller scales them). A step is measured only
when every landmark it uses is seen with at least ``min_visibility`` at the moment it is taken;
imputed contacts (timed from the other foot) are not measured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from backstride.gait import kinematics as kin
from backstride.gait.cleaning import CleanSeries
from backstride.gait.events import Contact, point_height
from backstride.gait.keypoints import LEGS, FloatArray, Landmark, Leg

PointsFn = Callable[[FloatArray, Leg], float]


@dataclass(frozen=True, slots=True)
class StepValues:
    """One value per contact (NaN: not measured) and the visibility behind each (0 there)."""

    values: FloatArray
    visibility: FloatArray

    @property
    def measured(self) -> FloatArray:
        return np.asarray(self.values[np.isfinite(self.values)], dtype=np.float64)


def _vis_at(clean: CleanSeries, t_s: float, points: Sequence[int]) -> float:
    i = int(np.rint(t_s * clean.fps))
    i = min(max(i, 0), len(clean) - 1)
    return float(np.min(clean.visibility[i, list(points)]))


def at_event(
    clean: CleanSeries,
    contacts: Sequence[Contact],
    when: Callable[[Contact], float],
    points: Callable[[Leg], Sequence[int]],
    measure: PointsFn,
    min_visibility: float,
) -> StepValues:
    """Measure each contact's leg at one moment (``when``) from the landmarks at that time."""
    values = np.full(len(contacts), np.nan)
    vis = np.zeros(len(contacts))
    for k, c in enumerate(contacts):
        if c.imputed:
            continue
        leg = LEGS[c.side]
        t = when(c)
        seen = _vis_at(clean, t, points(leg))
        if seen < min_visibility:
            continue
        xy = kin.at_time(clean.xy_px, t, clean.fps)
        value = measure(xy, leg)
        if np.isfinite(value):
            values[k], vis[k] = value, seen
    return StepValues(values, vis)


def over_stance(
    clean: CleanSeries,
    contacts: Sequence[Contact],
    series: FloatArray,
    points: Sequence[int],
    reduce: Callable[[FloatArray], float],
    min_visibility: float,
) -> StepValues:
    """Reduce a per-frame series (e.g. trunk angle) over each contact's stance frames."""
    values = np.full(len(contacts), np.nan)
    vis = np.zeros(len(contacts))
    n = len(clean)
    for k, c in enumerate(contacts):
        a = max(0, int(np.ceil(c.ic_s * clean.fps)))
        b = min(n, int(np.floor(c.to_s * clean.fps)) + 1)
        if b <= a or c.imputed:
            continue
        seen = float(np.median(np.min(clean.visibility[a:b][:, list(points)], axis=1)))
        seg = series[a:b]
        if seen < min_visibility or not np.isfinite(seg).all():
            continue
        values[k], vis[k] = reduce(seg), seen
    return StepValues(values, vis)


# --- the side-view measures ------------------------------------------------------------------
def heel_ahead_of_hip_px(direction: float) -> PointsFn:
    """Horizontal distance (px) of the contacting heel ahead of the hip centre."""

    def measure(xy: FloatArray, leg: Leg) -> float:
        hip = kin.hip_centre(xy)
        return float(direction * (xy[leg.heel, 0] - hip[0]))

    return measure


def shank_angle(direction: float) -> PointsFn:
    def measure(xy: FloatArray, leg: Leg) -> float:
        return float(kin.shank_angle_deg(xy[leg.knee], xy[leg.ankle], direction))

    return measure


def foot_angle(direction: float) -> PointsFn:
    def measure(xy: FloatArray, leg: Leg) -> float:
        return float(kin.foot_angle_deg(xy[leg.heel], xy[leg.toe], direction))

    return measure


def knee_flexion(xy: FloatArray, leg: Leg) -> float:
    return float(kin.knee_flexion_deg(xy[leg.hip], xy[leg.knee], xy[leg.ankle]))


def hip_extension(direction: float) -> PointsFn:
    def measure(xy: FloatArray, leg: Leg) -> float:
        shoulder = kin.shoulder_centre(xy)
        hip = kin.hip_centre(xy)
        # the thigh runs from the hip centre to the knee: in a side view the two hip points
        # nearly coincide, and the centre is steadier than the far hip
        return float(kin.hip_extension_deg(shoulder, hip, xy[leg.knee], direction))

    return measure


def foot_strike_angles(
    clean: CleanSeries,
    contacts: Sequence[Contact],
    direction: float,
    min_visibility: float,
    ground_share_ratio: float,
    flat_band_px: float,
) -> StepValues:
    """Foot angle at contact minus the same foot's angle when flat on the ground: the median
    angle over the frames of its stances where the higher of heel and toe is within
    ``flat_band_px`` of its lowest in that stance (heights above each point's own ground line,
    see :func:`events.point_height`).

    The flat-foot angle stands in for the standing trial of Altman & Davis (2012): it removes
    the tilt between the model's heel and toe points and any roll of the camera. The flattest
    frames rather than a fixed share of stance: at 190 steps per minute the foot may lie flat
    for under 70 ms, two frames at 30 fps, and a fixed window (the middle third) caught it
    still turning, by up to 1.5 degrees on synthetic runners.
    """

    def heel_toe(leg: Leg) -> tuple[int, int]:
        return (leg.heel, leg.toe)

    measure = foot_angle(direction)
    at_contact = at_event(clean, contacts, lambda c: c.ic_s, heel_toe, measure, min_visibility)
    values = np.full(len(contacts), np.nan)
    for side in {c.side for c in contacts}:
        leg = LEGS[side]
        still = clean.still_xy_px
        series = kin.foot_angle_deg(still[:, leg.heel], still[:, leg.toe], direction)
        own = [c for c in contacts if c.side is side]
        frames, _ = _flat_frames(clean, own, ground_share_ratio, flat_band_px)
        seen = np.min(clean.visibility[frames][:, [leg.heel, leg.toe]], axis=1) >= min_visibility
        flat = series[frames][seen]
        flat = flat[np.isfinite(flat)]
        if flat.size:
            mine = np.array([c.side is side for c in contacts])
            values[mine] = at_contact.values[mine] - float(np.median(flat))
    return StepValues(values, np.where(np.isfinite(values), at_contact.visibility, 0.0))


def _flat_frames(
    clean: CleanSeries, contacts: Sequence[Contact], ground_share_ratio: float, band_px: float
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """The frames of one foot's measured stances where it lies flat (the higher of heel and toe
    within ``band_px`` of its lowest in that stance), and for each stance the time (s) from
    contact to its first flat frame."""
    frames: list[int] = []
    delays: list[float] = []
    if not contacts:
        return np.array(frames, dtype=np.intp), np.array(delays)
    leg = LEGS[contacts[0].side]
    heel = point_height(clean.xy_px, leg.heel, ground_share_ratio)
    toe = point_height(clean.xy_px, leg.toe, ground_share_ratio)
    lift = np.fmax(heel, toe)
    for c in contacts:
        a = max(int(np.ceil(c.ic_s * clean.fps)), 0)
        b = min(int(np.floor(c.to_s * clean.fps)), len(clean) - 1) + 1
        seg = lift[a:b]
        if c.imputed or seg.size == 0 or not np.isfinite(seg).any():
            continue
        flat = a + np.flatnonzero(seg <= np.nanmin(seg) + band_px)
        frames.extend(flat.tolist())
        delays.append(float(flat[0]) / clean.fps - c.ic_s)
    return np.array(frames, dtype=np.intp), np.array(delays)


def landing_to_flat_s(
    clean: CleanSeries, contacts: Sequence[Contact], ground_share_ratio: float, band_px: float
) -> float | None:
    """Median time (s) from contact to the first frame with the foot flat, over the contacts'
    measured stances (at most one frame late: it is counted in whole frames); None if none."""
    delays = [
        _flat_frames(clean, [c for c in contacts if c.side is side], ground_share_ratio, band_px)[1]
        for side in {c.side for c in contacts}
    ]
    joined = np.concatenate(delays) if delays else np.zeros(0)
    return float(np.median(joined)) if joined.size else None


def trunk_angle_series(clean: CleanSeries, direction: float) -> FloatArray:
    """Trunk lean (degrees, forward positive) of every frame: hip centre to shoulder centre."""
    shoulder = kin.shoulder_centre(clean.xy_px, clean.visibility)
    hip = kin.hip_centre(clean.xy_px, clean.visibility)
    return kin.tilt_from_vertical_deg(shoulder, hip, direction)


TRUNK_POINTS = (
    Landmark.LEFT_SHOULDER,
    Landmark.RIGHT_SHOULDER,
    Landmark.LEFT_HIP,
    Landmark.RIGHT_HIP,
)


def peak_around_toe_off(
    clean: CleanSeries,
    contacts: Sequence[Contact],
    measure: PointsFn,
    late_share: float,
    after_s: float,
    min_visibility: float,
) -> StepValues:
    """The largest value of a leg measure from the last ``late_share`` of stance to ``after_s``
    past toe-off (hip extension peaks at about toe-off; the margin covers the event's timing)."""
    values = np.full(len(contacts), np.nan)
    vis = np.zeros(len(contacts))
    n = len(clean)
    for k, c in enumerate(contacts):
        if c.imputed:
            continue
        leg = LEGS[c.side]
        pts = (leg.knee, leg.shoulder, leg.hip)
        first = int(np.ceil((c.to_s - late_share * c.stance_s) * clean.fps))
        last = int(np.floor((c.to_s + after_s) * clean.fps))
        times = [f / clean.fps for f in range(first, last + 1) if 0 <= f < n] + [c.to_s]
        found = [
            measure(kin.at_time(clean.xy_px, t, clean.fps), leg)
            for t in times
            if _vis_at(clean, t, pts) >= min_visibility
        ]
        found = [v for v in found if np.isfinite(v)]
        if found:
            values[k] = max(found)
            vis[k] = _vis_at(clean, c.to_s, pts)
    return StepValues(values, vis)


def vertical_range_px(
    clean: CleanSeries, contacts: Sequence[Contact], min_visibility: float
) -> StepValues:
    """Up-and-down range (px) of the hip centre over each step (contact to the next contact)."""
    hip_y = kin.hip_centre(clean.xy_px, clean.visibility)[:, 1]
    hips = [Landmark.LEFT_HIP, Landmark.RIGHT_HIP]
    values = np.full(len(contacts), np.nan)
    vis = np.zeros(len(contacts))
    for k, (c, nxt) in enumerate(pairwise(contacts)):
        a = int(np.floor(c.ic_s * clean.fps))
        b = int(np.ceil(nxt.ic_s * clean.fps)) + 1
        seg = hip_y[max(a, 0) : min(b, len(clean))]
        if seg.size < 2 or not np.isfinite(seg).all():
            continue
        seen = float(np.median(np.max(clean.visibility[a:b][:, hips], axis=1)))
        if seen >= min_visibility:
            values[k], vis[k] = float(np.ptp(seg)), seen
    return StepValues(values, vis)


def step_cadence(contacts: Sequence[Contact]) -> StepValues:
    """Steps per minute of each step: 60 over the time to the next contact (either foot)."""
    values = np.full(len(contacts), np.nan)
    vis = np.zeros(len(contacts))
    for k, (c, nxt) in enumerate(pairwise(contacts)):
        dt = nxt.ic_s - c.ic_s
        if dt > 0:
            values[k] = 60.0 / dt
            vis[k] = min(c.confidence, nxt.confidence)
    return StepValues(values, vis)
