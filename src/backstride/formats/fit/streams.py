"""Record columns -> model stream channels in SI units, on an absolute, ascending time axis."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backstride.formats.fit.developer import DEV_POWER_W
from backstride.formats.fit.fields import FloatArray
from backstride.formats.fit.profile import (
    FIT_EPOCH_S,
    PLAUSIBLE_UNTIL_S,
    RELATIVE_TIME_LIMIT,
    SEMICIRCLE_DEG,
)
from backstride.formats.fit.records import CSD_DISTANCE, CSD_SPEED
from backstride.model import Channel

CADENCE_RPM = "cadence_rpm"
"""Channel for cadence in revolutions per minute, used for sports other than foot sports."""

_MM_PER_M = 1000.0
_MS_PER_S = 1000.0
PLAUSIBLE_MARGIN_S = 7 * 86400.0
"""Records dated further than this outside the sessions (or the records' median time, without
sessions) are corrupt: a resync after damage can read bytes of a position as a timestamp."""


def _first_of(columns: dict[str, FloatArray], *names: str) -> FloatArray | None:
    """Per sample, the first of the named columns that has a value (NaN when none has)."""
    found = [columns[name] for name in names if name in columns]
    if not found:
        return None
    merged = found[0]
    for column in found[1:]:
        merged = np.where(np.isnan(merged), column, merged)
    return merged


def _has_values(column: FloatArray | None) -> bool:
    return column is not None and bool(np.isfinite(column).any())


def fit_to_unix(fit_time: FloatArray) -> FloatArray:
    """Unix seconds from FIT times; NaN for invalid, relative (< 0x10000000, i.e. before
    1998-07) and implausibly late (2100 or later) times."""
    unix = fit_time + FIT_EPOCH_S
    return np.where((fit_time >= RELATIVE_TIME_LIMIT) & (unix < PLAUSIBLE_UNTIL_S), unix, np.nan)


def cadence_rpm(columns: dict[str, FloatArray]) -> FloatArray | None:
    """cadence + fractional_cadence in rpm (strides per minute when running)."""
    cadence = columns.get("cadence")
    if cadence is None:
        return None
    fraction = columns.get("fractional_cadence")
    if fraction is None:
        return cadence
    return np.asarray(cadence + np.where(np.isnan(fraction), 0.0, fraction), dtype=np.float64)


def channels(columns: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Model channels (except cadence, which depends on the sport) of decoded record columns.

    Speed and altitude prefer the 32-bit ``enhanced_*`` fields; developer power counts only when
    no native power value exists. Millimetres and milliseconds become metres and seconds;
    positions beyond +-90 / +-180 degrees (damaged records) become NaN.
    """
    semicircles = {"lat_deg": "position_lat", "lon_deg": "position_long"}
    out: dict[str, FloatArray | None] = {
        Channel.DISTANCE_M: _first_of(columns, "distance", CSD_DISTANCE),
        Channel.SPEED_MPS: _first_of(columns, "enhanced_speed", "speed", CSD_SPEED),
        Channel.ALTITUDE_M: _first_of(columns, "enhanced_altitude", "altitude"),
        Channel.HR_BPM: columns.get("heart_rate"),
        Channel.TEMPERATURE_C: columns.get("temperature"),
        Channel.VERTICAL_RATIO_PCT: columns.get("vertical_ratio"),
        Channel.STANCE_TIME_BALANCE_PCT: columns.get("stance_time_balance"),
        Channel.FORM_POWER_W: columns.get(Channel.FORM_POWER_W),
        Channel.LEG_SPRING_STIFFNESS_KN_M: columns.get(Channel.LEG_SPRING_STIFFNESS_KN_M),
    }
    for (channel, name), limit in zip(semicircles.items(), (90.0, 180.0), strict=True):
        if name in columns:
            degrees = columns[name] * SEMICIRCLE_DEG
            out[channel] = np.where(np.abs(degrees) <= limit, degrees, np.nan)
    for channel, name, per_unit in (
        (Channel.VERTICAL_OSCILLATION_M, "vertical_oscillation", _MM_PER_M),
        (Channel.STEP_LENGTH_M, "step_length", _MM_PER_M),
        (Channel.STANCE_TIME_S, "stance_time", _MS_PER_S),
    ):
        out[channel] = None if name not in columns else columns[name] / per_unit
    power = columns.get("power")
    out[Channel.POWER_W] = power if _has_values(power) else columns.get(DEV_POWER_W)
    return {
        name: column for name, column in out.items() if column is not None and _has_values(column)
    }


def drop_implausible(
    time_s: FloatArray, window: tuple[float, float] | None
) -> tuple[FloatArray, list[str]]:
    """``time_s`` with times far outside ``window`` (Unix s; None: around the median) as NaN."""
    known = time_s[~np.isnan(time_s)]
    if not len(known):
        return time_s, []
    low, high = window if window is not None else (float(np.median(known)),) * 2
    far = (time_s < low - PLAUSIBLE_MARGIN_S) | (time_s > high + PLAUSIBLE_MARGIN_S)
    if not far.any():
        return time_s, []
    note = f"dropped {int(far.sum())} records dated over 7 days away from the activity"
    return np.where(far, np.nan, time_s), [note]


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """How raw record rows map onto an absolute, strictly ascending time axis.

    ``rows`` are the raw rows with an absolute time, in time order (stable); ``starts`` are the
    positions in ``rows`` where a new time begins, or None when every time is distinct.
    """

    rows: npt.NDArray[np.intp]
    starts: npt.NDArray[np.intp] | None

    def apply(self, column: FloatArray) -> FloatArray:
        """The column on the time axis; rows sharing a time merge to each field's first value."""
        ordered = column[self.rows]
        if self.starts is None:
            return ordered
        position = np.where(np.isnan(ordered), len(ordered), np.arange(len(ordered)))
        first = np.minimum.reduceat(position, self.starts)
        padded = np.append(ordered, np.nan)
        return np.asarray(padded[first], dtype=np.float64)


def time_axis(time_s: FloatArray) -> tuple[TimeAxis, list[str]]:
    """The time axis of records with Unix times ``time_s`` (NaN = no absolute time), and notes.

    Records without an absolute time are dropped; records out of time order are put in order
    (stably); records that repeat a time are merged into the first one with that time, each
    field taking the first value stated (some apps write position and distance as two records
    of the same second).
    """
    notes: list[str] = []
    rows = np.flatnonzero(~np.isnan(time_s))
    if len(rows) < len(time_s):
        notes.append(f"dropped {len(time_s) - len(rows)} records without an absolute time")
    times = time_s[rows]
    steps = np.diff(times)
    if bool((steps > 0).all()):
        return TimeAxis(rows, None), notes
    if bool((steps < 0).any()):
        order = np.argsort(times, kind="stable")
        rows, times = rows[order], times[order]
        notes.append("records out of time order were sorted")
    new = np.concatenate(([True], np.diff(times) > 0))
    notes.append(f"merged {int((~new).sum())} records into an earlier record of the same time")
    return TimeAxis(rows, np.flatnonzero(new)), notes
