"""What the reader does on specific files and damage: each test names its real file.

Where damage is synthetic, a real file is changed in one place (said in the test) so that
the reader's recovery is seen on otherwise real data.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.errors import FileFormatError
from backstride.formats.fit import read_fit
from backstride.formats.fit.crc import crc16
from backstride.model import Channel, Device, Sport, SubSport
from tests.formats.fit.conftest import fit_bytes, sdk_decode

RUN = "fitparse__garmin-fenix-5-run.fit"


def test_device_names_come_from_the_profile() -> None:
    device = read_fit(fit_bytes(RUN)).device
    assert device == Device("garmin", "fenix5", "3945849289", "4.1")
    suunto = read_fit(fit_bytes("sportslib__6909950168.fit")).device
    assert suunto is not None
    assert (suunto.manufacturer, suunto.product) == ("suunto", "Suunto 9 Baro")


def test_running_summary_in_steps_per_minute() -> None:
    (activity,) = read_fit(fit_bytes(RUN)).activities
    (session,) = sdk_decode(RUN)[0]["session_mesgs"]
    expected = 2 * (session["avg_running_cadence"] + session["avg_fractional_cadence"])
    assert activity.avg_cadence_spm == expected
    assert activity.sport is Sport.RUNNING and activity.sub_sport is SubSport.GENERIC
    assert activity.utc_offset_s == -7 * 3600  # local_timestamp - timestamp, PDT
    assert Channel.CADENCE_SPM in activity.stream.columns
    assert Channel.VERTICAL_OSCILLATION_M in activity.stream.columns


def test_cycling_cadence_stays_in_rpm() -> None:
    (activity,) = read_fit(fit_bytes("fitparsers__hrv-activity.fit")).activities
    assert activity.sub_sport is SubSport.INDOOR
    assert Channel.CADENCE_SPM not in activity.stream.columns
    assert activity.stream.get("cadence_rpm") is not None
    assert activity.avg_cadence_spm is None


def test_treadmill_run_with_stryd_developer_fields() -> None:
    (activity,) = read_fit(fit_bytes("sportslib__6860622783.fit")).activities
    assert activity.sub_sport is SubSport.TREADMILL
    stream = activity.stream
    assert stream.get(Channel.LAT_DEG) is None  # no GPS on a treadmill
    for channel in (Channel.POWER_W, Channel.FORM_POWER_W, Channel.LEG_SPRING_STIFFNESS_KN_M):
        column = stream.get(channel)
        assert column is not None and np.nanmedian(column) > 0, channel


def test_native_power_wins_over_developer_power() -> None:
    """developer-types-sample.fit has native record power and no developer 'Power' field;
    the rowing file has developer Power only (native_field_num 7)."""
    (stryd,) = read_fit(fit_bytes("fitparse__developer-types-sample.fit")).activities
    native = [
        r.get("power")
        for r in sdk_decode("fitparse__developer-types-sample.fit")[0]["record_mesgs"]
    ]
    assert stryd.stream.columns[Channel.POWER_W].tolist() == [
        np.nan if v is None else float(v) for v in native
    ] or np.array_equal(
        stryd.stream.columns[Channel.POWER_W], np.array(native, float), equal_nan=True
    )
    (rowing,) = read_fit(fit_bytes("fitparse__20170518-191602-1740899583.fit")).activities
    assert rowing.stream.get(Channel.POWER_W) is not None


def test_chained_triathlon_keeps_every_session_with_its_records_and_laps() -> None:
    recording = read_fit(fit_bytes("fitparse__sample_mulitple_header.fit"))
    assert [len(a.stream) for a in recording.activities] == [349, 38, 854, 14, 518]
    for activity in recording.activities:
        start = activity.start_utc.timestamp()
        assert activity.stream.time_s[0] >= start
        assert all(lap.start_utc >= activity.start_utc for lap in activity.laps)
    run = recording.activities[-1]
    assert run.sport is Sport.RUNNING and run.stream.get(Channel.STEP_LENGTH_M) is not None


def _with_header_crc(stated: bytes) -> bytes:
    """The Fenix 5 run with its header CRC replaced, and the file CRC (which covers the
    header) recomputed so that only the header CRC differs."""
    data = bytearray(fit_bytes(RUN))
    assert data[0] == 14
    data[12:14] = stated
    data[-2:] = crc16(bytes(data[:-2])).to_bytes(2, "little")
    return bytes(data)


def test_header_crc_zero_is_valid_and_a_wrong_one_is_reported() -> None:
    assert read_fit(_with_header_crc(b"\0\0")).warnings == ()
    warnings = read_fit(_with_header_crc(b"\x12\x34")).warnings
    assert [note for note in warnings if "CRC" in note] == [
        "header CRC mismatch at byte 0 (header ignored for checks)"
    ]


def test_file_crc_mismatch_is_a_warning_and_the_file_still_decodes() -> None:
    """The last byte (the stored CRC) of the Fenix 5 run is changed."""
    data = bytearray(fit_bytes(RUN))
    data[-1] ^= 0xFF
    recording = read_fit(bytes(data))
    assert any("CRC mismatch" in note for note in recording.warnings)
    assert len(recording.activities[0].stream) == 21


def test_truncated_file_decodes_what_is_complete() -> None:
    """The Forerunner 645 run cut at 60 %: no session survives, records up to the cut do."""
    data = fit_bytes("runpandas__run.fit")
    recording = read_fit(data[: len(data) * 6 // 10])
    assert any(note.startswith("truncated at byte") for note in recording.warnings)
    assert any("no session message" in note for note in recording.warnings)
    (activity,) = recording.activities
    assert activity.sport is Sport.RUNNING  # from the file's sport message
    assert 500 < len(activity.stream) < 1202


def test_file_cut_before_any_record() -> None:
    with pytest.raises(FileFormatError, match="truncated before any record"):
        read_fit(fit_bytes(RUN)[:40], "cut.fit")


def test_undefined_local_message_is_skipped() -> None:
    recording = read_fit(fit_bytes("fitparse__strava-android-app-201.10-b1218918.fit"))
    assert any("skipped" in note and "byte 7471" in note for note in recording.warnings)
    (activity,) = recording.activities
    assert len(activity.stream) > 500  # the SDK stops at byte 7471 with 236 times
    assert np.nanmax(activity.stream.columns[Channel.ALTITUDE_M]) < 2000


def test_repeated_timestamps_merge_into_one_sample() -> None:
    recording = read_fit(fit_bytes("sportslib__broken-dates.fit"))
    assert any("merged 2622 records" in note for note in recording.warnings)
    (activity,) = recording.activities
    assert activity.start_utc == datetime(2017, 3, 20, 19, 9, 28, tzinfo=UTC)


def test_no_session_builds_one_activity_from_the_records() -> None:
    recording = read_fit(fit_bytes("fitparse__nick.fit"))
    (activity,) = recording.activities
    assert activity.elapsed_s == activity.stream.time_s[-1] - activity.stream.time_s[0]
    assert any("no session message" in note for note in recording.warnings)


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "file is empty"), (b"not a fit file at all", "not a FIT file")],
)
def test_unusable_bytes_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(FileFormatError, match=reason):
        read_fit(data, "x.fit")


def _crc16_arc_bitwise(data: bytes) -> int:
    """CRC-16/ARC straight from its definition, one bit at a time (the reference)."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def test_crc_check_value() -> None:
    """The catalogue check value of CRC-16/ARC: the CRC of the ASCII digits 1-9 is 0xBB3D."""
    assert crc16(b"123456789") == 0xBB3D


@given(st.binary(max_size=3000))
def test_crc_equals_the_definition(data: bytes) -> None:
    assert crc16(data) == _crc16_arc_bitwise(data)


def test_crc_of_a_real_file_equals_its_stored_crc() -> None:
    data = fit_bytes("sportslib__6782987395.fit")
    assert crc16(data[:-2]) == int.from_bytes(data[-2:], "little")
