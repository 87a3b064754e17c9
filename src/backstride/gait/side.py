"""Side-view metrics: cadence, overstride, shin and foot angle, knee bend at contact, trunk lean,
hip extension at toe-off, vertical oscillation.

The leg angles come from the near leg only (the far leg is hidden behind it for much of the
stride and reads several degrees off); trunk lean, vertical oscillation and cadence use every
step. Each function returns a :class:`Metric` built by :func:`results.summarise`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from backstride.gait import steps as st
from backstride.gait.cleaning import CleanSeries
from backstride.gait.events import Contact, GaitEvents, stride_time_s
from backstride.gait.keypoints import Leg, Side
from backstride.gait.results import LABELS, Metric, above_below, summarise
from backstride.gait.rules import GaitRules

_STEPS = "gait.method.steps"


@dataclass(frozen=True, slots=True)
class Measuring:
    """What every measure needs: the clip, the contacts, the way the runner faces, the scale.

    ``leg_px`` is the near leg's length in pixels; ``px_per_m`` is None without the height.
    """

    clean: CleanSeries
    events: GaitEvents
    direction: float
    leg_px: float
    px_per_m: float | None
    rules: GaitRules
    captured_fps: float | None = None  # pictures per second, when the clip repeats frames

    @property
    def picture_fps(self) -> float:
        """How often the camera took a new picture: the clip's rate unless it repeats frames."""
        return self.captured_fps if self.captured_fps is not None else self.clean.fps

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return self.events.contacts

    def near_only(self, values: st.StepValues) -> st.StepValues:
        """The same values with every far-leg step blanked."""
        near = np.array([c.side is self.events.near for c in self.contacts], dtype=np.bool_)
        return st.StepValues(
            np.where(near, values.values, np.nan), np.where(near, values.visibility, 0.0)
        )


def _ic(c: Contact) -> float:
    return c.ic_s


def cadence(f: Measuring, warnings: list[str]) -> tuple[Metric, float | None]:
    """Cadence (steps per minute) from the near foot's stride time; per step, from each foot's
    time to its own next contact."""
    stride = stride_time_s(f.events.of(f.events.near))
    spm = 120.0 / stride if stride else None
    values = np.full(len(f.contacts), np.nan)
    vis = np.zeros(len(f.contacts))
    for side in Side:
        idx = [k for k, c in enumerate(f.contacts) if c.side is side]
        for a, b in pairwise(idx):
            dt = f.contacts[b].ic_s - f.contacts[a].ic_s
            if 0 < dt <= f.rules.contact.max_stride_s:
                values[a] = 120.0 / dt
                vis[a] = min(f.contacts[a].confidence, f.contacts[b].confidence)
    item = "gait.cadence"
    metric = summarise(
        "cadence",
        st.StepValues(values, vis),
        "spm",
        f.rules,
        f.rules.number(item, "resolution_spm"),
        above_below(f.rules.number(item, "low_below_spm"), None),
        warnings,
        value=spm,
    )
    return metric, spm


def overstride(f: Measuring, warnings: list[str]) -> Metric:
    """Heel ahead of the hip centre at contact, in leg lengths."""
    item = "gait.overstride"

    def heel(leg: Leg) -> Sequence[int]:
        return (leg.heel, leg.hip)

    raw = st.at_event(
        f.clean,
        f.contacts,
        _ic,
        heel,
        st.heel_ahead_of_hip_px(f.direction),
        f.rules.step_min_visibility,
    )
    ratio = st.StepValues(raw.values / f.leg_px, raw.visibility)
    return summarise(
        "overstride",
        f.near_only(ratio),
        "leg_length",
        f.rules,
        f.rules.number(item, "resolution_ratio"),
        above_below(None, f.rules.number(item, "high_above_ratio")),
        warnings,
    )


def shank_angle(f: Measuring, warnings: list[str]) -> Metric:
    values = st.at_event(
        f.clean,
        f.contacts,
        _ic,
        lambda leg: (leg.knee, leg.ankle),
        st.shank_angle(f.direction),
        f.rules.step_min_visibility,
    )
    return _judged(f, "shank_angle", "gait.shank_angle", values, None, "high_above", warnings)


def knee_flexion(f: Measuring, warnings: list[str]) -> Metric:
    values = st.at_event(
        f.clean,
        f.contacts,
        _ic,
        lambda leg: (leg.hip, leg.knee, leg.ankle),
        st.knee_flexion,
        f.rules.step_min_visibility,
    )
    return _judged(f, "knee_flexion", "gait.knee_flexion", values, "low_below", None, warnings)


def hip_extension(f: Measuring, warnings: list[str]) -> Metric:
    item = "gait.hip_extension"
    values = st.peak_around_toe_off(
        f.clean,
        f.contacts,
        st.hip_extension(f.direction),
        f.rules.number(item, "late_stance_ratio"),
        f.rules.number(item, "after_toe_off_s"),
        f.rules.step_min_visibility,
    )
    return _judged(f, "hip_extension", item, values, "low_below", None, warnings)


