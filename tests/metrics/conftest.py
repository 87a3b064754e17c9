"""Helpers for the measure tests: small streams written out by hand, and real recordings.

Real data comes from ``../shared/data`` (never copied): the SDK-produced record CSV of a Fenix 5
run, and FIT files decoded by the official ``garmin-fit-sdk`` (the project's reference decoder),
so these tests do not depend on backstride's own readers.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backstride.knowledge import MeasureRules, load_rules
from backstride.model import Activity, Channel, Sport, Stream, SubSport

DATA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()
FENIX5_CSV = DATA / "fit" / "fitparse__garmin-fenix-5-run-records.csv"
T0 = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
SEMICIRCLE_DEG = 180.0 / 2**31


@pytest.fixture(scope="session")
def rules() -> MeasureRules:
    return load_rules()


def stream(time_s: Sequence[float], **channels: Sequence[float]) -> Stream:
    """A stream from plain lists; ``time_s`` is seconds after T0; None in a list becomes NaN."""
    cols = {Channel.TIME_S.value: np.asarray(time_s, dtype=np.float64) + T0.timestamp()}
    for name, values in channels.items():
        cols[name] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    return Stream(cols)


def activity(s: Stream | None = None, **summary: Any) -> Activity:
    base: dict[str, Any] = {"sport": Sport.RUNNING, "sub_sport": SubSport.GENERIC, "start_utc": T0}
    base.update(summary)
    return Activity(stream=s if s is not None else Stream.empty(), **base)


def fenix5_rows() -> list[dict[str, str]]:
    with FENIX5_CSV.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def fenix5_activity() -> Activity:
    """The Fenix 5 run rebuilt from the SDK's record CSV.

    Conversions: the CSV's clock is local PDT (UTC-7) with 1 s resolution; cadence is FIT
    cadence (strides per minute, whole numbers; the CSV has no fractional cadence) -> x 2 steps
    per minute; positions are semicircles -> degrees.
    """
    rows = fenix5_rows()
    times = [
        datetime.strptime(r["timestamp"].replace(" PDT", " -0700"), "%a %b %d %H:%M:%S %z %Y")
        for r in rows
    ]

    def col(name: str, scale: float = 1.0) -> np.ndarray:
        return np.array([float(r[name]) * scale for r in rows], dtype=np.float64)

    cols = {
        Channel.TIME_S.value: np.array([t.timestamp() for t in times], dtype=np.float64),
        Channel.DISTANCE_M.value: col("distance"),
        Channel.SPEED_MPS.value: col("speed"),
        Channel.ALTITUDE_M.value: col("altitude"),
        Channel.HR_BPM.value: col("heart_rate"),
        Channel.CADENCE_SPM.value: col("cadence", 2.0),
        Channel.LAT_DEG.value: col("position_lat", SEMICIRCLE_DEG),
        Channel.LON_DEG.value: col("position_long", SEMICIRCLE_DEG),
        Channel.TEMPERATURE_C.value: col("temperature"),
    }
    return Activity(
        sport=Sport.RUNNING,
        sub_sport=SubSport.GENERIC,
        start_utc=times[0].astimezone(UTC),
        stream=Stream(cols),
        utc_offset_s=-7 * 3600,
    )


# --- real FIT files through the official SDK -------------------------------------------------

_SDK_FIELDS: Mapping[str, tuple[tuple[str, ...], float]] = {
    Channel.DISTANCE_M: (("distance",), 1.0),
    Channel.SPEED_MPS: (("enhanced_speed", "speed"), 1.0),
    Channel.ALTITUDE_M: (("enhanced_altitude", "altitude"), 1.0),
    Channel.HR_BPM: (("heart_rate",), 1.0),
    Channel.LAT_DEG: (("position_lat",), SEMICIRCLE_DEG),
    Channel.LON_DEG: (("position_long",), SEMICIRCLE_DEG),
    Channel.TEMPERATURE_C: (("temperature",), 1.0),
    Channel.POWER_W: (("power",), 1.0),
    Channel.VERTICAL_OSCILLATION_M: (("vertical_oscillation",), 1e-3),
    Channel.STANCE_TIME_S: (("stance_time",), 1e-3),
    Channel.STANCE_TIME_BALANCE_PCT: (("stance_time_balance",), 1.0),
    Channel.STEP_LENGTH_M: (("step_length",), 1e-3),
    Channel.VERTICAL_RATIO_PCT: (("vertical_ratio",), 1.0),
}


def _sdk_value(record: Mapping[Any, Any], names: tuple[str, ...]) -> float:
    for name in names:
        value = record.get(name)
        if isinstance(value, int | float):
            return float(value)
    return float("nan")


def sdk_sessions(name: str) -> list[tuple[Activity, dict[str, Any]]]:
    """Each session of a real FIT file as (Activity with the SDK's record values, SDK session).

    The activity carries elapsed and timer time from the session but none of its other totals,
    so the measures come from the stream. Cadence = 2 x (cadence + fractional_cadence).
    """
    from garmin_fit_sdk import Decoder
    from garmin_fit_sdk import Stream as FitStream

    messages, errors = Decoder(FitStream.from_file(str(DATA / "fit" / name))).read(
        merge_heart_rates=False
    )
    assert not errors
    records = [r for r in messages["record_mesgs"] if "timestamp" in r]
    out = []
    for session in messages["session_mesgs"]:
        start = session["start_time"].timestamp()
        end = math.ceil(start + session["total_elapsed_time"])  # records carry whole seconds
        recs = [r for r in records if start <= r["timestamp"].timestamp() <= end]
        cols = {Channel.TIME_S.value: np.array([r["timestamp"].timestamp() for r in recs])}
        for channel, (names, scale) in _SDK_FIELDS.items():
            cols[channel.value] = np.array([_sdk_value(r, names) * scale for r in recs])
        cadence = np.array([_sdk_value(r, ("cadence",)) for r in recs])
        fraction = np.nan_to_num(np.array([_sdk_value(r, ("fractional_cadence",)) for r in recs]))
        cols[Channel.CADENCE_SPM.value] = 2.0 * (cadence + fraction)
        act = Activity(
            sport=Sport(session["sport"]),
            sub_sport=SubSport.GENERIC,
            start_utc=session["start_time"].astimezone(UTC),
            stream=Stream(cols),
            elapsed_s=session["total_elapsed_time"],
            timer_s=session["total_timer_time"],
        )
        out.append((act, session))
    return out
