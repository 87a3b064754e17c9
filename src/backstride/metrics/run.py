"""Measures of one run: time, distance, elevation, form, heart rate, load and surface.

Computed from the activity's stream where it has the channel (any reader: FIT, GPX, TCX), else
taken from the summary fields the file states; an activity with an empty stream gets its
summary values. Means are time-weighted over intervals (see ``_track`` for the interval, moving
and running definitions); thresholds come from ``backstride.knowledge``. SI units throughout.

Formulas and their sources:

- distance: the file's total, else last - first cumulative distance of the stream; elapsed:
  the file's total, else last - first timestamp; moving: the sum of moving intervals, or the
  file's timer when the stream has no speed, distance or position (treadmill without a pod).
- ascent / descent: the file's totals, else a dead band on altitude (``elevation``, knowledge
  ``method.elevation``); descent per km = descent / distance; time on grades below -5 %
  (``terrain.steep_descent``, Levine et al., J Athl Train 2007;42:29) over a 100 m window.
- cadence: mean over running intervals and per speed band (``method.cadence_speed_bands``);
  step length: the watch's channel, else running distance / running steps (speed / cadence),
  and its ratio to the runner's height (no validated cut-off: Souza, PM&R Clin N Am 2016).
- running dynamics (vertical oscillation and ratio, ground contact time and balance): means over
  running intervals, as the watch's own averages (checked within 1 % on a Forerunner 255 run).
- heart rate: zones as % of maximum and Edwards' TRIMP (``heart``; Edwards 1993).
- surface: the file's sub-sport (treadmill, trail, track, street = road), else unknown; the
  runner's tag wins.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from backstride.knowledge import MeasureRules
from backstride.metrics import elevation, heart
from backstride.metrics._arrays import FloatArray, weighted_mean
from backstride.metrics._track import Track, build_track
from backstride.model import Activity, Channel, RunMeasures, SpeedBandCadence, SubSport, Surface

#: How a file's sub-sport maps to a running surface; anything else is UNKNOWN.
SURFACE_BY_SUB_SPORT: Mapping[SubSport, Surface] = MappingProxyType(
    {
        SubSport.TREADMILL: Surface.TREADMILL,
        SubSport.TRAIL: Surface.TRAIL,
        SubSport.TRACK: Surface.TRACK,
        SubSport.STREET: Surface.ROAD,  # FIT calls road running "street"
    }
)


def surface_from_sub_sport(sub_sport: SubSport) -> Surface:
    """The running surface a file's sub-sport implies (treadmill, trail, track, road or unknown)."""
    return SURFACE_BY_SUB_SPORT.get(sub_sport, Surface.UNKNOWN)


def _given(value: float | None) -> float | None:
    """A summary value the file states: finite and not negative, else None."""
    return float(value) if value is not None and math.isfinite(value) and value >= 0 else None


def _timing(activity: Activity, track: Track | None) -> dict[str, Any]:
    """distance_m, elapsed_s and moving_s (moving never exceeds elapsed)."""
    span = float(track.time_s[-1] - track.time_s[0]) if track is not None else None
    elapsed = _given(activity.elapsed_s)
    elapsed = elapsed if elapsed is not None else (span or _given(activity.timer_s) or 0.0)
    if track is not None and track.speed_known:
        moving = float(track.dt_s[track.moving].sum())
    else:
        timer = _given(activity.timer_s)
        active = float(track.dt_s[track.active].sum()) if track is not None else None
        moving = timer if timer is not None else (active if active is not None else elapsed)
    distance = _given(activity.distance_m)
    if distance is None and track is not None and track.distance_m is not None:
        distance = float(track.distance_m[-1] - track.distance_m[0])
    return {"distance_m": distance or 0.0, "elapsed_s": elapsed, "moving_s": min(moving, elapsed)}


def _elevation(
    activity: Activity, track: Track | None, rules: MeasureRules, distance_m: float
) -> dict[str, Any]:
    """ascent_m, descent_m (the file's totals first), descent_m_per_km, steep_descent_s."""
    ascent, descent = _given(activity.ascent_m), _given(activity.descent_m)
    alt = track.stream.get(Channel.ALTITUDE_M) if track is not None else None
    if alt is not None and (ascent is None or descent is None):
        counted = elevation.ascent_descent(alt, rules.elevation.hysteresis_m)
        if counted is not None:
            ascent = counted[0] if ascent is None else ascent
            descent = counted[1] if descent is None else descent
    steep = None
    if track is not None and alt is not None and track.distance_m is not None:
        grade = elevation.grades(track.distance_m, alt, rules.grade_window.window_m)
        steep = elevation.steep_descent_s(
            grade, track.dt_s, track.moving & track.active, rules.steep_descent.grade_pct
        )
    per_km = descent * 1000.0 / distance_m if descent is not None and distance_m >= 1.0 else None
    return {
        "ascent_m": ascent,
        "descent_m": descent,
        "descent_m_per_km": per_km,
        "steep_descent_s": steep,
    }


def _cadence_by_speed(
    track: Track, cadence: FloatArray, rules: MeasureRules
) -> tuple[SpeedBandCadence, ...]:
    edges = np.asarray(rules.cadence_bands.edges_mps, dtype=np.float64)
    use = track.running & np.isfinite(cadence) & np.isfinite(track.speed_mps)
    band = np.searchsorted(edges, track.speed_mps, side="right") - 1
    out = []
    for k in range(edges.size - 1):
        mean = weighted_mean(cadence, track.dt_s, use & (band == k))
        if mean is not None:
            seconds = float(track.dt_s[use & (band == k)].sum())
            out.append(SpeedBandCadence(float(edges[k]), float(edges[k + 1]), mean, seconds))
    return tuple(out)


