"""Record values equal the official garmin-fit-sdk's, on every real FIT file it reads.

The SDK runs with heart-rate merging off (records keep their own heart rate), components
expanded (``enhanced_speed`` from ``speed`` etc.) and its CRC check off. Comparisons are
exact up to float rounding (relative 1e-9). The reader's documented transformations are
applied to the SDK side: units (semicircles -> degrees, mm -> m, ms -> s), cadence in steps
per minute for foot sports, records sharing a time merged (first value per field), and
developer power only where no native power exists.

Per-file exceptions, with the reasons from ../shared/fit-decoding-notes.md:

* the SDK refuses the two files with compressed-timestamp headers; they are compared with
  ``fitdecode`` in test_fit_vs_fitdecode.py;
* the SDK stops at the corrupt bytes of the Strava Android file (undefined local message 11
  at byte 7471); the reader skips them, so only the records the SDK reached are compared;
* empty-activities.fit declares 0 data bytes in its header, which the SDK takes literally;
  it is compared with the SDK reading the same bytes in DATA_ONLY mode;
* files the reader refuses (not an activity, no date, no session) still have their raw
  record values compared, through ``record_values``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from garmin_fit_sdk import Decoder, Stream
from garmin_fit_sdk.decoder import DecodeMode

from backstride.formats.fit import read_fit
from backstride.formats.fit.reader import record_values
from backstride.model import Activity, Channel, Sport
from tests.formats.fit.conftest import (
    FIT_EPOCH_S,
    FIT_FILES,
    SEMICIRCLE_DEG,
    first_value,
    fit_bytes,
    sdk_decode,
    sdk_rows_by_time,
    unix,
)

Row = dict[str, Any]
FOOT = {Sport.RUNNING, Sport.WALKING, Sport.HIKING}
SDK_REFUSES = {"fitparse__antfs-dump.63.fit", "fitparse__compressed-speed-distance.fit"}
SDK_STOPS_EARLY = {"fitparse__strava-android-app-201.10-b1218918.fit"}
HEADER_WITHOUT_SIZE = "sportslib__empty-activities.fit"
NOT_DECODED = {
    "fitparse__Settings.fit",
    "heartandsole__testcourse.fit",
    "muktihari__TestEncode.fit",
    "muktihari__valid_only_contain_fileid.fit",
    "sportslib__empty-sessions.fit",
}


def _number(row: Row, *names: str) -> float | None:
    for name in names:
        value = first_value(row.get(name))
        if value is not None:
            return float(value)
    return None


def _per(divisor: float, name: str) -> Callable[[Row], float | None]:
    def get(row: Row) -> float | None:
        value = _number(row, name)
        return None if value is None else value / divisor

    return get


def _degrees(name: str) -> Callable[[Row], float | None]:
    def get(row: Row) -> float | None:
        value = _number(row, name)
        return None if value is None else value * SEMICIRCLE_DEG

    return get


CHANNELS: dict[str, Callable[[Row], float | None]] = {
    Channel.DISTANCE_M: lambda row: _number(row, "distance"),
    Channel.SPEED_MPS: lambda row: _number(row, "enhanced_speed", "speed"),
    Channel.ALTITUDE_M: lambda row: _number(row, "enhanced_altitude", "altitude"),
    Channel.LAT_DEG: _degrees("position_lat"),
    Channel.LON_DEG: _degrees("position_long"),
    Channel.HR_BPM: lambda row: _number(row, "heart_rate"),
    Channel.TEMPERATURE_C: lambda row: _number(row, "temperature"),
    Channel.VERTICAL_OSCILLATION_M: _per(1000.0, "vertical_oscillation"),
    Channel.STANCE_TIME_S: _per(1000.0, "stance_time"),
    Channel.STEP_LENGTH_M: _per(1000.0, "step_length"),
    Channel.VERTICAL_RATIO_PCT: lambda row: _number(row, "vertical_ratio"),
    Channel.STANCE_TIME_BALANCE_PCT: lambda row: _number(row, "stance_time_balance"),
}


def _rpm(row: Row) -> float | None:
    cadence = _number(row, "cadence")
    return None if cadence is None else cadence + (_number(row, "fractional_cadence") or 0.0)


def _developer(messages: dict[str, list[Row]]) -> dict[str, Callable[[Row], float | None]]:
    """Getters for the developer channels, found by the SDK's own field descriptions."""
    wanted = {
        ("power", "watts"): "dev_power",
        ("form power", "watts"): Channel.FORM_POWER_W,
        ("leg spring stiffness", "kn/m"): Channel.LEG_SPRING_STIFFNESS_KN_M,
    }
    keys: dict[str, int] = {}
    for description in messages.get("field_description_mesgs", []):
        name = str(description.get("field_name", "")).lower()
        units = str(description.get("units", "")).lower()
        channel = wanted.get((name, units))
        if channel is not None and description.get("native_mesg_num") in (None, 20):
            keys.setdefault(channel, description["key"])

    def getter(key: int) -> Callable[[Row], float | None]:
        return lambda row: first_value(row.get("developer_fields", {}).get(key))

    return {channel: getter(key) for channel, key in keys.items()}


