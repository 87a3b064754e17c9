"""Turn per-point values collected from GPX or TCX into clean, time-ordered stream columns.

Readers append one value per point to each column (NaN where the point lacks it); this module
converts the lists to float64 arrays once, drops implausible values, orders the points in time,
and derives distance, speed and cadence in the model's units.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from backstride.formats.geodesy import cumulative_distance_m
from backstride.model import Channel, Sport, Stream
from backstride.model.activity import FOOT_SPORTS

FloatArray = npt.NDArray[np.float64]

#: Raw per-point columns a reader fills. ``cadence_raw`` is a cadence in the file's unknown unit
#: (strides or steps per minute, or rpm); ``run_cadence`` is one stated in strides per minute
#: (TCX ``RunCadence``); ``segment`` numbers GPX track segments (a new segment follows a pause).
RAW_COLUMNS = (
    "time_s", "lat_deg", "lon_deg", "altitude_m", "distance_m", "speed_mps", "hr_bpm",
    "cadence_raw", "run_cadence", "temperature_c", "power_w", "segment",
)  # fmt: skip

#: Plausible ranges (inclusive); values outside are sensor glitches or fill values and become
#: NaN. Heart rate 0 is what apps write when no strap is paired (OpenTracks), so it is excluded.
_RANGES: dict[str, tuple[float, float]] = {
    "lat_deg": (-90.0, 90.0),
    "lon_deg": (-180.0, 180.0),
    "altitude_m": (-500.0, 9000.0),
    "distance_m": (0.0, 1e8),
    "speed_mps": (0.0, 100.0),
    "hr_bpm": (20.0, 260.0),
    "cadence_raw": (0.0, 255.0),
    "run_cadence": (0.0, 255.0),
    "temperature_c": (-60.0, 70.0),
    "power_w": (0.0, 3000.0),
}

#: Above these medians (over non-zero samples) a foot-sport cadence cannot be strides per
#: minute and is already steps per minute: running strides rarely pass 105/min even in races,
#: walking and hiking strides stay below 70/min (steps ~ 90-130/min).
_MAX_STRIDE_MEDIAN = {Sport.RUNNING: 120.0, Sport.WALKING: 85.0, Sport.HIKING: 85.0}

#: Speeds (m/s) used to recognise an unlabelled GPX run: median moving speed from 1.8 m/s
#: (9:15 min/km, a slow jog) to 6.5 m/s (2:34 min/km), and a 95th percentile below 8 m/s, which
#: excludes rides. Below 1.8 m/s median with movement: walking. "Moving" is above 0.5 m/s.
RUN_MEDIAN_SPEED_MPS = (1.8, 6.5)
RUN_P95_MAX_SPEED_MPS = 8.0
WALK_MEDIAN_MIN_SPEED_MPS = 0.5
MOVING_SPEED_MPS = 0.5


#: Median interval between track points above which a track is no recording of an activity but
#: points set by hand, or positions hours apart: watches and phones record every 1-10 s, and
#: satellite trackers carried on ultra races every 10-30 min.
MAX_MEDIAN_INTERVAL_S = 3600.0


def sparse_reason(points: Points) -> str | None:
    """Why the points are too far apart in time to be a recording (see
    :data:`MAX_MEDIAN_INTERVAL_S`), or None."""
    time_s = points["time_s"]
    if len(time_s) < 2:
        return None
    median_s = float(np.median(np.diff(time_s)))
    if median_s <= MAX_MEDIAN_INTERVAL_S:
        return None
    return (
        f"{len(time_s)} track points a median of {median_s / 3600:.1f} h apart: not a recording "
        "of an activity (a watch or phone records every few seconds)"
    )


def new_columns() -> dict[str, list[float]]:
    """Empty raw columns, one list per :data:`RAW_COLUMNS` name."""
    return {name: [] for name in RAW_COLUMNS}


def to_float(text: str | None) -> float:
    """A finite float from element text, or NaN."""
    if text is None:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


@dataclass(slots=True)
class Points:
    """Float64 columns of equal length after cleaning and time ordering."""

    columns: dict[str, FloatArray]
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.columns["time_s"])

    def __getitem__(self, name: str) -> FloatArray:
        return self.columns[name]

    def has(self, name: str) -> bool:
        return bool(np.isfinite(self.columns[name]).any())


def to_points(raw: Mapping[str, list[float]]) -> Points:
    """Arrays from raw lists, implausible values as NaN, ordered in time.

    Untimed points are dropped. Segments are ordered by their first time; inside a segment the
    file's order is kept, and any point not later than every point before it (a clock jump
    back, or a repeated time) is dropped so that time strictly increases.
    """
    cols = {name: np.asarray(raw[name], dtype=np.float64) for name in RAW_COLUMNS}
    for name, (low, high) in _RANGES.items():
        col = cols[name]
        col[(col < low) | (col > high)] = np.nan
    warnings: list[str] = []
    timed = np.isfinite(cols["time_s"])
    if 0 < int(timed.sum()) < len(timed):
        warnings.append(f"{_count(len(timed) - int(timed.sum()), 'point')} without a time dropped")
    cols = {k: v[timed] for k, v in cols.items()}
    order = _segment_order(cols["time_s"], cols["segment"])
    cols = {k: v[order] for k, v in cols.items()}
    t = cols["time_s"]
    latest_before = np.concatenate(([-np.inf], np.maximum.accumulate(t)[:-1])) if len(t) else t
    later = t > latest_before
    dropped = int(len(t) - later.sum())
    if dropped:
        warnings.append(f"{_count(dropped, 'point')} whose time did not advance dropped")
        cols = {k: v[later] for k, v in cols.items()}
    return Points(cols, warnings)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _segment_order(time_s: FloatArray, segment: FloatArray) -> npt.NDArray[np.intp]:
    """Indices putting segments in order of their first time, keeping order within each."""
    if len(time_s) == 0:
        return np.arange(0, dtype=np.intp)
    ids, first_index = np.unique(segment, return_index=True)
    first_time = time_s[first_index]
    rank_of_id = np.empty(len(ids), dtype=np.int64)
    rank_of_id[np.lexsort((first_index, first_time))] = np.arange(len(ids))
    rank = rank_of_id[np.searchsorted(ids, segment)]
    return np.asarray(np.lexsort((np.arange(len(time_s)), rank)), dtype=np.int64)


def fill_distance(points: Points) -> FloatArray:
    """Cumulative distance (m): the file's own where it has it (gaps interpolated in time, small
    steps back - device noise, seen in a Forerunner 305 TCX - held level so that distance never
    decreases), otherwise geodesic over the positions (see :func:`cumulative_distance_m`)."""
    stated = points["distance_m"]
    known = np.isfinite(stated)
    if known.any():
        filled = np.interp(points["time_s"], points["time_s"][known], stated[known])
        return np.asarray(np.maximum.accumulate(filled), dtype=np.float64)
    return cumulative_distance_m(points["lat_deg"], points["lon_deg"], points["segment"])


def derived_speed_mps(
    distance_m: FloatArray, time_s: FloatArray, segment: FloatArray
) -> FloatArray:
    """Speed (m/s) over the step ending at each point: Δdistance / Δtime.

    The first point, and the first point of each segment (after a pause), get 0.
    """
    speed = np.zeros(len(time_s), dtype=np.float64)
    if len(time_s) > 1:
        speed[1:] = np.diff(distance_m) / np.diff(time_s)
        speed[1:][segment[1:] != segment[:-1]] = 0.0
    return speed


def fill_speed(stated: FloatArray, derived: FloatArray) -> FloatArray:
    """The file's speed where it states one, the derived speed elsewhere; implausible derived
    speeds (GPS jumps beyond 100 m/s) become NaN."""
    low, high = _RANGES["speed_mps"]
    plausible = np.where((derived >= low) & (derived <= high), derived, np.nan)
    return np.where(np.isfinite(stated), stated, plausible)


def infer_sport(speed_mps: FloatArray) -> Sport:
    """Sport of an unlabelled track from its speeds (see :data:`RUN_MEDIAN_SPEED_MPS`)."""
    return infer_sport_noting(speed_mps)[0]


def infer_sport_noting(speed_mps: FloatArray) -> tuple[Sport, str]:
    """The inferred sport and a note saying why, for the recording's warnings."""
    moving = speed_mps[np.isfinite(speed_mps) & (speed_mps > MOVING_SPEED_MPS)]
    if len(moving) == 0:
        return Sport.OTHER, "no sport stated and no movement: sport left as other"
    median = float(np.median(moving))
    p95 = float(np.percentile(moving, 95))
    low, high = RUN_MEDIAN_SPEED_MPS
    sport = Sport.OTHER
    if low <= median <= high and p95 < RUN_P95_MAX_SPEED_MPS:
        sport = Sport.RUNNING
    elif WALK_MEDIAN_MIN_SPEED_MPS <= median < low and p95 < RUN_P95_MAX_SPEED_MPS:
        sport = Sport.WALKING
    note = (
        f"no sport stated: {sport.value} inferred from speed "
        f"(median {median:.1f} m/s, 95th percentile {p95:.1f} m/s while moving)"
    )
    return sport, note


