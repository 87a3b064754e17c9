"""GPX 1.0 and 1.1 reader: a file's tracks become one activity.

Rules (each documented where a file could be read more than one way):
- Every segment of every track forms one activity, segments ordered by their first time; a gap
  between segments is a pause: no distance is counted across it, and ``timer_s`` sums the
  segments' own durations while ``elapsed_s`` runs from the first to the last point.
- Points without a time are dropped. A file where no track point has a time is a route or a
  planned track; one where fewer than half have is treated the same (a few timed points in a
  drawn track are not a recording). Fewer than two timed points: nothing to measure. Points a
  median of more than an hour apart are no recording either (:func:`trackpoints.sparse_reason`).
- Distance is geodesic over all points (haversine, see :mod:`geodesy`); speed is the file's
  (``<speed>`` in GPX 1.0 or an extension) where given, else distance over time.
- Extensions are matched by local name whatever their namespace: ``hr``/``heartrate``,
  ``cad``/``cadence``, ``atemp``/``temp``/``temperature``, ``power``/``watts``/``PowerInWatts``,
  ``speed``.
- Sport: a ``<type>`` that names a sport (see :mod:`sports`) wins. Otherwise the sport is
  inferred from speed (:func:`trackpoints.infer_sport`): a runner importing GPX files is most
  often importing runs, yet a walk must not count as one.
- Cadence of foot sports follows Garmin's TrackPointExtension: strides per minute, doubled to
  steps per minute (unless the values show steps already; see :func:`trackpoints.cadence_column`).
- Times: offsets in timestamps are honoured, naive times are UTC; a numeric offset on the first
  point gives the activity's ``utc_offset_s``.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from backstride.errors import FileFormatError
from backstride.formats.sports import sport_from_name
from backstride.formats.timestamps import epoch_s, stated_offset_s, utc_from_epoch
from backstride.formats.trackpoints import (
    Points,
    cadence_column,
    derived_speed_mps,
    fill_distance,
    fill_speed,
    infer_sport_noting,
    make_stream,
    new_columns,
    segment_spans_s,
    sparse_reason,
    to_float,
    to_points,
)
from backstride.formats.xmlsafe import local_name, namespace_of, parse_xml
from backstride.model import Activity, Channel, Recording, SourceFormat, Sport, SubSport

#: Extension element local names (lower case) and the raw column each fills.
_EXTENSION_FIELDS: dict[str, str] = {
    "hr": "hr_bpm", "heartrate": "hr_bpm", "heart_rate": "hr_bpm",
    "cad": "cadence_raw", "cadence": "cadence_raw", "runcadence": "run_cadence",
    "atemp": "temperature_c", "temp": "temperature_c", "temperature": "temperature_c",
    "power": "power_w", "watts": "power_w", "powerinwatts": "power_w",
    "speed": "speed_mps",
}  # fmt: skip

_MIN_TIMED_SHARE = 0.5


def read_gpx(data: bytes, path: str = "<bytes>") -> Recording:
    """Decode a GPX file into a Recording with one activity; see the module docstring.

    Raises FileFormatError (with a reason) for anything that is not a recorded track, and
    UnsafeInputError for hostile XML.
    """
    parsed = parse_xml(data, path)
    root = parsed.root
    if local_name(root.tag) != "gpx":
        raise FileFormatError(path, f"not a GPX file: the root element is <{local_name(root.tag)}>")
    ns = namespace_of(root.tag)
    raw, total = _collect_points(root, ns)
    _check_recorded(root, ns, raw["time_s"], total, path)
    points = to_points(raw)
    if len(points) < 2:
        raise FileFormatError(path, "only one timed track point: nothing to measure")
    sparse = sparse_reason(points)
    if sparse is not None:
        raise FileFormatError(path, sparse)
    activity = _activity(root, ns, points)
    warnings = list(parsed.warnings) + points.warnings
    return Recording(SourceFormat.GPX, (activity,), None, tuple(warnings))


def _collect_points(root: ET.Element, ns: str) -> tuple[dict[str, list[float]], int]:
    """Raw columns of every track point, and how many track points the file holds."""
    raw = new_columns()
    for segment, trkseg in enumerate(root.iter(f"{ns}trkseg")):
        for trkpt in trkseg.iter(f"{ns}trkpt"):
            _append_point(raw, trkpt, float(segment))
    return raw, len(raw["time_s"])


def _append_point(raw: dict[str, list[float]], trkpt: ET.Element, segment: float) -> None:
    values = {
        "lat_deg": to_float(trkpt.get("lat")),
        "lon_deg": to_float(trkpt.get("lon")),
        "segment": segment,
    }
    for child in trkpt:
        name = local_name(child.tag) if isinstance(child.tag, str) else ""
        if name == "time":
            values["time_s"] = epoch_s(child.text)
        elif name == "ele":
            values["altitude_m"] = to_float(child.text)
        elif name == "speed":
            values["speed_mps"] = to_float(child.text)
        elif name == "extensions":
            _read_extensions(child, values)
    for column, target in raw.items():
        target.append(values.get(column, math.nan))


def _read_extensions(extensions: ET.Element, values: dict[str, float]) -> None:
    for element in extensions.iter():
        if not isinstance(element.tag, str) or element.text is None:
            continue
        column = _EXTENSION_FIELDS.get(local_name(element.tag).lower())
        if column is not None and column not in values:
            value = to_float(element.text)
            if not math.isnan(value):
                values[column] = value


def _check_recorded(root: ET.Element, ns: str, times: list[float], total: int, path: str) -> None:
    """Raise the reason a file holds no recorded track."""
    if total == 0:
        if next(root.iter(f"{ns}rtept"), None) is not None:
            raise FileFormatError(path, "holds a route (planned path), not a recorded activity")
        if next(root.iter(f"{ns}wpt"), None) is not None:
            raise FileFormatError(path, "holds only waypoints, not a recorded activity")
        raise FileFormatError(path, "holds no track points (metadata only)")
    timed = sum(1 for t in times if not math.isnan(t))
    first_time = root.findtext(f".//{ns}trkpt/{ns}time")
    if timed == 0 and first_time is not None:
        shown = first_time.strip()[:40]
        raise FileFormatError(
            path,
            f"track point times are unreadable or out of range, e.g. {shown!r} "
            "(ISO 8601 between 1970 and 2100 expected)",
        )
    if timed == 0:
        raise FileFormatError(
            path, "no timestamps: a route or planned track, not a recorded activity"
        )
    if timed < _MIN_TIMED_SHARE * total:
        raise FileFormatError(
            path,
            f"only {timed} of {total} track points have a time: a route or planned track, "
            "not a recorded activity",
        )


def _stated_sport(root: ET.Element, ns: str) -> tuple[Sport, SubSport] | None:
    for trk in root.iter(f"{ns}trk"):
        found = sport_from_name(trk.findtext(f"{ns}type"))
        if found is not None:
            return found
    return None


def _name(root: ET.Element, ns: str) -> str | None:
    for candidate in (root.findtext(f"{ns}trk/{ns}name"), root.findtext(f"{ns}metadata/{ns}name")):
        if candidate and candidate.strip():
            return candidate.strip()
    return None


def _first_offset(root: ET.Element, ns: str) -> int | None:
    first_time = root.find(f".//{ns}trkpt/{ns}time")
    return None if first_time is None else stated_offset_s(first_time.text)


def _activity(root: ET.Element, ns: str, points: Points) -> Activity:
    t, segment = points["time_s"], points["segment"]
    distance = fill_distance(points)
    speed = fill_speed(points["speed_mps"], derived_speed_mps(distance, t, segment))
    stated = _stated_sport(root, ns)
    if stated is not None:
        sport, sub_sport = stated
    else:
        sport, note = infer_sport_noting(speed)
        sub_sport = SubSport.GENERIC
        points.warnings.append(note)
    cadence_name, cadence, cadence_note = cadence_column(points, sport)
    if cadence_note:
        points.warnings.append(cadence_note)
    columns = {
        Channel.TIME_S.value: t,
        Channel.LAT_DEG.value: points["lat_deg"],
        Channel.LON_DEG.value: points["lon_deg"],
        Channel.ALTITUDE_M.value: points["altitude_m"],
        Channel.DISTANCE_M.value: distance,
        Channel.SPEED_MPS.value: speed,
        Channel.HR_BPM.value: points["hr_bpm"],
        cadence_name: cadence,
        Channel.TEMPERATURE_C.value: points["temperature_c"],
        Channel.POWER_W.value: points["power_w"],
    }
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=utc_from_epoch(float(t[0])),
        stream=make_stream(columns),
        utc_offset_s=_first_offset(root, ns),
        elapsed_s=float(t[-1] - t[0]),
        timer_s=segment_spans_s(t, segment),
        distance_m=float(distance[-1]),
        name=_name(root, ns),
    )
