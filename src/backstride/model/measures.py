"""Measures of one run, computed from its stream (see backstride.metrics.run)."""

from __future__ import annotations

from dataclasses import dataclass

from backstride.model.activity import Surface


@dataclass(frozen=True, slots=True)
class SpeedBandCadence:
    """Mean cadence within one speed band."""

    speed_low_mps: float
    speed_high_mps: float
    cadence_spm: float
    duration_s: float


@dataclass(frozen=True, slots=True)
class RunMeasures:
    """Per-run measures in SI units; None where the recording lacks the channel."""

    distance_m: float
    elapsed_s: float
    moving_s: float
    avg_speed_mps: float | None = None  # distance over moving time; pace is shown, not stored
    ascent_m: float | None = None
    descent_m: float | None = None
    descent_m_per_km: float | None = None
    steep_descent_s: float | None = None  # time on grades steeper than the knowledge threshold
    avg_cadence_spm: float | None = None  # over running portions only
    cadence_by_speed: tuple[SpeedBandCadence, ...] = ()
    avg_step_length_m: float | None = None
    step_length_height_ratio: float | None = None
    avg_vertical_oscillation_m: float | None = None
    avg_vertical_ratio_pct: float | None = None
    avg_stance_time_s: float | None = None
    stance_time_balance_left_pct: float | None = None
    avg_power_w: float | None = None
    avg_temperature_c: float | None = None
    max_temperature_c: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    hr_zone_s: tuple[float, ...] = ()  # seconds in each heart-rate zone, lowest first
    training_load: float | None = None  # TRIMP-style load; see metrics.run for the formula
    surface: Surface = Surface.UNKNOWN