def cadence_column(points: Points, sport: Sport) -> tuple[str, FloatArray, str | None]:
    """The stream channel name and values for the points' cadence, and a note if units were guessed.

    A cadence stated in strides per minute (``run_cadence``) is doubled to steps per minute.
    Otherwise the number follows Garmin's convention: strides per minute for foot sports,
    doubled unless its median shows it already counts steps (:data:`_MAX_STRIDE_MEDIAN`); other
    sports keep revolutions per minute as ``cadence_rpm``.
    """
    strides = points["run_cadence"]
    if np.isfinite(strides).any():
        return Channel.CADENCE_SPM.value, strides * 2.0, None
    raw = points["cadence_raw"]
    if sport not in FOOT_SPORTS:
        return "cadence_rpm", raw, None
    if looks_like_steps(raw, sport):
        return (
            Channel.CADENCE_SPM.value,
            raw,
            "cadence looks like steps per minute already; not doubled",
        )
    return Channel.CADENCE_SPM.value, raw * 2.0, None


def looks_like_steps(cadence: FloatArray, sport: Sport) -> bool:
    """True when a foot-sport cadence is too high to be strides per minute."""
    positive = cadence[np.isfinite(cadence) & (cadence > 0)]
    limit = _MAX_STRIDE_MEDIAN.get(sport, _MAX_STRIDE_MEDIAN[Sport.RUNNING])
    return bool(len(positive)) and float(np.median(positive)) > limit


def make_stream(columns: Mapping[str, FloatArray]) -> Stream:
    """A Stream of the columns that hold at least one value (time always kept)."""
    kept = {
        name: np.ascontiguousarray(values, dtype=np.float64)
        for name, values in columns.items()
        if name == Channel.TIME_S or np.isfinite(values).any()
    }
    return Stream(kept)


def segment_spans_s(time_s: FloatArray, segment: FloatArray) -> float:
    """Sum over segments of (last time - first time): recorded time without pauses between."""
    if len(time_s) == 0:
        return 0.0
    starts = np.flatnonzero(np.concatenate(([True], segment[1:] != segment[:-1])))
    ends = np.concatenate((starts[1:] - 1, [len(time_s) - 1]))
    return float(np.sum(time_s[ends] - time_s[starts]))
