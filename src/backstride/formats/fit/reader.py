"""read_fit: FIT bytes in, a model Recording out (or FileFormatError saying why not)."""

from __future__ import annotations

import struct

import numpy as np

from backstride.errors import FileFormatError
from backstride.formats.fit.developer import field_descriptions
from backstride.formats.fit.fields import FloatArray, Source
from backstride.formats.fit.header import split_parts
from backstride.formats.fit.profile import (
    ACTIVITY_FILE,
    FILE_TYPES,
    LAP,
    RELATIVE_TIME_LIMIT,
    SESSION,
    SPORT,
    sport_of,
    sub_sport_of,
)
from backstride.formats.fit.records import record_columns
from backstride.formats.fit.scan import scan
from backstride.formats.fit.streams import (
    cadence_rpm,
    channels,
    drop_implausible,
    fit_to_unix,
    time_axis,
)
from backstride.formats.fit.summary import Messages, device, file_type, messages, utc_offset_s
from backstride.formats.fit.to_model import (
    Context,
    Samples,
    activities_from_sessions,
    activity_from_records,
    lap_owner,
    session_starts,
    session_window,
)
from backstride.model import Activity, Recording, SourceFormat, Sport, SubSport

_FAULTS = (
    ValueError,
    IndexError,
    KeyError,
    OverflowError,
    ArithmeticError,
    AssertionError,
    struct.error,
)
"""Internal errors that must never reach callers; the fuzz tests check they never occur."""


def _samples(
    columns: dict[str, FloatArray], window: tuple[float, float] | None, warnings: list[str]
) -> Samples:
    stamps = columns.get("timestamp")
    if stamps is None:
        return Samples(np.zeros(0), {}, None)
    time_s, notes = drop_implausible(fit_to_unix(stamps), window)
    axis, more = time_axis(time_s)
    notes += more
    warnings.extend(notes)
    found, rpm = channels(columns), cadence_rpm(columns)
    if not notes:
        return Samples(time_s, found, rpm)
    return Samples(
        axis.apply(time_s),
        {name: axis.apply(column) for name, column in found.items()},
        None if rpm is None else axis.apply(rpm),
    )


def _fallback_sport(sports: Messages, laps: Messages) -> tuple[Sport, SubSport]:
    """Sport for a file without sessions: the sport message, else the first lap, else OTHER."""
    if len(sports):
        return sport_of(sports.columns["sport"][0]), sub_sport_of(sports.columns["sub_sport"][0])
    if len(laps):
        return sport_of(laps.columns["sport"][0]), SubSport.GENERIC
    return Sport.OTHER, SubSport.GENERIC


def _why_empty(stamps: FloatArray | None, n_sessions: int, warnings: list[str]) -> str:
    """A reason a runner can act on, for a FIT file that yields no activity."""
    valid = np.zeros(0) if stamps is None else stamps[~np.isnan(stamps)]
    if len(valid) and bool((valid < RELATIVE_TIME_LIMIT).all()):
        return (
            "no absolute date: the device recorded only time since it was switched on "
            f"(FIT time {int(valid[0])} < 0x10000000); set the device clock and re-export"
        )
    cut = next((note for note in warnings if note.startswith("truncated")), None)
    if cut is not None and not len(valid) and not n_sessions:
        return f"truncated before any record ({cut})"
    if n_sessions:
        return "no session states a plausible start time"
    if len(valid):
        return f"no activity data: {len(valid)} record(s) and no session"
    return "no activity data (no session or record messages)"


def _read(data: bytes, path: str) -> Recording:
    warnings: list[str] = []
    parts = split_parts(data, path, warnings)
    found = scan(data, parts)
    warnings.extend(found.warnings)
    source = Source(data)
    stated_type = file_type(source, found)
    if stated_type is not None and stated_type != ACTIVITY_FILE:
        name = FILE_TYPES.get(stated_type, f"number {stated_type}")
        raise FileFormatError(path, f"not an activity file (file type: {name})")
    columns = record_columns(source, found, field_descriptions(source, found))[1]
    sessions, laps = messages(source, found, SESSION), messages(source, found, LAP)
    samples = _samples(columns, session_window(sessions), warnings)
    starts = session_starts(sessions, samples.time_s, warnings)
    owner, lap_starts = lap_owner(laps, starts)
    context = Context(samples, laps, owner, lap_starts, utc_offset_s(source, found))
    activities: list[Activity] = []
    if len(sessions):
        activities = activities_from_sessions(context, sessions, starts, warnings)
    elif len(samples.time_s) > 1 and samples.time_s[-1] > samples.time_s[0]:
        sport, sub_sport = _fallback_sport(messages(source, found, SPORT), laps)
        activities = [activity_from_records(context, sport, sub_sport, warnings)]
    if not activities:
        reason = _why_empty(columns.get("timestamp"), len(sessions), warnings)
        raise FileFormatError(path, reason)
    return Recording(SourceFormat.FIT, tuple(activities), device(source, found), tuple(warnings))


def record_values(data: bytes, path: str = "<bytes>") -> dict[str, FloatArray]:
    """Every record message's fields in file order, in profile units, before any clean-up.

    FIT times stay FIT times (relative ones included), positions semicircles, cadence rpm;
    for diagnostics and for checking the decoder against other decoders field by field.
    """
    warnings: list[str] = []
    found = scan(data, split_parts(data, path, warnings))
    source = Source(data)
    return record_columns(source, found, field_descriptions(source, found))[1]


def read_fit(data: bytes, path: str = "<bytes>") -> Recording:
    """Decode a FIT activity file: one Activity per session, the device, and warnings.

    ``data`` is the raw .fit content (already decompressed). Recoverable damage -- a CRC
    mismatch, a truncated end, an undefined local message type, repeated timestamps -- is
    decoded around and reported in ``Recording.warnings``. Raises FileFormatError (with the
    path and a reason) when the bytes hold no usable activity: empty, not FIT, not an activity
    file (settings, course, ...), or no session/record with an absolute date.
    """
    try:
        return _read(bytes(data), path)
    except FileFormatError:
        raise
    except _FAULTS as fault:  # a decoder bug on odd input must still surface as a file error
        reason = f"decoder fault on malformed data ({type(fault).__name__}: {fault})"
        raise FileFormatError(path, reason) from fault
