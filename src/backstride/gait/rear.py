"""Rear-view metrics: contralateral pelvic drop at midstance, step width and crossover.

Seen from behind, the runner's left is on the image's left. Sideways positions are measured
along the runner's left-to-right axis, found from where the right hip sits relative to the left
one over the clip, so a clip filmed from the front also reads correctly.
"""

from __future__ import annotations

import numpy as np

from backstride.gait import kinematics as kin
from backstride.gait import steps as st
from backstride.gait.events import Contact
from backstride.gait.keypoints import LEGS, FloatArray, Landmark, Leg, Side
from backstride.gait.results import Metric, summarise
from backstride.gait.side import Measuring

_HIPS = (Landmark.LEFT_HIP, Landmark.RIGHT_HIP)


def lateral_axis(xy: FloatArray) -> float:
    """+1 when the runner's right is towards larger x in the image, -1 otherwise."""
    gap = xy[:, Landmark.RIGHT_HIP, 0] - xy[:, Landmark.LEFT_HIP, 0]
    gap = gap[np.isfinite(gap)]
    return 1.0 if gap.size == 0 or float(np.median(gap)) >= 0 else -1.0


def pelvis_tilt_deg(xy: FloatArray, axis: float) -> FloatArray:
    """Angle of the hip line (left to right hip), positive when the right hip is lower."""
    dx = axis * (xy[..., Landmark.RIGHT_HIP, 0] - xy[..., Landmark.LEFT_HIP, 0])
    dy = xy[..., Landmark.RIGHT_HIP, 1] - xy[..., Landmark.LEFT_HIP, 1]
    return np.asarray(np.degrees(np.arctan2(dy, dx)))


def pelvic_drop(f: Measuring, warnings: list[str]) -> Metric:
    """Drop of the swinging leg's hip below the standing leg's, degrees, at midstance.

    The clip's median tilt is taken as level (removes a rolled camera); drop is positive when the
    pelvis sinks on the side of the swinging leg.
    """
    item = "gait.pelvic_drop"
    axis = lateral_axis(f.clean.xy_px)
    level = float(np.nanmedian(pelvis_tilt_deg(f.clean.xy_px, axis)))

    def measure_for(c: Contact) -> st.PointsFn:
        sign = 1.0 if c.side is Side.LEFT else -1.0  # left stance: the right hip should not drop

        def measure(xy: FloatArray, leg: Leg) -> float:
            return float(sign * (pelvis_tilt_deg(xy, axis) - level))

        return measure

    values = np.full(len(f.contacts), np.nan)
    vis = np.zeros(len(f.contacts))
    for k, c in enumerate(f.contacts):
        one = st.at_event(
            f.clean,
            [c],
            lambda x: x.mid_s,
            lambda leg: _HIPS,
            measure_for(c),
            f.rules.step_min_visibility,
        )
        values[k], vis[k] = one.values[0], one.visibility[0]
    high = f.rules.angle_deg(item, "high_above")
    return summarise(
        "pelvic_drop",
        st.StepValues(values, vis),
        "deg",
        f.rules,
        f.rules.angle_deg(item, "resolution"),
        lambda v: "high" if v > high else "ok",
        warnings,
    )


def _foot_x(xy: FloatArray, leg: Leg) -> float:
    return float(np.mean(xy[[leg.heel, leg.ankle, leg.toe], 0]))


def _lateral(f: Measuring) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per contact at midstance: the foot's sideways position (px, runner's right positive),
    its offset from the pelvis midline towards its own side (px), and the visibility."""
    axis = lateral_axis(f.clean.xy_px)
    pos = np.full(len(f.contacts), np.nan)
    offset = np.full(len(f.contacts), np.nan)
    vis = np.zeros(len(f.contacts))
    for k, c in enumerate(f.contacts):
        if c.imputed:
            continue
        leg = LEGS[c.side]
        i = min(max(int(np.rint(c.mid_s * f.clean.fps)), 0), len(f.clean) - 1)
        seen = float(np.min(f.clean.visibility[i, [leg.heel, leg.ankle, leg.toe, *_HIPS]]))
        if seen < f.rules.step_min_visibility:
            continue
        xy = kin.at_time(f.clean.xy_px, c.mid_s, f.clean.fps)
        foot = axis * _foot_x(xy, leg)
        mid = axis * float(kin.hip_centre(xy)[0])
        own_side = 1.0 if c.side is Side.RIGHT else -1.0
        pos[k], offset[k], vis[k] = foot, own_side * (foot - mid), seen
    return pos, offset, vis


def _scaled(f: Measuring, px: FloatArray, item: str) -> tuple[FloatArray, str, float]:
    if f.px_per_m:
        return 100.0 * px / f.px_per_m, "cm", 100.0 * f.rules.number(item, "resolution_m")
    return px / f.leg_px, "leg_length", f.rules.number(item, "resolution_ratio")


def step_width_and_crossover(f: Measuring, warnings: list[str]) -> dict[str, Metric]:
    """Signed step width between successive contacts of opposite feet (negative: the feet cross)
    and each foot's landing offset from the pelvis midline (at or below 0: a crossover step)."""
    item = "gait.crossover"
    pos, offset, vis = _lateral(f)
    width = np.full(len(f.contacts), np.nan)
    for k in range(1, len(f.contacts)):
        prev, cur = f.contacts[k - 1], f.contacts[k]
        if prev.side is not cur.side and np.isfinite(pos[k]) and np.isfinite(pos[k - 1]):
            right, left = (pos[k], pos[k - 1]) if cur.side is Side.RIGHT else (pos[k - 1], pos[k])
            width[k] = right - left
    w_vals, unit, res = _scaled(f, width, item)
    o_vals, _, _ = _scaled(f, offset, item)
    share = f.rules.number(item, "crossover_share_pct")
    crossing = o_vals[np.isfinite(o_vals)]
    crossed_pct = 100.0 * float(np.mean(crossing <= 0)) if crossing.size else 0.0
    return {
        "step_width": summarise(
            "step_width",
            st.StepValues(w_vals, np.where(np.isfinite(w_vals), vis, 0.0)),
            unit,
            f.rules,
            res,
            lambda v: None,
            warnings,
        ),
        "crossover": summarise(
            "crossover",
            st.StepValues(o_vals, vis),
            unit,
            f.rules,
            res,
            lambda v: "crossover" if crossed_pct >= share else "ok",
            warnings,
        ),
    }
