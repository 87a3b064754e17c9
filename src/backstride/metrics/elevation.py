"""Ascent, descent and steep downhill time from an altitude channel.

Altitude from GPS wanders by metres and even a barometer jitters by tenths of a metre; summing
every up and down step would count that noise as climbing. backstride counts with a dead band
(hysteresis, knowledge item ``method.elevation``): a climb or drop counts only once the altitude
has moved at least ``hysteresis_m`` away from the last turning point, and then counts in full
from that turning point to the next one.
"""

from __future__ import annotations

import numpy as np

from backstride.metrics._arrays import BoolArray, FloatArray


def _turning_points(alt: FloatArray) -> FloatArray:
    """The series reduced to its first and last values and its local peaks and valleys."""
    if alt.size < 3:
        return alt
    step = np.diff(alt)
    keep = step != 0
    if not keep.any():
        return alt[:1]
    # drop flat steps, then keep points where the direction changes
    vals = np.concatenate(([alt[0]], alt[1:][keep]))
    sign = np.sign(np.diff(vals))
    turn = np.flatnonzero(sign[1:] != sign[:-1]) + 1
    return np.asarray(vals[np.concatenate(([0], turn, [vals.size - 1]))], dtype=np.float64)


def ascent_descent(altitude_m: FloatArray, hysteresis_m: float) -> tuple[float, float] | None:
    """Total ascent and descent in metres with a dead band of ``hysteresis_m``.

    NaN samples are skipped; None when no altitude is present. Both results are >= 0. The loop
    runs over turning points only, which are few once flat steps and monotone runs are merged.
    """
    alt = altitude_m[np.isfinite(altitude_m)]
    if alt.size == 0:
        return None
    pts = _turning_points(alt).tolist()
    ascent = descent = 0.0
    low = high = pts[0]  # range seen while the first direction is unknown
    anchor = extreme = pts[0]  # last confirmed turning point; furthest point since
    direction = 0  # +1 climbing, -1 dropping, 0 not yet known
    for value in pts[1:]:
        if direction == 0:
            low, high = min(low, value), max(high, value)
            if value - low >= hysteresis_m:
                direction, anchor, extreme = 1, low, value
            elif high - value >= hysteresis_m:
                direction, anchor, extreme = -1, high, value
        elif direction * (value - extreme) > 0:
            extreme = value
        elif abs(extreme - value) >= hysteresis_m:
            if direction > 0:
                ascent += extreme - anchor
            else:
                descent += anchor - extreme
            anchor, extreme, direction = extreme, value, -direction
    if direction > 0:
        ascent += extreme - anchor
    elif direction < 0:
        descent += anchor - extreme
    return ascent, descent


def grades(distance_m: FloatArray, altitude_m: FloatArray, window_m: float) -> FloatArray:
    """Grade (rise over run, a fraction) at each sample over ``window_m`` of distance centred on it.

    Altitude is interpolated at distance +- window/2 along the track; NaN where the window
    reaches past the start or end, or where distance or altitude is missing.
    """
    n = distance_m.size
    out = np.full(n, np.nan)
    ok = np.isfinite(distance_m) & np.isfinite(altitude_m)
    if ok.sum() < 2 or window_m <= 0:
        return out
    d_unique, first = np.unique(distance_m[ok], return_index=True)
    a_unique = altitude_m[ok][first]
    if d_unique.size < 2:
        return out
    half = window_m / 2.0
    lo, hi = distance_m - half, distance_m + half
    inside = ok & (lo >= d_unique[0]) & (hi <= d_unique[-1])
    rise = np.interp(hi[inside], d_unique, a_unique) - np.interp(lo[inside], d_unique, a_unique)
    out[inside] = rise / window_m
    return out


def steep_descent_s(
    grade_at_sample: FloatArray, dt_s: FloatArray, counted: BoolArray, threshold_pct: float
) -> float:
    """Seconds of counted intervals whose end sample lies on a grade below ``threshold_pct``."""
    steep = counted & (grade_at_sample[1:] * 100.0 < threshold_pct)
    return float(dt_s[steep].sum())
