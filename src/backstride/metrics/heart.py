"""Heart-rate zones and the heart-rate training load of one run.

Zones are shares of maximum heart rate (knowledge item ``intensity.hr_zones``: 50-60, 60-70,
70-80, 80-90 and 90-100 % in Edwards 1993); the load is Edwards' TRIMP (item
``load.training_load``): sum over zones of minutes in the zone times its weight 1..5.
Heart rates above the maximum count in the top zone; below the first zone in none.
"""

from __future__ import annotations

import numpy as np

from backstride.knowledge.rules import HrZonesRule, TrainingLoadRule
from backstride.metrics._arrays import BoolArray, FloatArray


def zone_bounds_bpm(max_hr_bpm: float, zones: HrZonesRule) -> FloatArray:
    """Lower bound of each zone in beats per minute."""
    return np.asarray(zones.zone_lower_pct, dtype=np.float64) / 100.0 * max_hr_bpm


def hr_zone_seconds(
    hr_bpm: FloatArray, dt_s: FloatArray, counted: BoolArray, max_hr_bpm: float, zones: HrZonesRule
) -> tuple[float, ...]:
    """Seconds in each zone, lowest first, over the counted intervals with a heart rate.

    ``hr_bpm`` and ``dt_s`` are per interval. Time below the lowest zone is not counted.
    """
    bounds = zone_bounds_bpm(max_hr_bpm, zones)
    use = counted & np.isfinite(hr_bpm) & (hr_bpm > 0)
    zone = np.searchsorted(bounds, hr_bpm[use], side="right") - 1  # -1: below zone 1
    seconds = np.bincount(zone[zone >= 0], weights=dt_s[use][zone >= 0], minlength=bounds.size)
    return tuple(float(s) for s in seconds)


def edwards_load(zone_s: tuple[float, ...], load: TrainingLoadRule) -> float:
    """Edwards TRIMP: sum of minutes in zone k times the weight of zone k (1..5 by default)."""
    weights = load.zone_weight_factor
    return float(sum(w * s / 60.0 for w, s in zip(weights, zone_s, strict=True)))


def zone_of(hr_bpm: float, max_hr_bpm: float, zones: HrZonesRule) -> int:
    """Zone number of one heart rate, 1-based; 0 below the lowest zone."""
    return int(np.searchsorted(zone_bounds_bpm(max_hr_bpm, zones), hr_bpm, side="right"))
