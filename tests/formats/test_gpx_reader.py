"""GPX reader against every real GPX file, the manifest, values read by hand, generated tracks."""

from __future__ import annotations

import contextlib
import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.errors import FileFormatError
from backstride.formats.geodesy import haversine_m
from backstride.formats.gpx import read_gpx
from backstride.model import Channel, Recording, SourceFormat, Sport, SubSport
from tests.formats.conftest import EXPORT, GPX, manifest

# Every real GPX file: the sport it decodes to, or the reason it is refused.
GPX_EXPECTED: dict[str, Sport | str] = {
    "geoap__Berlin_0,9km_route.gpx": "no timestamps: a route or planned track",
    "geoap__OpenTracks_walk_BrooksCaldera5.gpx": Sport.WALKING,  # type "unknown": inferred
    "goldencheetah__MetadataOnly.gpx": "holds no track points (metadata only)",
    "gpxpy__cerknicko-jezero-without-elevations.gpx": Sport.OTHER,  # rides in part: p95 > 8 m/s
    "gpxpy__cerknicko-without-times.gpx": "only 5 of 296 track points have a time",
    "gpxpy__gpx-with-node-with-comments.gpx": "only one timed track point",
    "gpxpy__gpx1.0_with_all_fields.gpx": "only one timed track point",
    "gpxpy__gpx1.1_with_all_fields.gpx": "only one timed track point",
    "gpxpy__gpx1.1_with_extensions.gpx": "holds only waypoints",
    "gpxpy__gpx1.1_with_extensions_without_namespaces.gpx": "holds only waypoints",
    "gpxpy__gpx_with_garmin_extension.gpx": "holds only waypoints",
    "gpxpy__korita-zbevnica.gpx": Sport.WALKING,
    "gpxpy__route.gpx": "holds a route (planned path)",
    "gpxpy__track-with-empty-segment.gpx": Sport.RUNNING,
    "gpxpy__track-with-less-sec-time.gpx": Sport.RUNNING,  # <type>run</type>
    "gpxpy__track_with_speed.gpx": Sport.RUNNING,
    "gpxpy__unicode_with_bom.gpx": "holds only waypoints",
    "heartandsole__testdata.gpx": Sport.RUNNING,
    "runpandas__garmin_connect.gpx": Sport.RUNNING,
    "runpandas__nike_run.gpx": Sport.RUNNING,
    "runpandas__run.gpx": Sport.RUNNING,
    "runpandas__strava_export.gpx": Sport.RUNNING,  # Strava type code 9
    "runpandas_session__0da79b1d-dc15-4589-afff-aba4497ea626.gpx": Sport.RUNNING,
    "runpandas_session__26004849-dc57-4e48-bc16-11196ca043ad.gpx": Sport.RUNNING,
    "runpandas_session__31836c9f-4cc1-431f-81ca-4943e313aa10.gpx": Sport.RUNNING,
    "runpandas_session__68de8094-d27e-48cf-9838-b83ee70e3c9b.gpx": Sport.RUNNING,
    "runpandas_session__786aa408-9639-4f8d-94b7-68e8d5b44241.gpx": Sport.RUNNING,
    "sportslib__1681613317.gpx": Sport.RUNNING,
    "sportslib__2067489619.gpx": Sport.RUNNING,
    "sportslib__6037744996.gpx": Sport.RUNNING,
    "sportslib__6782987395.gpx": Sport.RUNNING,
    "sportslib__garmin.gpx": Sport.RUNNING,
}

# manifest "fields" -> the channel each gives
FIELD_CHANNELS = {
    "ele": Channel.ALTITUDE_M,
    "hr": Channel.HR_BPM,
    "cad": Channel.CADENCE_SPM,
    "atemp": Channel.TEMPERATURE_C,
    "speed": Channel.SPEED_MPS,
}


def read(name: str) -> Recording:
    return read_gpx((GPX / name).read_bytes(), name)


def test_table_covers_every_real_gpx_file() -> None:
    assert sorted(p.name for p in GPX.glob("*.gpx")) == sorted(GPX_EXPECTED)


