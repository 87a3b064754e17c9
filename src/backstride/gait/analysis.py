"""The whole analysis of one clip's keypoints: pure, no video or model involved.

keypoints -> the runner's track -> cleaned trajectories -> contacts -> metrics and warnings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from backstride.errors import InputValueError
from backstride.gait import kinematics as kin
from backstride.gait.cleaning import CleanSeries, angle_cutoff_hz, clean, refilter_angles
from backstride.gait.errors import GaitError
from backstride.gait.events import GaitEvents, detect_contacts
from backstride.gait.keypoints import LEGS, BoolArray, Landmark, PoseSeries, View
from backstride.gait.rear import pelvic_drop, step_width_and_crossover
from backstride.gait.results import GaitResult, Metric
from backstride.gait.rules import GaitRules, load_gait_rules
from backstride.gait.side import Measuring, cadence, side_metrics, vertical_oscillation
from backstride.gait.track import TrackChoice, choose_runner


@dataclass(frozen=True, slots=True)
class GaitAnalysis:
    """The result and what it was computed from (for drawing the annotated video)."""

    result: GaitResult
    clean: CleanSeries
    events: GaitEvents
    keep: BoolArray
    direction: float
    leg_px: float


def check_height(height_m: float | None, rules: GaitRules) -> None:
    """InputValueError for a height outside the knowledge file's plausible range."""
    if height_m is None:
        return
    low, high = rules.scale("min_height_m"), rules.scale("max_height_m")
    if not low <= height_m <= high:
        raise InputValueError(
            f"height {height_m * 100:.0f} cm is outside {low * 100:.0f}-{high * 100:.0f} cm"
        )


_VIEW = "gait.method.view"


def _check_upright(c: CleanSeries, rules: GaitRules) -> None:
    """GaitError when the runner's trunk lies far from vertical: the picture is on its side."""
    xy = c.xy_px
    hips = 0.5 * (xy[:, Landmark.LEFT_HIP] + xy[:, Landmark.RIGHT_HIP])
    shoulders = 0.5 * (xy[:, Landmark.LEFT_SHOULDER] + xy[:, Landmark.RIGHT_SHOULDER])
    up = hips - shoulders  # image y grows downwards: shoulders above hips give up[:, 1] > 0
    tilt = np.degrees(np.arctan2(np.abs(up[:, 0]), up[:, 1]))
    tilt = tilt[np.isfinite(tilt)]
    if tilt.size and float(np.median(tilt)) > rules.angle_deg(_VIEW, "max_trunk_from_vertical"):
        raise GaitError(
            f"the runner is not upright in the picture (trunk {float(np.median(tilt)):.0f} "
            "degrees from vertical): the video seems to be turned on its side. Rotate it so "
            "the runner stands upright, or film again holding the phone upright."
        )


def _check_cadence(spm: float | None, rules: GaitRules) -> None:
    """GaitError when the steps come faster or slower than the stride range allows: the clip's
    timing (slow motion played slowly) or the tracking is off, and no figure can be trusted."""
    low, high = 120.0 / rules.contact.max_stride_s, 120.0 / rules.contact.min_stride_s
    if spm is not None and not low <= spm <= high:
        raise GaitError(
            f"the steps found come at {spm:.0f} a minute, outside what a runner takes "
            f"({low:.0f}-{high:.0f}): the clip's timing or the tracking is off. A slow-motion "
            "clip that plays slower than real life needs --slow-motion (how many times slower)."
        )


def _view_warnings(c: CleanSeries, view: View, leg_px: float, rules: GaitRules) -> list[str]:
    gap = np.abs(c.xy_px[:, Landmark.LEFT_HIP, 0] - c.xy_px[:, Landmark.RIGHT_HIP, 0])
    gap = gap[np.isfinite(gap)]
    ratio = float(np.median(gap)) / leg_px if gap.size else float("nan")
    if view is View.SIDE and ratio > rules.view("side_max_hip_gap_ratio"):
        return [
            f"The camera does not look side-on (the hips appear {ratio:.2f} leg lengths apart); "
            "angles are distorted, so the figures are shown but not judged. Film from the "
            "side, at hip height, square to the runner (or choose the rear view)."
        ]
    if view is View.REAR and ratio < rules.view("rear_min_hip_gap_ratio"):
        return [
            f"The camera does not look like it is behind the runner (the hips appear only "
            f"{ratio:.2f} leg lengths apart); pelvic drop and step width need a rear view, so "
            "the figures are shown but not judged (or choose the side view)."
        ]
    return []


