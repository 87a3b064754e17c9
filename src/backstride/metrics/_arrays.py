"""Array helpers shared by the per-run measures: intervals, gaps, fills, weighted means.

A stream of n samples has n - 1 *intervals*; interval i runs from sample i - 1 to sample i
(stored at index i - 1). A device reports at each sample what it measured since the one
before, so an interval takes the values of the sample that ends it. Where that sample lacks a
channel (records interleaved with others, sensor drop-outs) the interval takes the next sample
that has it, as long as that sample is no more than ``max_span_s`` later.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

#: Mean Earth radius, metres (IUGG), for great-circle distances.
EARTH_RADIUS_M = 6_371_008.8


def next_valid_index(valid: BoolArray) -> IntArray:
    """For each position, the index of the first valid position at or after it (len if none)."""
    n = valid.size
    idx = np.where(valid, np.arange(n), n)
    return np.minimum.accumulate(idx[::-1])[::-1]


def interval_values(col: FloatArray, time_s: FloatArray, max_span_s: float) -> FloatArray:
    """The value of each interval: the first finite sample at or after its end, if close enough.

    Returns n - 1 values; NaN where no finite sample follows within ``max_span_s`` seconds.
    """
    n = col.size
    if n < 2:
        return np.empty(0, dtype=np.float64)
    finite = np.isfinite(col)
    if max_span_s >= 0.0 and finite.all() and np.isfinite(time_s).all():
        # the common case, a channel with no gap: every interval takes its own end sample
        return np.array(col[1:], dtype=np.float64)
    nxt = next_valid_index(finite)[1:]
    found = nxt < n
    safe = np.where(found, nxt, 0)
    close = found & (time_s[safe] - time_s[1:] <= max_span_s)
    return np.where(close, col[safe], np.nan)


def interval_rates(values: FloatArray, time_s: FloatArray) -> FloatArray:
    """Rate of change of a cumulative channel over each interval (e.g. distance -> speed).

    Between two consecutive finite samples j < k the rate is (v_k - v_j) / (t_k - t_j); every
    interval between them gets it. NaN where no finite sample precedes or follows, or where the
    two share a timestamp.
    """
    n = values.size
    if n < 2:
        return np.empty(0, dtype=np.float64)
    good = np.flatnonzero(np.isfinite(values))
    out = np.full(n - 1, np.nan)
    if good.size < 2:
        return out
    span_t = np.diff(time_s[good])
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(span_t > 0, np.diff(values[good]) / span_t, np.nan)
    # intervals good[j]+1 .. good[j+1] (interval index minus one) take rate j
    counts = np.diff(good)
    out[good[0] : good[-1]] = np.repeat(rate, counts)
    return out


def forward_fill(col: FloatArray) -> FloatArray:
    """NaNs replaced by the last finite value before them (leading NaNs by the first one)."""
    finite = np.isfinite(col)
    if not finite.any():
        return col.copy()
    idx = np.where(finite, np.arange(col.size), 0)
    np.maximum.accumulate(idx, out=idx)
    filled = col[idx]
    first = int(np.argmax(finite))
    filled[:first] = col[first]
    return np.asarray(filled, dtype=np.float64)


def weighted_mean(values: FloatArray, weights: FloatArray, mask: BoolArray) -> float | None:
    """Mean of ``values`` weighted by ``weights`` (seconds) where ``mask`` holds and the value is
    finite; None when nothing is left or the weights sum to zero."""
    use = mask & np.isfinite(values) & (weights > 0)
    total = float(weights[use].sum())
    if total <= 0.0:
        return None
    return float((values[use] * weights[use]).sum() / total)


def path_distance_m(lat_deg: FloatArray, lon_deg: FloatArray) -> FloatArray:
    """Cumulative great-circle distance along a track (haversine), metres, one per sample.

    Samples without a position carry the distance of the last one that had it (0 before the
    first fix).
    """
    n = lat_deg.size
    ok = np.flatnonzero(np.isfinite(lat_deg) & np.isfinite(lon_deg))
    out = np.zeros(n)
    if ok.size < 2:
        return out
    lat, lon = np.radians(lat_deg[ok]), np.radians(lon_deg[ok])
    h = (
        np.sin(np.diff(lat) / 2) ** 2
        + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
    )
    step = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    cum = np.full(n, np.nan)
    cum[ok] = np.concatenate(([0.0], np.cumsum(step)))
    cum[: ok[0]] = 0.0
    return forward_fill(cum)