@pytest.mark.parametrize("name", sorted(GPX_EXPECTED))
def test_each_real_file_decodes_or_says_why(name: str) -> None:
    expected = GPX_EXPECTED[name]
    if not isinstance(expected, Sport):
        with pytest.raises(FileFormatError) as caught:
            read(name)
        assert expected in caught.value.reason
        assert caught.value.path == name
        return
    recording = read(name)
    assert recording.format == SourceFormat.GPX
    [activity] = recording.activities
    assert activity.sport == expected
    t = activity.stream.time_s
    assert len(t) >= 2 and np.all(np.diff(t) > 0)
    assert activity.start_utc.tzinfo is not None
    assert activity.elapsed_s == pytest.approx(t[-1] - t[0])
    distance = activity.stream.columns[Channel.DISTANCE_M]
    assert np.all(np.diff(distance) >= 0)
    assert activity.distance_m == pytest.approx(distance[-1])


DECODED_WITH_FACTS = sorted(
    n
    for n, e in GPX_EXPECTED.items()
    if isinstance(e, Sport) and "t1" in manifest()[f"gpx/{n}"]["xml"]
)


def test_the_unbound_prefix_file_is_the_only_one_without_reference_facts() -> None:
    decoded = {n for n, e in GPX_EXPECTED.items() if isinstance(e, Sport)}
    assert decoded - set(DECODED_WITH_FACTS) == {"sportslib__6037744996.gpx"}


@pytest.mark.parametrize("name", DECODED_WITH_FACTS)
def test_values_match_the_manifest(name: str) -> None:
    """End time, point count and channels agree with what the reference parse recorded (its
    strict parser failed on sportslib__6037744996.gpx, which is checked by hand below)."""
    facts = manifest()[f"gpx/{name}"]["xml"]
    recording = read(name)
    [activity] = recording.activities
    end = activity.start_utc + timedelta(seconds=activity.elapsed_s or 0.0)
    assert end == pytest.approx(
        datetime.fromisoformat(facts["t1"]).astimezone(UTC), abs=timedelta(milliseconds=1)
    )
    dropped = any("dropped" in w for w in recording.warnings)
    if not dropped:
        assert len(activity.stream) == facts["trkpt"]
    present = set(activity.stream.columns)
    for field in facts["fields"]:
        if field == "hr" and name.startswith("geoap__"):
            continue  # OpenTracks writes hr 0 without a strap: no heart rate, so no channel
        assert FIELD_CHANNELS[field] in present, field


def test_first_point_by_hand_garmin_connect() -> None:
    """heartandsole__testdata.gpx line 17-26: lat 40.0381155..., lon -105.2586531..., ele 1626,
    13:37:53Z, hr 71, cad 0 (strides/min -> 0 steps/min); <type>running</type>."""
    [a] = read("heartandsole__testdata.gpx").activities
    c = a.stream.columns
    assert a.start_utc == datetime(2021, 4, 16, 13, 37, 53, tzinfo=UTC)
    assert c["lat_deg"][0] == pytest.approx(40.03811557777226, abs=1e-12)
    assert c["lon_deg"][0] == pytest.approx(-105.25865315459669, abs=1e-12)
    assert c["altitude_m"][0] == 1626.0
    assert c["hr_bpm"][0] == 71.0
    assert c["cadence_spm"][0] == 0.0
    assert a.name == "Boulder Running"
    assert a.utc_offset_s is None  # times end in Z: the local clock is unknown


def test_first_point_by_hand_garmin_extension_with_temperature() -> None:
    """sportslib__6782987395.gpx: first trkpt 09:42:23Z (the 09:42:00 is metadata), atemp 30,
    hr 71, cad 49 strides/min -> 98 steps/min."""
    [a] = read("sportslib__6782987395.gpx").activities
    c = a.stream.columns
    assert a.start_utc == datetime(2019, 6, 15, 9, 42, 23, tzinfo=UTC)
    assert c["lat_deg"][0] == pytest.approx(41.1630395706743, abs=1e-12)
    assert c["altitude_m"][0] == 147.1999969482421875
    assert (c["temperature_c"][0], c["hr_bpm"][0], c["cadence_spm"][0]) == (30.0, 71.0, 98.0)


def test_offsets_in_timestamps_are_honoured() -> None:
    """OpenTracks writes local time with +02:00: 20:29:19.825+02:00 is 18:29:19.825Z; hr 0 means
    no strap; its gpxtpx:speed 1.44 is used as given."""
    [a] = read("geoap__OpenTracks_walk_BrooksCaldera5.gpx").activities
    assert a.start_utc == datetime(2025, 8, 30, 18, 29, 19, 825000, tzinfo=UTC)
    assert a.utc_offset_s == 7200
    assert Channel.HR_BPM not in a.stream.columns
    assert a.stream.columns["speed_mps"][0] == 1.44
    assert a.sub_sport == SubSport.GENERIC


