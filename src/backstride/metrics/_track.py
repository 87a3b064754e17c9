"""The per-interval view of one activity's stream that the run measures are computed over.

Definitions (thresholds from knowledge items ``method.moving`` and ``method.running_portion``):

- *active* interval: 0 < dt <= ``pause_gap_s``: the device was recording, and the sample's
  values describe the interval. A longer interval is a *gap*.
- interval *speed*: on an active interval the speed channel (the sample ending the interval, see
  ``_arrays``), else the distance change over time between the nearest samples that have a
  distance; on a gap always the distance change across it. NaN where neither is known.
- *moving*: speed > ``min_speed_mps`` of ``method.moving``. A gap is therefore a pause when the
  distance stood still across it (auto-pause, a stopped timer) and moving when the distance
  advanced at moving speed (a hole in the recording, as some phone apps leave), unless it is
  longer than ``max_hole_s`` (then always a pause).
- *running*: active, moving, speed >= ``min_speed_mps`` of ``method.running_portion`` and
  cadence > 0. A stream without any speed uses cadence > 0 alone; one without cadence uses
  speed alone. Averages of form, heart rate, power and temperature use active intervals only.
- cumulative *distance*: the distance channel, else the great-circle path of the positions,
  else the integral of speed over active intervals; made non-decreasing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backstride.knowledge import MeasureRules
from backstride.metrics._arrays import (
    BoolArray,
    FloatArray,
    forward_fill,
    interval_rates,
    interval_values,
    path_distance_m,
)
from backstride.model import Channel, Stream


@dataclass(frozen=True, slots=True)
class Track:
    """Arrays of one stream: ``time_s`` and ``distance_m`` per sample, the rest per interval."""

    stream: Stream
    time_s: FloatArray
    dt_s: FloatArray
    active: BoolArray
    speed_mps: FloatArray
    moving: BoolArray
    running: BoolArray
    distance_m: FloatArray | None
    speed_known: bool
    max_span_s: float

    def values(self, channel: str) -> FloatArray | None:
        """Per-interval values of a channel, or None when the stream lacks it."""
        col = self.stream.get(channel)
        return None if col is None else interval_values(col, self.time_s, self.max_span_s)


def _raw_distance(stream: Stream) -> FloatArray | None:
    """Cumulative distance per sample with NaN where unknown, from the channel or positions."""
    dist = stream.get(Channel.DISTANCE_M)
    if dist is not None:
        return dist
    lat, lon = stream.get(Channel.LAT_DEG), stream.get(Channel.LON_DEG)
    if lat is None or lon is None:
        return None
    path = path_distance_m(lat, lon)
    has_fix = np.isfinite(lat) & np.isfinite(lon)
    return np.where(has_fix, path, np.nan)


def _speed(
    stream: Stream, time_s: FloatArray, raw_dist: FloatArray | None, active: BoolArray, span: float
) -> FloatArray:
    n_int = time_s.size - 1
    col = stream.get(Channel.SPEED_MPS)
    speed = interval_values(col, time_s, span) if col is not None else np.full(n_int, np.nan)
    rate = interval_rates(raw_dist, time_s) if raw_dist is not None else np.full(n_int, np.nan)
    return np.where(active & np.isfinite(speed), speed, rate)


def _cumulative(
    raw_dist: FloatArray | None, speed: FloatArray, dt: FloatArray, active: BoolArray
) -> FloatArray | None:
    if raw_dist is not None:
        return np.maximum.accumulate(forward_fill(raw_dist))
    if not np.isfinite(speed).any():
        return None
    step = np.where(active & np.isfinite(speed), speed * dt, 0.0)
    return np.concatenate(([0.0], np.cumsum(step)))


def _running(
    track_speed: FloatArray,
    moving: BoolArray,
    active: BoolArray,
    cadence: FloatArray | None,
    min_run_mps: float,
    speed_known: bool,
) -> BoolArray:
    stepping = np.ones_like(active) if cadence is None else np.nan_to_num(cadence) > 0
    if not speed_known:
        return active & stepping
    return active & moving & (np.nan_to_num(track_speed) >= min_run_mps) & stepping


def build_track(stream: Stream, rules: MeasureRules) -> Track | None:
    """The interval view of a stream; None when it has fewer than two samples."""
    time_s = stream.time_s
    if time_s.size < 2:
        return None
    span = rules.moving.pause_gap_s
    dt = np.diff(time_s)
    active = (dt > 0) & (dt <= span)
    raw_dist = _raw_distance(stream)
    speed = _speed(stream, time_s, raw_dist, active, span)
    speed_known = bool(np.isfinite(speed).any())
    moving = (
        (dt > 0)
        & (dt <= rules.moving.max_hole_s)
        & (np.nan_to_num(speed) > rules.moving.min_speed_mps)
    )
    if not speed_known:
        moving = active.copy()
    cad_col = stream.get(Channel.CADENCE_SPM)
    cadence = None if cad_col is None else interval_values(cad_col, time_s, span)
    running = _running(
        speed, moving, active, cadence, rules.running_portion.min_speed_mps, speed_known
    )
    return Track(
        stream=stream,
        time_s=time_s,
        dt_s=dt,
        active=active,
        speed_mps=speed,
        moving=moving,
        running=running,
        distance_m=_cumulative(raw_dist, speed, dt, active),
        speed_known=speed_known,
        max_span_s=span,
    )