def trunk_lean(f: Measuring, warnings: list[str]) -> Metric:
    """Mean trunk lean over each stance, every step (the trunk is seen whichever foot is down)."""
    item = "gait.trunk_lean"
    series = st.trunk_angle_series(f.clean, f.direction)
    values = st.over_stance(
        f.clean,
        f.contacts,
        series,
        st.TRUNK_POINTS,
        lambda a: float(np.mean(a)),
        f.rules.step_min_visibility,
    )
    return summarise(
        "trunk_lean",
        values,
        "deg",
        f.rules,
        f.rules.angle_deg(item, "resolution"),
        above_below(f.rules.angle_deg(item, "low_below"), f.rules.angle_deg(item, "high_above")),
        warnings,
    )


def foot_strike(f: Measuring, warnings: list[str]) -> Metric:
    """Foot angle at contact against midstance; flagged rearfoot, midfoot or forefoot."""
    item = "gait.foot_strike"
    rear = f.rules.angle_deg(item, "rearfoot_above")
    fore = f.rules.angle_deg(item, "forefoot_below")

    def pattern(v: float) -> str:
        return "rearfoot" if v > rear else "forefoot" if v < fore else "midfoot"

    values = st.foot_strike_angles(
        f.clean,
        f.contacts,
        f.direction,
        f.rules.step_min_visibility,
        f.rules.contact.ground_share_ratio,
        f.rules.flat_foot_band_ratio * f.leg_px,
    )
    return summarise(
        "foot_strike",
        f.near_only(values),
        "deg",
        f.rules,
        f.rules.angle_deg(item, "resolution"),
        pattern,
        warnings,
    )


def frame_rate_warning(f: Measuring, warnings: list[str]) -> bool:
    """Warn when a frame lasts longer than ``contact_angle_max_frame_s``: the figures taken at
    the instant of contact then rest on frames either side of a landing that may be shorter
    than one frame. True when a frame lasts longer than ``contact_judge_max_frame_s``: those
    figures are then not judged.

    On synthetic runners whose angles stay put for 20 ms at contact, 60 fps recovered every
    angle within 1 degree and 30 fps missed by up to 19 degrees (the landing fell between two
    frames); held for 50 ms, 30 fps was within 1 degree too. Real landings do not stay put,
    so at 30 fps the contact figures are only as good as the landing is slow.
    """
    limit_s = f.rules.number(_STEPS, "contact_angle_max_frame_s")
    fps = f.picture_fps
    coarse = 1.0 / fps > f.rules.number(_STEPS, "contact_judge_max_frame_s")
    if 1.0 / fps > limit_s:
        names = ", ".join(LABELS[n] for n in CONTACT_FIGURES)
        judged = "; they are shown but not judged" if coarse else ""
        warnings.append(
            f"At {fps:.0f} fps a frame lasts {1000.0 / fps:.0f} ms, longer than "
            f"a landing may take, so the frame rate is too low to trust these figures to the "
            f"degree: {names}{judged}. Film at {1.0 / limit_s:.0f} fps or more (slow motion "
            "works)."
        )
    return coarse


#: The figures read at the instant of contact.
CONTACT_FIGURES = ("overstride", "shank_angle", "foot_strike", "knee_flexion")


def vertical_oscillation(f: Measuring, warnings: list[str]) -> Metric:
    """Hip centre's rise and fall per step: centimetres with the height, else leg lengths."""
    item = "gait.vertical_oscillation"
    raw = st.vertical_range_px(f.clean, f.contacts, f.rules.step_min_visibility)
    if f.px_per_m:
        values = st.StepValues(100.0 * raw.values / f.px_per_m, raw.visibility)
        unit, resolution = "cm", 100.0 * f.rules.number(item, "resolution_m")
    else:
        values = st.StepValues(raw.values / f.leg_px, raw.visibility)
        unit, resolution = "leg_length", f.rules.number(item, "resolution_ratio")
    return summarise(
        "vertical_oscillation", values, unit, f.rules, resolution, lambda v: None, warnings
    )


def _judged(
    f: Measuring,
    name: str,
    item: str,
    values: st.StepValues,
    low: str | None,
    high: str | None,
    warnings: list[str],
) -> Metric:
    """An angle metric of the near leg, flagged against the item's low/high angles."""
    return summarise(
        name,
        f.near_only(values),
        "deg",
        f.rules,
        f.rules.angle_deg(item, "resolution"),
        above_below(
            f.rules.angle_deg(item, low) if low else None,
            f.rules.angle_deg(item, high) if high else None,
        ),
        warnings,
    )


def side_metrics(f: Measuring, warnings: list[str]) -> tuple[dict[str, Metric], float | None]:
    """Every side-view metric, in the order they are shown, and the cadence."""
    cad, spm = cadence(f, warnings)
    coarse = frame_rate_warning(f, warnings)
    metrics = {
        "cadence": cad,
        "overstride": overstride(f, warnings),
        "shank_angle": shank_angle(f, warnings),
        "foot_strike": foot_strike(f, warnings),
        "knee_flexion": knee_flexion(f, warnings),
        "trunk_lean": trunk_lean(f, warnings),
        "hip_extension": hip_extension(f, warnings),
        "vertical_oscillation": vertical_oscillation(f, warnings),
    }
    if coarse:
        for name in CONTACT_FIGURES:
            metrics[name] = dataclasses.replace(metrics[name], flag=None)
    return metrics, spm