def test_gpx_10_speed_element_is_used() -> None:
    [a] = read("gpxpy__track_with_speed.gpx").activities
    assert list(a.stream.columns["speed_mps"]) == [1.2, 2.2, 3.2]


def test_unbound_prefix_extension_is_read() -> None:
    """sportslib__6037744996.gpx uses gpxdata: and gpxx: without declaring gpxdata."""
    recording = read("sportslib__6037744996.gpx")
    [a] = recording.activities
    assert any("gpxdata" in w for w in recording.warnings)
    assert a.stream.columns["cadence_spm"][0] == 86.0  # <gpxdata:cadence>43</gpxdata:cadence>
    assert a.stream.columns["temperature_c"][0] == 22.0


def test_segments_are_pauses_and_untimed_tracks_are_skipped() -> None:
    """korita-zbevnica: a 358-point track without times, then two timed tracks 4 min 48 s apart."""
    recording = read("gpxpy__korita-zbevnica.gpx")
    [a] = recording.activities
    assert len(a.stream) == 176 + 337
    assert "358 points without a time dropped" in recording.warnings
    gap = datetime(2010, 10, 3, 10, 57, 10) - datetime(2010, 10, 3, 10, 52, 22)
    assert a.timer_s == pytest.approx((a.elapsed_s or 0.0) - gap.total_seconds())
    d = a.stream.columns["distance_m"]
    assert d[176] == d[175]  # no distance across the pause
    assert a.stream.columns["speed_mps"][176] == 0.0


def test_empty_segment_is_skipped() -> None:
    [a] = read("gpxpy__track-with-empty-segment.gpx").activities
    assert len(a.stream) == 9


def test_distance_is_geodesic_over_all_points() -> None:
    [a] = read("runpandas__run.gpx").activities
    c = a.stream.columns
    steps = haversine_m(c["lat_deg"][:-1], c["lon_deg"][:-1], c["lat_deg"][1:], c["lon_deg"][1:])
    assert a.distance_m == pytest.approx(float(steps.sum()), rel=1e-12)


def test_gear_folder_files_decode() -> None:
    for path in sorted((EXPORT / "gear_folders_geo-activity-playground").rglob("*.gpx")):
        [a] = read_gpx(path.read_bytes(), str(path)).activities
        assert a.sport == Sport.WALKING and (a.distance_m or 0) > 1000


# ----------------------------------------------------------------------------- generated

POINT = st.tuples(
    st.floats(0.5, 30.0),  # seconds since the previous point
    st.floats(-0.0005, 0.0005),  # latitude step, degrees
    st.floats(-0.0005, 0.0005),  # longitude step, degrees
    st.integers(40, 200),  # heart rate
    st.integers(0, 100),  # cadence, strides per minute
)


def _gpx(
    points: list[tuple[float, float, float, int, int]], sport: str
) -> tuple[bytes, list[float]]:
    t0 = datetime(2024, 3, 1, 6, 0, tzinfo=UTC)
    elapsed, lat, lon = 0.0, 47.0, 8.0
    rows, times = [], []
    for dt, dlat, dlon, hr, cad in points:
        elapsed += dt
        lat, lon = lat + dlat, lon + dlon
        stamp = (t0 + timedelta(seconds=elapsed)).isoformat()
        times.append((t0 + timedelta(seconds=elapsed)).timestamp())
        rows.append(
            f'<trkpt lat="{lat!r}" lon="{lon!r}"><time>{stamp}</time><extensions>'
            f"<g:TrackPointExtension><g:hr>{hr}</g:hr><g:cad>{cad}</g:cad></g:TrackPointExtension>"
            "</extensions></trkpt>"
        )
    doc = (
        '<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" '
        'xmlns:g="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>{sport}</type><trkseg>{''.join(rows)}</trkseg></trk></gpx>"
    )
    return doc.encode(), times