def _quality_warnings(
    c: CleanSeries, events: GaitEvents, choice: TrackChoice, rules: GaitRules, view: View
) -> list[str]:
    out: list[str] = []
    kept = int(choice.keep.sum())
    if choice.dropped_frames:
        out.append(
            f"Someone else (or a false detection) was in {choice.dropped_frames} frames; only "
            "the runner's track was analysed."
        )
    if c.swapped.sum() > rules.view("many_swaps_ratio") * kept:
        out.append(
            f"The pose model mixed up the left and right legs in {int(c.swapped.sum())} frames; "
            "they were corrected, but check the annotated video."
        )
    near = LEGS[events.near]
    seen = c.visibility[choice.keep][:, list(near.points)]
    if seen.size and float(np.median(seen)) < rules.view("poor_visibility_ratio"):
        out.append(
            "The legs are poorly visible (low model confidence); film in good light with the "
            "whole body, feet included, in view."
        )
    far = events.of(events.near.other)
    imputed = sum(1 for x in far if x.imputed)
    if far and imputed > rules.view("many_imputed_ratio") * len(far):
        out.append(
            f"The {events.near.other.value} foot was hard to see: {imputed} of its {len(far)} "
            f"contacts were timed from the {events.near.value} foot."
        )
    near_steps = sum(1 for x in events.of(events.near) if not x.imputed)
    few_legs = view is View.SIDE and near_steps < rules.min_steps
    if len(events.contacts) < rules.min_steps or few_legs:
        out.append(
            f"Too few steps to trust the figures: the runner was in view for "
            f"{kept / c.fps:.1f} s and only {len(events.contacts)} steps were found "
            f"({near_steps} landings of the {events.near.value} foot); each figure needs "
            f"{rules.min_steps}, so they are shown but not judged. Film at least 10 seconds of "
            "running: on a treadmill, from further back, or following the runner."
        )
    if view is View.SIDE:
        out.append(
            f"Leg angles are from the {events.near.value} leg, the one nearer the camera; film "
            f"the other side for the {events.near.other.value} leg."
        )
    return out


def _metrics(
    f: Measuring, view: View, warnings: list[str]
) -> tuple[dict[str, Metric], float | None]:
    if view is View.SIDE:
        return side_metrics(f, warnings)
    cad, spm = cadence(f, warnings)
    metrics = {"cadence": cad, "pelvic_drop": pelvic_drop(f, warnings)}
    metrics.update(step_width_and_crossover(f, warnings))
    metrics["vertical_oscillation"] = vertical_oscillation(f, warnings)
    return metrics, spm


def analyse(
    series: PoseSeries,
    view: View = View.SIDE,
    height_m: float | None = None,
    rules: GaitRules | None = None,
    *,
    captured_fps: float | None = None,
) -> GaitAnalysis:
    """Analyse one clip's keypoints; GaitError (or a subclass) when it cannot be analysed.
    ``captured_fps``: how often the camera took a new picture, when the clip repeats frames
    (the frame-rate advice goes by it)."""
    rules = load_gait_rules() if rules is None else rules
    check_height(height_m, rules)
    choice = choose_runner(series, rules.track)
    cleaned = clean(series.select(choice.keep), rules.cleaning)
    _check_upright(cleaned, rules)
    events = detect_contacts(
        cleaned.event_xy_px,
        cleaned.visibility,
        cleaned.fps,
        rules.contact,
        side_view=view is View.SIDE,
        fine_xy=cleaned.xy_px,
    )
    if events is None or not events.of(events.near):
        raise GaitError(
            "no running rhythm was found: the feet do not rise and land regularly. Film at "
            "least 10 seconds of steady running with the feet in view. A slow-motion clip "
            "that plays slower than real life needs --slow-motion (how many times slower)."
        )
    cutoff_hz = angle_cutoff_hz(rules.cleaning, events.stride_s)
    if cutoff_hz > rules.cleaning.angle_cutoff_hz:
        cleaned = refilter_angles(cleaned, cutoff_hz)
    quantile = rules.scale("leg_length_quantile_ratio")
    leg_px = kin.leg_length_px(cleaned.event_xy_px, events.near, quantile)
    px_per_m = leg_px / (rules.scale("leg_height_ratio") * height_m) if height_m else None
    direction = kin.running_direction(cleaned.event_xy_px, events.near)
    frame = Measuring(cleaned, events, direction, leg_px, px_per_m, rules, captured_fps)
    wrong_view = _view_warnings(cleaned, view, leg_px, rules)
    warnings = wrong_view + _quality_warnings(cleaned, events, choice, rules, view)
    if height_m is None:
        warnings.append("No height given: distances are in leg lengths; give the height for cm.")
    metrics, spm = _metrics(frame, view, warnings)
    _check_cadence(spm, rules)
    if wrong_view:
        metrics = {name: dataclasses.replace(m, flag=None) for name, m in metrics.items()}
    result = GaitResult(view, series.fps, len(events.contacts), spm, metrics, tuple(warnings))
    return GaitAnalysis(result, cleaned, events, choice.keep, direction, leg_px)
