"""TCX as different writers spell it, drawn by hypothesis, reads back the values written.

What varies: the TCX namespace as the default or under a prefix; the ActivityExtension (TPX)
under any prefix; one to three laps; positions present or not (a treadmill run has none);
elevation, heart rate, speed and run cadence present or not, point by point; times with ``Z``,
an offset, or fractional seconds. The expected values are the ones the test wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.formats.tcx import read_tcx
from backstride.model import Channel

TCD = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
AX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"
START = datetime(2024, 5, 1, 6, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Point:
    time: datetime
    lat: float | None
    lon: float | None
    ele: float | None
    distance: float
    hr: int | None
    speed: float | None
    strides: int | None  # RunCadence, strides per minute


def stamp(moment: datetime, style: int) -> str:
    if style == 0:
        return moment.isoformat().replace("+00:00", "Z")
    if style == 1:
        return moment.astimezone(timezone(timedelta(hours=-5))).isoformat()
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@st.composite
def laps(draw: st.DrawFn, positions: bool) -> list[list[Point]]:
    lat, lon = draw(st.floats(-60, 60)), draw(st.floats(-170, 170))
    time, distance, out = START, 0.0, []
    for _ in range(draw(st.integers(1, 3))):
        lap = []
        for _ in range(draw(st.integers(2, 12))):
            time += timedelta(
                seconds=draw(st.integers(1, 5)), milliseconds=draw(st.integers(0, 9)) * 100
            )
            distance = round(distance + draw(st.floats(0, 20)), 2)
            lat, lon = round(lat + 0.0001, 7), round(lon + 0.0001, 7)
            lap.append(
                Point(
                    time,
                    lat if positions else None,
                    lon if positions else None,
                    draw(st.one_of(st.none(), st.integers(-50, 3000).map(float))),
                    distance,
                    draw(st.one_of(st.none(), st.integers(40, 220))),
                    draw(st.one_of(st.none(), st.integers(0, 8000).map(lambda v: v / 1000))),
                    draw(st.one_of(st.none(), st.integers(60, 110))),
                )
            )
        out.append(lap)
    return out


@st.composite
def tcx_documents(draw: st.DrawFn) -> tuple[bytes, list[list[Point]]]:
    positions = draw(st.booleans())
    written = draw(laps(positions))
    prefix = draw(st.sampled_from(["", "tcd"]))
    ax = draw(st.sampled_from(["ns3", "ax", "x"]))
    style = draw(st.integers(0, 2))
    p = f"{prefix}:" if prefix else ""
    xmlns = f' xmlns{":" + prefix if prefix else ""}="{TCD}" xmlns:{ax}="{AX}"'
    parts = []
    for lap in written:
        points = []
        for pt in lap:
            inner = f"<{p}Time>{stamp(pt.time, style)}</{p}Time>"
            if pt.lat is not None:
                inner += (
                    f"<{p}Position><{p}LatitudeDegrees>{pt.lat}</{p}LatitudeDegrees>"
                    f"<{p}LongitudeDegrees>{pt.lon}</{p}LongitudeDegrees></{p}Position>"
                )
            if pt.ele is not None:
                inner += f"<{p}AltitudeMeters>{pt.ele}</{p}AltitudeMeters>"
            inner += f"<{p}DistanceMeters>{pt.distance}</{p}DistanceMeters>"
            if pt.hr is not None:
                inner += f"<{p}HeartRateBpm><{p}Value>{pt.hr}</{p}Value></{p}HeartRateBpm>"
            tpx = ""
            if pt.speed is not None:
                tpx += f"<{ax}:Speed>{pt.speed}</{ax}:Speed>"
            if pt.strides is not None:
                tpx += f"<{ax}:RunCadence>{pt.strides}</{ax}:RunCadence>"
            if tpx:
                inner += f"<{p}Extensions><{ax}:TPX>{tpx}</{ax}:TPX></{p}Extensions>"
            points.append(f"<{p}Trackpoint>{inner}</{p}Trackpoint>")
        seconds = (lap[-1].time - lap[0].time).total_seconds()
        parts.append(
            f'<{p}Lap StartTime="{stamp(lap[0].time, style)}">'
            f"<{p}TotalTimeSeconds>{seconds}</{p}TotalTimeSeconds>"
            f"<{p}DistanceMeters>{lap[-1].distance - lap[0].distance}</{p}DistanceMeters>"
            f"<{p}Calories>10</{p}Calories><{p}Intensity>Active</{p}Intensity>"
            f"<{p}TriggerMethod>Manual</{p}TriggerMethod>"
            f"<{p}Track>{''.join(points)}</{p}Track></{p}Lap>"
        )
    first = stamp(written[0][0].time, style)
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}TrainingCenterDatabase{xmlns}>'
        f'<{p}Activities><{p}Activity Sport="Running"><{p}Id>{first}</{p}Id>{"".join(parts)}'
        f"</{p}Activity></{p}Activities></{p}TrainingCenterDatabase>"
    )
    return doc.encode(), written


def _column(columns: Mapping[str, Any], channel: str, n: int) -> Any:
    return columns.get(channel, np.full(n, np.nan))


@settings(max_examples=150, deadline=None)
@given(tcx_documents())
def test_every_trackpoint_and_lap_reads_back_as_written(
    case: tuple[bytes, list[list[Point]]],
) -> None:
    data, written = case
    [activity] = read_tcx(data).activities
    pts = [pt for lap in written for pt in lap]
    n = len(pts)
    c = activity.stream.columns

    def same(channel: str, values: list[float | None], scale: float = 1.0) -> None:
        expected = np.asarray([np.nan if v is None else v * scale for v in values], float)
        assert np.allclose(_column(c, channel, n), expected, rtol=1e-12, atol=0, equal_nan=True), (
            channel
        )

    assert np.allclose(activity.stream.time_s, [p.time.timestamp() for p in pts], rtol=0, atol=1e-6)
    same(Channel.LAT_DEG, [p.lat for p in pts])
    same(Channel.LON_DEG, [p.lon for p in pts])
    same(Channel.ALTITUDE_M, [p.ele for p in pts])
    same(Channel.DISTANCE_M, [p.distance for p in pts])
    same(Channel.HR_BPM, [p.hr for p in pts])
    if any(p.strides is not None for p in pts):
        same(Channel.CADENCE_SPM, [p.strides for p in pts], 2.0)
    if any(p.speed is not None for p in pts):
        given_speed = np.asarray([np.nan if p.speed is None else p.speed for p in pts])
        known = np.isfinite(given_speed)
        assert np.allclose(c[Channel.SPEED_MPS][known], given_speed[known], rtol=1e-12, atol=0)
    assert activity.start_utc == pts[0].time
    assert activity.distance_m == pts[-1].distance
    assert [lap.start_utc for lap in activity.laps] == [lap[0].time for lap in written]
    timers = [(lap[-1].time - lap[0].time).total_seconds() for lap in written]
    assert np.allclose([lap.timer_s for lap in activity.laps], timers, rtol=1e-12)