@settings(max_examples=60, deadline=None)
@given(st.lists(POINT, min_size=2, max_size=40))
def test_generated_tracks_keep_every_point_and_their_values(
    points: list[tuple[float, float, float, int, int]],
) -> None:
    """Synthetic GPX built by the test from random steps: every point survives, times and hr as
    written, cadence doubled, distance the haversine sum."""
    data, times = _gpx(points, "running")
    [a] = read_gpx(data).activities
    c = a.stream.columns
    assert np.allclose(c["time_s"], times, atol=1e-5)
    assert list(c["hr_bpm"]) == [float(p[3]) for p in points]
    assert list(c["cadence_spm"]) == [2.0 * p[4] for p in points]
    steps = haversine_m(c["lat_deg"][:-1], c["lon_deg"][:-1], c["lat_deg"][1:], c["lon_deg"][1:])
    assert c["distance_m"][-1] == pytest.approx(float(steps.sum()), rel=1e-9, abs=1e-9)
    assert math.isclose(a.elapsed_s or 0.0, times[-1] - times[0], abs_tol=1e-5)


def test_cycling_cadence_stays_in_rpm() -> None:
    data, _ = _gpx([(1.0, 0.0001, 0.0, 120, 85), (1.0, 0.0001, 0.0, 121, 86)], "cycling")
    [a] = read_gpx(data).activities
    assert a.sport == Sport.CYCLING
    assert list(a.stream.columns["cadence_rpm"]) == [85.0, 86.0]
    assert Channel.CADENCE_SPM not in a.stream.columns


def test_cadence_already_in_steps_is_not_doubled() -> None:
    data, _ = _gpx([(1.0, 0.00003, 0.0, 150, 170), (1.0, 0.00003, 0.0, 150, 172)], "running")
    recording = read_gpx(data)
    assert list(recording.activities[0].stream.columns["cadence_spm"]) == [170.0, 172.0]
    assert any("steps per minute already" in w for w in recording.warnings)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_recording_or_file_format_error(data: bytes) -> None:
    with contextlib.suppress(FileFormatError):
        read_gpx(data)


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_damaged_real_files_give_a_recording_or_file_format_error(data: st.DataObject) -> None:
    """Real files cut short or with bytes overwritten (the damage is drawn by hypothesis)."""
    name = data.draw(
        st.sampled_from(
            [
                "heartandsole__testdata.gpx",
                "sportslib__6037744996.gpx",
                "gpxpy__korita-zbevnica.gpx",
                "gpxpy__track_with_speed.gpx",
            ]
        )
    )
    raw = bytearray((GPX / name).read_bytes()[:20000])
    for _ in range(data.draw(st.integers(0, 6))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    with contextlib.suppress(FileFormatError):
        read_gpx(bytes(raw[:cut]))


def test_unreadable_times_are_named_as_such() -> None:
    """A track written by the test whose times are garbage dates (year 1900, 'yesterday')."""
    doc = b"""<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>1900-01-01T00:00:00Z</time></trkpt>
    <trkpt lat="1" lon="2.001"><time>yesterday</time></trkpt></trkseg></trk></gpx>"""
    with pytest.raises(
        FileFormatError,
        match=r"track point times are unreadable or out of range, e\.g\. '1900-01-01T00:00:00Z'",
    ):
        read_gpx(doc)


def test_inferred_sport_is_noted() -> None:
    """runpandas__nike_run.gpx states no <type>: 8.2 km in 53 min is inferred as a run."""
    recording = read("runpandas__nike_run.gpx")
    assert recording.activities[0].sport == Sport.RUNNING
    [note] = [w for w in recording.warnings if "inferred from speed" in w]
    assert note.startswith("no sport stated: running inferred from speed (median ")


def _timed_track(times: list[str]) -> bytes:
    points = "".join(
        f'<trkpt lat="{47 + i * 0.01}" lon="8"><time>{t}</time></trkpt>'
        for i, t in enumerate(times)
    )
    return f"<gpx><trk><trkseg>{points}</trkseg></trk></gpx>".encode()


def test_points_hours_apart_are_no_recording() -> None:
    """A GPX written by the test like one seen in a package's test files: three cities' positions
    a day apart. Refused with the reason; a satellite tracker's 10-minute points are read."""
    sparse = _timed_track(["2020-01-01T10:00:00Z", "2020-01-02T11:00:00Z", "2020-01-04T09:00:00Z"])
    with pytest.raises(FileFormatError, match=r"3 track points a median of 35\.5 h apart"):
        read_gpx(sparse, "cities.gpx")
    tracker = _timed_track(
        [f"2020-01-01T{h:02d}:{m:02d}:00Z" for h in range(6, 9) for m in (0, 10, 20, 30, 40, 50)]
    )
    [activity] = read_gpx(tracker).activities
    assert activity.elapsed_s == pytest.approx(17 * 600)