def _step_length(track: Track, cadence: FloatArray | None) -> float | None:
    """Mean step length over running: the channel, else running distance / running steps."""
    channel = track.values(Channel.STEP_LENGTH_M)
    if channel is not None:
        return weighted_mean(channel, track.dt_s, track.running & (channel > 0))
    if cadence is None or not track.speed_known:
        return None
    use = track.running & np.isfinite(track.speed_mps) & np.isfinite(cadence) & (cadence > 0)
    steps = float((cadence[use] / 60.0 * track.dt_s[use]).sum())
    return float((track.speed_mps[use] * track.dt_s[use]).sum()) / steps if steps > 0 else None


def _form(
    activity: Activity, track: Track | None, rules: MeasureRules, height_m: float | None
) -> dict[str, Any]:
    """Cadence (overall and by speed band), step length and running dynamics over running."""
    out: dict[str, Any] = {"avg_cadence_spm": _given(activity.avg_cadence_spm)}
    if track is None:
        return out
    cadence = track.values(Channel.CADENCE_SPM)
    if cadence is not None:
        out["avg_cadence_spm"] = weighted_mean(cadence, track.dt_s, track.running & (cadence > 0))
        if track.speed_known:
            out["cadence_by_speed"] = _cadence_by_speed(track, cadence, rules)
    step = _step_length(track, cadence)
    out["avg_step_length_m"] = step
    if step is not None and height_m is not None and height_m > 0:
        out["step_length_height_ratio"] = step / height_m
    for field, channel in (
        ("avg_vertical_oscillation_m", Channel.VERTICAL_OSCILLATION_M),
        ("avg_vertical_ratio_pct", Channel.VERTICAL_RATIO_PCT),
        ("avg_stance_time_s", Channel.STANCE_TIME_S),
        ("stance_time_balance_left_pct", Channel.STANCE_TIME_BALANCE_PCT),
    ):
        col = track.values(channel)
        out[field] = (
            None if col is None else weighted_mean(col, track.dt_s, track.running & (col > 0))
        )
    return out


def _power_and_temperature(activity: Activity, track: Track | None) -> dict[str, Any]:
    out: dict[str, Any] = {"avg_power_w": _given(activity.avg_power_w)}
    if track is None:
        return out
    power = track.values(Channel.POWER_W)
    if power is not None:
        out["avg_power_w"] = weighted_mean(power, track.dt_s, track.moving & track.active)
    temp = track.values(Channel.TEMPERATURE_C)
    if temp is not None:
        out["avg_temperature_c"] = weighted_mean(temp, track.dt_s, track.active)
        out["max_temperature_c"] = float(np.nanmax(track.stream.columns[Channel.TEMPERATURE_C]))
    return out


def _heart(
    activity: Activity,
    track: Track | None,
    rules: MeasureRules,
    max_hr_bpm: float | None,
    moving_s: float,
) -> dict[str, Any]:
    """Average and maximum heart rate, time in zones and Edwards training load.

    Zones need a maximum heart rate: ``max_hr_bpm`` when given (the runner's profile), else the
    highest this run reached, which is below the true maximum on easy runs and so pushes time
    into higher zones. Without a heart-rate stream the load is estimated from the file's average
    heart rate: the zone of that average times the moving minutes.
    """
    hr = track.values(Channel.HR_BPM) if track is not None else None
    avg, top = _given(activity.avg_hr_bpm), _given(activity.max_hr_bpm)
    if hr is not None and track is not None:
        raw = track.stream.columns[Channel.HR_BPM]
        avg = weighted_mean(hr, track.dt_s, track.active & (hr > 0))
        top = float(np.nanmax(raw)) if np.nanmax(raw) > 0 else None
    limit = max_hr_bpm if max_hr_bpm is not None and max_hr_bpm > 0 else top
    out: dict[str, Any] = {"avg_hr_bpm": avg, "max_hr_bpm": top}
    if limit is None:
        return out
    if hr is not None and track is not None:
        zone_s = heart.hr_zone_seconds(hr, track.dt_s, track.active, limit, rules.hr_zones)
        out["hr_zone_s"] = zone_s
        out["training_load"] = heart.edwards_load(zone_s, rules.training_load)
    elif avg is not None:
        zone = heart.zone_of(avg, limit, rules.hr_zones)
        weight = rules.training_load.zone_weight_factor[zone - 1] if zone > 0 else 0.0
        out["training_load"] = weight * moving_s / 60.0
    return out


def measure_run(
    activity: Activity,
    rules: MeasureRules,
    height_m: float | None = None,
    max_hr_bpm: float | None = None,
    surface_override: Surface | None = None,
) -> RunMeasures:
    """Every per-run measure of one activity (SI units; None where the recording cannot tell).

    ``height_m`` enables step length relative to height; ``max_hr_bpm`` (the runner's maximum
    heart rate) sets the zones, else the run's own maximum does; ``surface_override`` (the
    runner's tag) wins over the surface the file's sub-sport implies.
    """
    track = build_track(activity.stream, rules)
    timing = _timing(activity, track)
    moving_s = timing["moving_s"]
    return RunMeasures(
        **timing,
        avg_speed_mps=timing["distance_m"] / moving_s if moving_s >= 1.0 else None,
        **_elevation(activity, track, rules, timing["distance_m"]),
        **_form(activity, track, rules, height_m),
        **_power_and_temperature(activity, track),
        **_heart(activity, track, rules, max_hr_bpm, moving_s),
        surface=surface_override or surface_from_sub_sport(activity.sub_sport),
    )