def _expected(activity: Activity, rows: dict[float, Row], get: Callable[[Row], Any]) -> Any:
    values = []
    for time_s in activity.stream.time_s.tolist():
        value = get(rows[time_s]) if time_s in rows else None
        values.append(np.nan if value is None else float(value))
    return np.asarray(values)


def _assert_channel(
    activity: Activity, channel: str, expected: Any, reached: Any, name: str
) -> None:
    got = activity.stream.columns.get(channel)
    if got is None:
        got = np.full(len(activity.stream), np.nan)
    same = (np.isnan(got) & np.isnan(expected)) | np.isclose(got, expected, rtol=1e-9, atol=0)
    bad = np.flatnonzero(~same & reached)
    assert not len(bad), (
        f"{name} {activity.sport} {channel}: {len(bad)} differ, first at "
        f"{activity.stream.time_s[bad[0]]}: got {got[bad[0]]}, SDK {expected[bad[0]]}"
    )


def _compare(name: str, activities: tuple[Activity, ...], messages: dict[str, list[Row]]) -> None:
    rows = sdk_rows_by_time(messages.get("record_mesgs", []))
    mine = {t for activity in activities for t in activity.stream.time_s.tolist()}
    if name in SDK_STOPS_EARLY:
        assert len(set(rows) & mine) >= 0.95 * len(rows)
    else:
        assert mine == set(rows)
    developer = _developer(messages)
    native_power = any("power" in row for row in rows.values())
    power = (lambda row: _number(row, "power")) if native_power else developer.get("dev_power")
    for activity in activities:
        checks = dict(CHANNELS)
        checks.update((c, g) for c, g in developer.items() if c != "dev_power")
        if power is not None:
            checks[Channel.POWER_W] = power
        foot = activity.sport in FOOT
        checks[Channel.CADENCE_SPM if foot else "cadence_rpm"] = (
            (lambda row: None if _rpm(row) is None else 2 * _rpm(row)) if foot else _rpm
        )
        reached = np.isin(activity.stream.time_s, list(rows))  # all, unless the SDK stopped
        for channel, get in checks.items():
            expected = _expected(activity, rows, get)
            _assert_channel(activity, channel, expected, reached, name)


DECODED = [n for n in FIT_FILES if n not in SDK_REFUSES | NOT_DECODED | {HEADER_WITHOUT_SIZE}]


@pytest.mark.parametrize("name", DECODED)
def test_streams_equal_the_sdk(name: str) -> None:
    messages, errors = sdk_decode(name)
    assert not errors or name in SDK_STOPS_EARLY | {"fitparse__nick.fit"}
    _compare(name, read_fit(fit_bytes(name), name).activities, messages)


def test_header_without_size_equals_the_sdk_reading_the_data_alone() -> None:
    data = fit_bytes(HEADER_WITHOUT_SIZE)
    decoder = Decoder(Stream.from_byte_array(bytearray(data[data[0] :] + b"\0\0")))
    messages, _ = decoder.read(
        merge_heart_rates=False, enable_crc_check=False, decode_mode=DecodeMode.DATA_ONLY
    )
    assert len(messages["record_mesgs"]) > 2000
    _compare(HEADER_WITHOUT_SIZE, read_fit(data).activities, messages)


RAW: dict[tuple[str, ...], Callable[[Row], float | None]] = {
    ("timestamp",): lambda row: (
        unix(row["timestamp"]) - FIT_EPOCH_S if "timestamp" in row else None
    ),
    ("heart_rate",): lambda row: _number(row, "heart_rate"),
    ("cadence",): lambda row: _number(row, "cadence"),
    ("distance",): lambda row: _number(row, "distance"),
    ("position_lat",): lambda row: _number(row, "position_lat"),
    ("position_long",): lambda row: _number(row, "position_long"),
    ("enhanced_speed", "speed"): lambda row: _number(row, "enhanced_speed", "speed"),
    ("enhanced_altitude", "altitude"): lambda row: _number(row, "enhanced_altitude", "altitude"),
}


def _first_of(columns: dict[str, Any], names: tuple[str, ...], size: int) -> Any:
    found = np.full(size, np.nan)
    for name in reversed(names):
        column = columns.get(name)
        if column is not None:
            found = np.where(np.isnan(column), found, column)
    return found


@pytest.mark.parametrize("name", sorted(NOT_DECODED - {"sportslib__empty-sessions.fit"}))
def test_raw_records_of_refused_files_equal_the_sdk(name: str) -> None:
    records = sdk_decode(name)[0].get("record_mesgs", [])
    columns = record_values(fit_bytes(name), name)
    assert len(records) == len(columns.get("timestamp", []))
    for fields, get in RAW.items():
        expected = np.asarray([np.nan if get(r) is None else get(r) for r in records], float)
        got = _first_of(columns, fields, len(records))
        assert np.allclose(got, expected, rtol=1e-9, atol=0, equal_nan=True), fields
