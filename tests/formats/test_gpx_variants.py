"""GPX as different writers spell it, drawn by hypothesis, reads back the values written.

What varies: GPX 1.0, 1.1 or no namespace; the GPX namespace as the default or under a prefix;
Garmin's TrackPointExtension v1 or v2 under any prefix, or bare extension elements; numbers with
any number of decimals; times with ``Z``, a numeric offset, or fractional seconds; elevation and
heart rate present or not; one to three segments. The expected values are the ones the test
wrote, so no other parser is the reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.formats.gpx import read_gpx
from backstride.model import Channel

GPX_NS = {"1.1": "http://www.topografix.com/GPX/1/1", "1.0": "http://www.topografix.com/GPX/1/0"}
TPX = {
    "v1": "http://www.garmin.com/xmlschemas/TrackPointExtension/v1",
    "v2": "http://www.garmin.com/xmlschemas/TrackPointExtension/v2",
}
START = datetime(2024, 5, 1, 6, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Point:
    lat: str
    lon: str
    ele: str | None
    time: datetime
    hr: int | None


def number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


@st.composite
def points(draw: st.DrawFn, start: datetime, n: int) -> list[Point]:
    lat0 = draw(st.floats(-60, 60))
    lon0 = draw(st.floats(-170, 170))
    out, time = [], start
    for i in range(n):
        decimals = draw(st.integers(4, 9))
        lat = number(lat0 + i * 0.0001, decimals)
        lon = number(lon0 + i * 0.0001, decimals)
        ele = draw(st.one_of(st.none(), st.floats(-100, 4000).map(lambda e: number(e, 1))))
        hr = draw(st.one_of(st.none(), st.integers(40, 220)))
        out.append(Point(lat, lon, ele, time, hr))
        time += timedelta(
            seconds=draw(st.integers(1, 10)), microseconds=draw(st.integers(0, 9)) * 100_000
        )
    return out


def time_text(moment: datetime, style: int) -> str:
    if style == 0:
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + (
            "Z" if not moment.microsecond else f".{moment.microsecond // 1000:03d}Z"
        )
    if style == 1:
        local = moment.astimezone(timezone(timedelta(hours=2)))
        return local.isoformat()
    return moment.isoformat().replace("+00:00", "Z")


@st.composite
def gpx_documents(draw: st.DrawFn) -> tuple[bytes, list[Point]]:
    version = draw(st.sampled_from(["1.1", "1.0", "none"]))
    prefix = draw(st.sampled_from(["", "g"])) if version != "none" else ""
    ext = draw(st.sampled_from(["v1", "v2", "bare"]))
    ext_prefix = draw(st.sampled_from(["gpxtpx", "ns3", "tp"]))
    style = draw(st.integers(0, 2))
    p = f"{prefix}:" if prefix else ""
    attrs = ""
    if version != "none":
        attrs += f' xmlns{":" + prefix if prefix else ""}="{GPX_NS[version]}"'
    if ext != "bare":
        attrs += f' xmlns:{ext_prefix}="{TPX[ext]}"'
    segments, written, start = [], [], START
    for _ in range(draw(st.integers(1, 3))):
        seg = draw(points(start, draw(st.integers(2, 15))))
        written += seg
        start = seg[-1].time + timedelta(minutes=draw(st.integers(1, 30)))
        body = []
        for pt in seg:
            inner = f"<{p}time>{time_text(pt.time, style)}</{p}time>"
            if pt.ele is not None:
                inner = f"<{p}ele>{pt.ele}</{p}ele>" + inner
            if pt.hr is not None:
                if ext == "bare":
                    inner += f"<{p}extensions><hr>{pt.hr}</hr></{p}extensions>"
                else:
                    e = ext_prefix
                    inner += (
                        f"<{p}extensions><{e}:TrackPointExtension><{e}:hr>{pt.hr}</{e}:hr>"
                        f"</{e}:TrackPointExtension></{p}extensions>"
                    )
            body.append(f'<{p}trkpt lat="{pt.lat}" lon="{pt.lon}">{inner}</{p}trkpt>')
        segments.append(f"<{p}trkseg>{''.join(body)}</{p}trkseg>")
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    version_attr = "" if version == "none" else f' version="{version}"'
    doc = (
        f'{head}<{p}gpx{version_attr} creator="test"{attrs}><{p}trk><{p}type>running</{p}type>'
        f"{''.join(segments)}</{p}trk></{p}gpx>"
    )
    return doc.encode(), written


@settings(max_examples=150, deadline=None)
@given(gpx_documents())
def test_every_point_reads_back_as_written(case: tuple[bytes, list[Point]]) -> None:
    data, written = case
    [activity] = read_gpx(data).activities
    c = activity.stream.columns
    assert np.allclose(
        activity.stream.time_s, [p.time.timestamp() for p in written], rtol=0, atol=1e-6
    )
    assert np.array_equal(c[Channel.LAT_DEG], [float(p.lat) for p in written])
    assert np.array_equal(c[Channel.LON_DEG], [float(p.lon) for p in written])
    expected_ele = [np.nan if p.ele is None else float(p.ele) for p in written]
    got_ele = c.get(Channel.ALTITUDE_M, np.full(len(written), np.nan))
    assert np.array_equal(got_ele, expected_ele, equal_nan=True)
    expected_hr = [np.nan if p.hr is None else float(p.hr) for p in written]
    got_hr = c.get(Channel.HR_BPM, np.full(len(written), np.nan))
    assert np.array_equal(got_hr, expected_hr, equal_nan=True)
    assert activity.start_utc == written[0].time
