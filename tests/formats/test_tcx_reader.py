"""TCX reader against every real TCX file, the manifest, values read by hand, and edge cases."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.errors import FileFormatError
from backstride.formats.tcx import read_tcx
from backstride.model import Channel, Recording, SourceFormat, Sport, SubSport
from tests.formats.conftest import TCX, manifest

R, C, OT = Sport.RUNNING, Sport.CYCLING, Sport.OTHER

# Every real TCX file: the sports of its activities and the number of laps of each.
TCX_EXPECTED: dict[str, list[tuple[Sport, int]]] = {
    "goldencheetah__activity_165850259_multi-session.tcx": [(R, 1), (C, 1), (R, 1), (C, 1)],
    "heartandsole__testdata.tcx": [(R, 4)],
    "runpandas__2020-12-02T06_08_29-300_Running.tcx": [(R, 8)],
    "runpandas__2020-12-08T06_36_12-300_Running.tcx": [(R, 7)],
    "runpandas__2020-12-16T05_44_18-300_Running.tcx": [(R, 7)],
    "runpandas__2020-12-26T06_03_49-300_Running.tcx": [(R, 7)],
    "runpandas__basic.tcx": [(R, 3)],
    "runpandas__run.tcx": [(R, 1)],
    "runpandas__run_garmin.tcx": [(R, 3)],
    "runpandas__stopped_example.tcx": [(R, 3)],
    "sportslib__6281425038.tcx": [(R, 5)],  # whitespace before the XML declaration
    "sportslib__6860622783.tcx": [(R, 1)],  # treadmill, no positions
    "sportslib__unknown_example.tcx": [(R, 32)],
    "tcxreader__cross-country-skiing_activity_1.tcx": [(OT, 2)],  # Sport="Other": no guessing
    "tcxreader__sup_activity_1.tcx": [(OT, 2)],
}


def read(name: str) -> Recording:
    return read_tcx((TCX / name).read_bytes(), name)


def test_table_covers_every_real_tcx_file() -> None:
    assert sorted(p.name for p in TCX.glob("*.tcx")) == sorted(TCX_EXPECTED)


@pytest.mark.parametrize("name", sorted(TCX_EXPECTED))
def test_each_real_file_decodes(name: str) -> None:
    recording = read(name)
    assert recording.format == SourceFormat.TCX
    assert [(a.sport, len(a.laps)) for a in recording.activities] == TCX_EXPECTED[name]
    for a in recording.activities:
        t = a.stream.time_s
        assert np.all(np.diff(t) > 0)
        assert a.elapsed_s is not None and a.elapsed_s >= t[-1] - t[0] - 1e-9
        assert a.start_utc.timestamp() <= t[0]
        assert a.timer_s == pytest.approx(sum(lap.timer_s or 0.0 for lap in a.laps))


@pytest.mark.parametrize(
    "name", sorted(n for n in TCX_EXPECTED if "laps" in manifest()[f"tcx/{n}"].get("xml", {}))
)
def test_values_match_the_manifest(name: str) -> None:
    """Laps, trackpoints, sports and first/last trackpoint times agree with the reference parse."""
    facts = manifest()[f"tcx/{name}"]["xml"]
    recording = read(name)
    acts = recording.activities
    assert [a.sport for a in acts] == [
        {"Running": R, "Biking": C, "Other": OT}[s] for s in facts["sports"]
    ]
    assert sum(len(a.laps) for a in acts) == facts["laps"]
    points = sum(len(a.stream) for a in acts)
    dropped = sum(int(w.split()[0]) for w in recording.warnings if "dropped" in w)
    assert points + dropped == facts["trackpoints"]
    first = datetime.fromisoformat(facts["t0"]).astimezone(UTC).timestamp()
    assert acts[0].stream.time_s[0] == pytest.approx(first)
    if facts["t1"][:1].isdigit():  # the multisport file's last <Time> is the plug-in's build date
        assert acts[-1].stream.time_s[-1] == pytest.approx(
            datetime.fromisoformat(facts["t1"]).timestamp()
        )
    if "LatitudeDegrees" not in facts["fields"]:
        assert all(Channel.LAT_DEG not in a.stream.columns for a in acts)


def test_first_trackpoint_and_lap_by_hand() -> None:
    """heartandsole__testdata.tcx lines 11-45 and 280-286: first lap 44.526 s, 52.8 m, hr 83/92,
    2 kcal, AvgRunCadence 32 strides/min; first point 13:37:53Z, 40.0381155.., -105.2586531..,
    1626 m, 0 m, hr 71, Speed 0, RunCadence 0."""
    [a] = read("heartandsole__testdata.tcx").activities
    lap = a.laps[0]
    assert lap.start_utc == datetime(2021, 4, 16, 13, 37, 53, tzinfo=UTC)
    assert (lap.timer_s, lap.distance_m, lap.avg_hr_bpm, lap.max_hr_bpm) == (
        44.526,
        52.8,
        83.0,
        92.0,
    )
    assert (lap.calories_kcal, lap.avg_cadence_spm) == (2.0, 64.0)
    assert lap.avg_speed_mps == pytest.approx(52.8 / 44.526)
    assert lap.elapsed_s == 63.0  # to the next lap's start, 13:38:56
    c = a.stream.columns
    assert (c["lat_deg"][0], c["lon_deg"][0]) == (40.03811557777226, -105.25865315459669)
    assert (c["altitude_m"][0], c["distance_m"][0], c["hr_bpm"][0]) == (1626.0, 0.0, 71.0)
    assert (c["speed_mps"][0], c["cadence_spm"][0]) == (0.0, 0.0)
    assert a.distance_m == pytest.approx(158.71, abs=0.01)
    assert a.elapsed_s == 222.0
    assert recording_device(read("heartandsole__testdata.tcx")) == (
        "garmin",
        "Garmin Forerunner 220",
    )


def recording_device(recording: Recording) -> tuple[str | None, str | None]:
    assert recording.device is not None
    return recording.device.manufacturer, recording.device.product


def test_run_cadence_is_doubled_to_steps() -> None:
    """RunCadence counts strides: sportslib__6860622783.tcx line 35 says 60 -> 120 steps/min."""
    [a] = read("sportslib__6860622783.tcx").activities
    assert a.stream.columns["cadence_spm"][0] == 120.0


def test_treadmill_run_keeps_distance_without_positions() -> None:
    """The FR945 treadmill TCX has no Position: distance comes from DistanceMeters (10630.37 m,
    as the FIT session says). The TCX never says "treadmill", so the sub-sport stays GENERIC."""
    [a] = read("sportslib__6860622783.tcx").activities
    assert Channel.LAT_DEG not in a.stream.columns and Channel.LON_DEG not in a.stream.columns
    assert a.distance_m == pytest.approx(10630.37, abs=0.01)
    assert a.sub_sport == SubSport.GENERIC
    assert a.stream.columns["distance_m"][-1] == pytest.approx(10630.37, abs=0.01)


def test_treadmill_said_in_notes_sets_the_sub_sport() -> None:
    """The real treadmill TCX with a <Notes>Treadmill run</Notes> added by the test after <Id>."""
    data = (TCX / "sportslib__6860622783.tcx").read_bytes()
    marked = data.replace(b"</Id>", b"</Id><Notes>Treadmill run</Notes>", 1)
    [a] = read_tcx(marked).activities
    assert a.sub_sport == SubSport.TREADMILL
    assert a.name == "Treadmill run"


def test_multisport_gives_one_activity_per_leg() -> None:
    recording = read("goldencheetah__activity_165850259_multi-session.tcx")
    starts = [a.start_utc for a in recording.activities]
    assert starts == sorted(starts)
    assert starts[0] == datetime(2011, 11, 29, 12, 12, tzinfo=UTC)
    assert recording.activities[0].distance_m == pytest.approx(7655.2480469)  # last DistanceMeters


def test_whitespace_before_declaration_and_polar_cadence() -> None:
    """sportslib__6281425038.tcx starts with spaces; Polar writes running cadence in <Cadence>
    (strides/min: 63-67 at the end), which is doubled for a run."""
    [a] = read("sportslib__6281425038.tcx").activities
    assert a.start_utc == datetime(2016, 9, 12, 11, 19, 55, tzinfo=UTC)
    assert a.stream.columns["cadence_spm"][-1] == 126.0
    assert a.distance_m == pytest.approx(4155.10009765625)


def test_lap_without_points_and_stated_speed_fallback() -> None:
    """sportslib__unknown_example.tcx begins with laps holding <Track />: they stay laps."""
    [a] = read("sportslib__unknown_example.tcx").activities
    assert a.laps[0].timer_s == 0.002 and a.laps[1].distance_m == pytest.approx(301.99483267716533)
    assert a.start_utc == datetime(2017, 5, 9, 18, 11, 26, tzinfo=UTC)


ODD_TIMES = [
    ("2021-03-04T05:06:07Z", datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC), None),
    ("2021-03-04T05:06:07.5Z", datetime(2021, 3, 4, 5, 6, 7, 500000, tzinfo=UTC), None),
    ("2021-03-04T05:06:07.123456789Z", datetime(2021, 3, 4, 5, 6, 7, 123456, tzinfo=UTC), None),
    ("2021-03-04T05:06:07", datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC), None),
    ("2021-03-04T08:06:07+03:00", datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC), 10800),
    ("2021-03-04T02:06:07-0300", datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC), -10800),
    ("2021-03-04 05:06:07z", datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC), None),
]


@pytest.mark.parametrize(("stamp", "expected", "offset"), ODD_TIMES)
def test_odd_timestamps_are_parsed(stamp: str, expected: datetime, offset: int | None) -> None:
    """A minimal TCX written by the test with one odd timestamp on lap and first trackpoint."""
    later = (expected + timedelta(seconds=10)).isoformat()
    doc = f"""<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
      <Activities><Activity Sport="Running"><Id>{stamp}</Id><Lap StartTime="{stamp}">
      <TotalTimeSeconds>10</TotalTimeSeconds><DistanceMeters>30</DistanceMeters><Track>
      <Trackpoint><Time>{stamp}</Time><DistanceMeters>0</DistanceMeters></Trackpoint>
      <Trackpoint><Time>{later}</Time><DistanceMeters>30</DistanceMeters></Trackpoint>
      </Track></Lap></Activity></Activities></TrainingCenterDatabase>"""
    [a] = read_tcx(doc.encode()).activities
    assert a.start_utc == expected
    assert a.utc_offset_s == offset
    assert a.elapsed_s == pytest.approx(10.0)
    assert a.stream.columns["speed_mps"][1] == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ("<DistanceMeters>0.0</DistanceMeters>", 13422.96),  # the track covers none: the lap
        ("", 13422.96),  # no trackpoint distance: the lap
        ("<DistanceMeters>13000</DistanceMeters>", 13000.0),  # the track's own distance
    ],
)
def test_distance_falls_back_to_the_laps_when_the_track_covers_none(
    points: str, expected: float
) -> None:
    """A TCX written by the test after a real export seen in a PyPI package's test files: one
    2 h 24 min lap of 13,422.96 m whose only trackpoint carries ``DistanceMeters`` 0."""
    doc = f"""<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
      <Activities><Activity Sport="Running"><Id>2019-10-20T12:51:21.941Z</Id>
      <Lap StartTime="2019-10-20T12:50:19.941Z"><TotalTimeSeconds>8631.0</TotalTimeSeconds>
      <DistanceMeters>13422.96</DistanceMeters><Track><Trackpoint>
      <Time>2019-10-20T12:50:19.384Z</Time>{points}</Trackpoint>
      <Trackpoint><Time>2019-10-20T12:50:20.384Z</Time>{points}</Trackpoint>
      </Track></Lap></Activity></Activities></TrainingCenterDatabase>"""
    [a] = read_tcx(doc.encode()).activities
    assert a.distance_m == pytest.approx(expected)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<Courses><Course><Name>x</Name></Course></Courses>", "holds a course"),
        ("<Workouts><Workout><Name>x</Name></Workout></Workouts>", "holds workouts"),
        ("<Activities/>", "holds no activities"),
        (
            '<Activities><Activity Sport="Running"/></Activities>',
            "no lap or trackpoint with a time",
        ),
    ],
)
def test_files_without_recorded_activity_say_why(body: str, reason: str) -> None:
    doc = f'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">{body}</TrainingCenterDatabase>'
    with pytest.raises(FileFormatError, match=reason):
        read_tcx(doc.encode(), "x.tcx")


def test_a_gpx_document_is_not_a_tcx() -> None:
    with pytest.raises(FileFormatError, match="not a TCX file: the root element is <gpx>"):
        read_tcx(b"<gpx/>")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_recording_or_file_format_error(data: bytes) -> None:
    with contextlib.suppress(FileFormatError):
        read_tcx(data)


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_damaged_real_files_give_a_recording_or_file_format_error(data: st.DataObject) -> None:
    """Real files cut short or with bytes overwritten (the damage is drawn by hypothesis)."""
    name = data.draw(
        st.sampled_from(
            ["heartandsole__testdata.tcx", "runpandas__run_garmin.tcx", "sportslib__6281425038.tcx"]
        )
    )
    raw = bytearray((TCX / name).read_bytes()[:30000])
    for _ in range(data.draw(st.integers(0, 6))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    with contextlib.suppress(FileFormatError):
        read_tcx(bytes(raw[:cut]))


def test_distance_never_decreases_and_speed_is_never_negative() -> None:
    """The Forerunner 305 multisport TCX steps back up to 4.2 m at times (device noise)."""
    for activity in read("goldencheetah__activity_165850259_multi-session.tcx").activities:
        c = activity.stream.columns
        assert np.all(np.diff(c["distance_m"]) >= 0)
        speed = c["speed_mps"]
        assert np.all(speed[np.isfinite(speed)] >= 0)
