"""Sessions, laps and record channels -> model activities (one per FIT session, in order).

Records and laps belong to the session whose start time is the latest one not after theirs
(records before the first session belong to the first). A file with records but no session
(cut off before its summary was written) becomes one activity built from the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from backstride.formats.fit.fields import FloatArray
from backstride.formats.fit.profile import sport_of, sub_sport_of
from backstride.formats.fit.streams import CADENCE_RPM, fit_to_unix
from backstride.formats.fit.summary import Messages
from backstride.model import Activity, Channel, Lap, Sport, Stream, SubSport
from backstride.model.activity import FOOT_SPORTS


@dataclass(frozen=True, slots=True)
class Samples:
    """All records of the file as model channels, on an ascending Unix time axis."""

    time_s: FloatArray
    channels: dict[str, FloatArray]
    cadence_rpm: FloatArray | None


def _utc(unix_s: float) -> datetime:
    return datetime.fromtimestamp(unix_s, tz=UTC)


def _start_times(table: Messages) -> FloatArray:
    """Unix start of each session or lap: start_time, else timestamp - total_elapsed_time."""
    if not len(table):
        return np.zeros(0)
    start = fit_to_unix(table.columns["start_time"])
    end = fit_to_unix(table.columns["timestamp"])
    elapsed = table.columns["total_elapsed_time"]
    derived = end - np.where(np.isnan(elapsed), 0.0, elapsed)
    return np.where(np.isnan(start), derived, start)


def session_window(sessions: Messages) -> tuple[float, float] | None:
    """Unix time from the earliest session start to the latest session end; None if unknown."""
    starts = _start_times(sessions)
    if not len(starts) or bool(np.isnan(starts).all()):
        return None
    ends = np.where(
        np.isnan(sessions.columns["total_elapsed_time"]),
        fit_to_unix(sessions.columns["timestamp"]),
        starts + sessions.columns["total_elapsed_time"],
    )
    low = float(np.nanmin(starts))
    return low, float(np.nanmax(ends)) if not bool(np.isnan(ends).all()) else low


def _owner(starts: FloatArray, times: FloatArray) -> npt.NDArray[np.intp]:
    """Index into ``starts`` of the session each time belongs to (-1: no session)."""
    known = np.flatnonzero(~np.isnan(starts))
    if not len(known):
        return np.full(len(times), -1, dtype=np.intp)
    order = known[np.argsort(starts[known], kind="stable")]
    slot = np.searchsorted(starts[order], times, side="right") - 1
    return np.asarray(order[np.clip(slot, 0, None)], dtype=np.intp)


def _spm(sport: Sport, rpm: float | None, fraction: float | None) -> float | None:
    if rpm is None or sport not in FOOT_SPORTS:
        return None
    return 2.0 * (rpm + (fraction or 0.0))


def _lap(laps: Messages, row: int, start_s: float, sport: Sport) -> Lap:
    speed = laps.value("enhanced_avg_speed", row)
    return Lap(
        start_utc=_utc(start_s),
        elapsed_s=laps.value("total_elapsed_time", row),
        timer_s=laps.value("total_timer_time", row),
        distance_m=laps.value("total_distance", row),
        avg_speed_mps=speed if speed is not None else laps.value("avg_speed", row),
        avg_hr_bpm=laps.value("avg_heart_rate", row),
        max_hr_bpm=laps.value("max_heart_rate", row),
        avg_cadence_spm=_spm(
            sport, laps.value("avg_cadence", row), laps.value("avg_fractional_cadence", row)
        ),
        ascent_m=laps.value("total_ascent", row),
        descent_m=laps.value("total_descent", row),
        calories_kcal=laps.value("total_calories", row),
    )


def _stream(samples: Samples, rows: npt.NDArray[np.intp] | slice, sport: Sport) -> Stream:
    columns = {Channel.TIME_S.value: samples.time_s[rows]}
    columns.update({name: column[rows] for name, column in samples.channels.items()})
    if samples.cadence_rpm is not None:
        rpm = samples.cadence_rpm[rows]
        if sport in FOOT_SPORTS:
            columns[Channel.CADENCE_SPM.value] = 2.0 * rpm
        else:
            columns[CADENCE_RPM] = rpm
    return Stream(columns)


@dataclass(frozen=True, slots=True)
class Context:
    """What every activity of the file shares."""

    samples: Samples
    laps: Messages
    lap_owner: npt.NDArray[np.intp]
    lap_starts: FloatArray
    utc_offset_s: int | None


def _laps_of(context: Context, index: int, sport: Sport) -> tuple[Lap, ...]:
    rows = np.flatnonzero(context.lap_owner == index).tolist()
    return tuple(_lap(context.laps, row, float(context.lap_starts[row]), sport) for row in rows)


def session_activity(
    context: Context,
    sessions: Messages,
    row: int,
    start_s: float,
    rows: npt.NDArray[np.intp] | slice,
) -> Activity:
    """The activity of session ``row``, holding the records at ``rows``."""
    value = sessions.value
    sport = sport_of(sessions.columns["sport"][row])
    return Activity(
        sport=sport,
        sub_sport=sub_sport_of(sessions.columns["sub_sport"][row]),
        start_utc=_utc(start_s),
        stream=_stream(context.samples, rows, sport),
        laps=_laps_of(context, row, sport),
        utc_offset_s=context.utc_offset_s,
        elapsed_s=value("total_elapsed_time", row),
        timer_s=value("total_timer_time", row),
        distance_m=value("total_distance", row),
        ascent_m=value("total_ascent", row),
        descent_m=value("total_descent", row),
        avg_hr_bpm=value("avg_heart_rate", row),
        max_hr_bpm=value("max_heart_rate", row),
        avg_cadence_spm=_spm(
            sport, value("avg_cadence", row), value("avg_fractional_cadence", row)
        ),
        avg_power_w=value("avg_power", row),
        calories_kcal=value("total_calories", row),
    )


def session_starts(sessions: Messages, time_s: FloatArray, warnings: list[str]) -> FloatArray:
    """Unix start of each session; a lone session without one starts at the first record."""
    starts = _start_times(sessions)
    if len(sessions) == 1 and np.isnan(starts[0]) and len(time_s):
        starts[0] = time_s[0]
        warnings.append("the session states no start time; taken from its first record")
    return starts


def activities_from_sessions(
    context: Context, sessions: Messages, starts: FloatArray, warnings: list[str]
) -> list[Activity]:
    """One activity per session with a plausible start, in file order."""
    owner = _owner(starts, context.samples.time_s)
    found = []
    for row in range(len(sessions)):
        if np.isnan(starts[row]):
            warnings.append(f"session {row + 1} dropped: it states no plausible start time")
            continue
        rows = np.flatnonzero(owner == row)
        taken: npt.NDArray[np.intp] | slice = slice(None) if len(rows) == len(owner) else rows
        found.append(session_activity(context, sessions, row, float(starts[row]), taken))
    return found


def activity_from_records(
    context: Context, sport: Sport, sub_sport: SubSport, warnings: list[str]
) -> Activity:
    """One activity from all records, for a file without a session message."""
    samples = context.samples
    distance = samples.channels.get(Channel.DISTANCE_M)
    finite = distance[np.isfinite(distance)] if distance is not None else np.zeros(0)
    warnings.append(
        f"no session message (file cut short?); one activity built from {len(samples.time_s)} "
        "records"
    )
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=_utc(float(samples.time_s[0])),
        stream=_stream(samples, slice(None), sport),
        laps=_laps_of(context, 0, sport),
        utc_offset_s=context.utc_offset_s,
        elapsed_s=float(samples.time_s[-1] - samples.time_s[0]),
        distance_m=float(finite[-1] - finite[0]) if len(finite) else None,
    )


def lap_owner(laps: Messages, starts: FloatArray) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """For each lap: the session it belongs to (-1: none), and its Unix start.

    ``starts`` are the sessions' starts; without sessions every lap belongs to activity 0.
    """
    lap_starts = _start_times(laps)
    owner = _owner(starts, lap_starts) if len(starts) else np.zeros(len(laps), dtype=np.intp)
    return np.where(np.isnan(lap_starts), -1, owner), lap_starts
