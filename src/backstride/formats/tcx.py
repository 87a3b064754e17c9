"""TCX (Garmin Training Center Database v2) reader: each ``<Activity>`` becomes one activity.

Rules:
- ``Activities/Activity`` and the legs of ``MultiSportSession`` (``FirstSport``/``NextSport``)
  each give one activity, with the ``Sport`` attribute mapped by :mod:`sports` (``Other``, or a
  name we do not know, is ``Sport.OTHER``: no guessing when the file states a sport).
- Laps come from ``<Lap StartTime>`` with ``TotalTimeSeconds`` (timer time), ``DistanceMeters``,
  heart rate, ``Calories``, ``Cadence`` and the ``LX`` extension (``AvgSpeed``,
  ``AvgRunCadence``, ``AvgWatts``). A lap's elapsed time runs to the next lap's start (the last
  lap's to the activity's end); its average speed is distance over timer time, else ``AvgSpeed``.
- Trackpoints: ``Time``, ``Position`` (absent on a treadmill), ``AltitudeMeters``,
  ``DistanceMeters`` (gaps interpolated in time; geodesic from positions only when the file has
  no distances at all), ``HeartRateBpm``, ``Cadence``, and the ``TPX`` extension (``Speed``,
  ``RunCadence`` in strides per minute, doubled to steps, ``Watts``). Extension elements are
  matched by local name whatever their namespace prefix.
- Sub-sport: ``TREADMILL`` only when the activity says so in text (``Notes``, the training plan
  name, or an activity-level extension naming a treadmill or indoor run); a run without
  positions is otherwise ``GENERIC`` - GPS can be lost outdoors too, and the runner can set the
  surface.
- Start: the earlier of the first lap's ``StartTime`` and the first trackpoint (the ``Id`` only
  when neither exists). Elapsed: end minus start, the end being the last trackpoint or the last
  lap's start plus its timer time. Distance: the last trackpoint distance, else (no trackpoint
  distance, or none above 0) the laps' sum.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import numpy as np

from backstride.errors import FileFormatError
from backstride.formats.sports import sport_from_name
from backstride.formats.timestamps import epoch_s, stated_offset_s, utc_from_epoch
from backstride.formats.trackpoints import (
    FloatArray,
    Points,
    cadence_column,
    derived_speed_mps,
    fill_distance,
    fill_speed,
    looks_like_steps,
    make_stream,
    new_columns,
    to_float,
    to_points,
)
from backstride.formats.xmlsafe import local_name, namespace_of, parse_xml
from backstride.model import (
    Activity,
    Channel,
    Device,
    Lap,
    Recording,
    SourceFormat,
    Sport,
    SubSport,
)
from backstride.model.activity import FOOT_SPORTS

_TREADMILL_TEXT = re.compile(r"treadmill|indoor[ _-]?run|laufband", re.IGNORECASE)

#: Trackpoint extension local names (lower case) and the raw column each fills.
_TPX_FIELDS = {"speed": "speed_mps", "runcadence": "run_cadence", "watts": "power_w"}

#: Lap extension (LX) local names we read.
_LX_FIELDS = ("avgspeed", "avgruncadence", "avgwatts")

#: Words in a TCX ``Creator/Name`` and the FIT manufacturer name they stand for.
_BRANDS = {
    "garmin": "garmin", "forerunner": "garmin", "fenix": "garmin", "vívoactive": "garmin",
    "vivoactive": "garmin", "venu": "garmin", "edge": "garmin", "epix": "garmin",
    "polar": "polar", "suunto": "suunto", "tomtom": "tomtom", "coros": "coros", "wahoo": "wahoo",
}  # fmt: skip


@dataclass(slots=True)
class _Leg:
    """What one ``<Activity>`` holds, before it becomes a model Activity."""

    sport: Sport
    sub_sport: SubSport
    laps: list[dict[str, float]] = field(default_factory=list)
    raw: dict[str, list[float]] = field(default_factory=new_columns)
    id_time_s: float = math.nan
    offset_s: int | None = None
    notes: str | None = None


def read_tcx(data: bytes, path: str = "<bytes>") -> Recording:
    """Decode a TCX file into a Recording with one activity per ``<Activity>``.

    Raises FileFormatError (with a reason) when the file holds no recorded activity, and
    UnsafeInputError for hostile XML.
    """
    parsed = parse_xml(data, path)
    root = parsed.root
    if local_name(root.tag) != "TrainingCenterDatabase":
        raise FileFormatError(path, f"not a TCX file: the root element is <{local_name(root.tag)}>")
    ns = namespace_of(root.tag)
    warnings = list(parsed.warnings)
    activities = []
    for element in root.iter(f"{ns}Activity"):
        activity = _activity(_read_leg(element, ns), warnings)
        if activity is not None:
            activities.append(activity)
    if not activities:
        raise FileFormatError(path, _why_empty(root, ns))
    activities.sort(key=lambda a: a.start_utc)
    return Recording(SourceFormat.TCX, tuple(activities), _device(root, ns), tuple(warnings))


def _why_empty(root: ET.Element, ns: str) -> str:
    if next(root.iter(f"{ns}Activity"), None) is not None:
        return "its activities hold no lap or trackpoint with a time"
    if next(root.iter(f"{ns}Course"), None) is not None:
        return "holds a course (planned route), not a recorded activity"
    if next(root.iter(f"{ns}Workout"), None) is not None:
        return "holds workouts (plans), not a recorded activity"
    return "holds no activities"


def _read_leg(element: ET.Element, ns: str) -> _Leg:
    stated = sport_from_name(element.get("Sport"))
    sport, sub_sport = stated if stated is not None else (Sport.OTHER, SubSport.GENERIC)
    leg = _Leg(sport, sub_sport)
    leg.id_time_s = epoch_s(element.findtext(f"{ns}Id"))
    leg.notes = (element.findtext(f"{ns}Notes") or "").strip() or None
    if sport == Sport.RUNNING and _says_treadmill(element, ns):
        leg.sub_sport = SubSport.TREADMILL
    for lap in element.iter(f"{ns}Lap"):
        leg.laps.append(_read_lap(lap, ns))
        for trackpoint in lap.iter(f"{ns}Trackpoint"):
            _append_trackpoint(leg.raw, trackpoint)
            if leg.offset_s is None and len(leg.raw["time_s"]) == 1:
                leg.offset_s = stated_offset_s(trackpoint.findtext(f"{ns}Time"))
    return leg


def _says_treadmill(element: ET.Element, ns: str) -> bool:
    texts = [element.get("Sport") or "", element.findtext(f"{ns}Notes") or ""]
    texts += [plan.findtext(f"{ns}Name") or "" for plan in element.iter(f"{ns}Plan")]
    for extensions in element.findall(f"{ns}Extensions"):
        texts += [e.text or "" for e in extensions.iter()]
    return any(_TREADMILL_TEXT.search(text) for text in texts)


def _value_of(element: ET.Element | None, ns: str) -> float:
    """The number in ``<X><Value>n</Value></X>`` (heart rate elements)."""
    return math.nan if element is None else to_float(element.findtext(f"{ns}Value"))


def _read_lap(lap: ET.Element, ns: str) -> dict[str, float]:
    values = {
        "start_s": epoch_s(lap.get("StartTime")),
        "timer_s": to_float(lap.findtext(f"{ns}TotalTimeSeconds")),
        "distance_m": to_float(lap.findtext(f"{ns}DistanceMeters")),
        "calories_kcal": to_float(lap.findtext(f"{ns}Calories")),
        "avg_hr_bpm": _value_of(lap.find(f"{ns}AverageHeartRateBpm"), ns),
        "max_hr_bpm": _value_of(lap.find(f"{ns}MaximumHeartRateBpm"), ns),
        "cadence": to_float(lap.findtext(f"{ns}Cadence")),
    }
    for extensions in lap.findall(f"{ns}Extensions"):
        for element in extensions.iter():
            if isinstance(element.tag, str) and element.text:
                name = local_name(element.tag).lower()
                if name in _LX_FIELDS:
                    values[name] = to_float(element.text)
    return values


def _append_trackpoint(raw: dict[str, list[float]], trackpoint: ET.Element) -> None:
    values = {"segment": 0.0}
    for child in trackpoint:
        name = local_name(child.tag) if isinstance(child.tag, str) else ""
        if name == "Time":
            values["time_s"] = epoch_s(child.text)
        elif name == "Position":
            for coordinate in child:
                key = local_name(coordinate.tag) if isinstance(coordinate.tag, str) else ""
                if key == "LatitudeDegrees":
                    values["lat_deg"] = to_float(coordinate.text)
                elif key == "LongitudeDegrees":
                    values["lon_deg"] = to_float(coordinate.text)
        elif name == "AltitudeMeters":
            values["altitude_m"] = to_float(child.text)
        elif name == "DistanceMeters":
            values["distance_m"] = to_float(child.text)
        elif name == "HeartRateBpm":
            values["hr_bpm"] = to_float(next((v.text for v in child), None))
        elif name == "Cadence":
            values["cadence_raw"] = to_float(child.text)
        elif name == "Extensions":
            _read_tpx(child, values)
    for column, target in raw.items():
        target.append(values.get(column, math.nan))


def _read_tpx(extensions: ET.Element, values: dict[str, float]) -> None:
    for element in extensions.iter():
        if isinstance(element.tag, str) and element.text:
            column = _TPX_FIELDS.get(local_name(element.tag).lower())
            if column is not None:
                values[column] = to_float(element.text)


def _activity(leg: _Leg, warnings: list[str]) -> Activity | None:
    """The model Activity of one leg, or None when it holds no time at all."""
    points = to_points(leg.raw)
    warnings.extend(points.warnings)
    start = _start_s(leg, points)
    if start is None:
        return None
    columns = _columns(points, leg.sport, warnings) if len(points) else {}
    end = _end_s(leg, points, start)
    laps = _laps(leg, end)
    return Activity(
        sport=leg.sport,
        sub_sport=leg.sub_sport,
        start_utc=utc_from_epoch(start),
        stream=make_stream(columns),
        laps=laps,
        utc_offset_s=leg.offset_s,
        elapsed_s=end - start,
        timer_s=_sum([lap.timer_s for lap in laps]),
        distance_m=_activity_distance(columns.get(Channel.DISTANCE_M.value), laps),
        avg_hr_bpm=_weighted([(lap.avg_hr_bpm, lap.timer_s) for lap in laps]),
        max_hr_bpm=_max([lap.max_hr_bpm for lap in laps]),
        avg_cadence_spm=_weighted([(lap.avg_cadence_spm, lap.timer_s) for lap in laps]),
        calories_kcal=_sum([lap.calories_kcal for lap in laps]),
        name=leg.notes,
    )


def _start_s(leg: _Leg, points: Points) -> float | None:
    candidates = [lap["start_s"] for lap in leg.laps[:1] if not math.isnan(lap["start_s"])]
    if len(points):
        candidates.append(float(points["time_s"][0]))
    if not candidates and not math.isnan(leg.id_time_s):
        candidates.append(leg.id_time_s)
    return min(candidates) if candidates else None


def _end_s(leg: _Leg, points: Points, start: float) -> float:
    candidates = [start]
    if len(points):
        candidates.append(float(points["time_s"][-1]))
    last = leg.laps[-1] if leg.laps else None
    if last is not None and not math.isnan(last["start_s"] + last["timer_s"]):
        candidates.append(last["start_s"] + last["timer_s"])
    return max(candidates)


def _columns(points: Points, sport: Sport, warnings: list[str]) -> dict[str, FloatArray]:
    t = points["time_s"]
    distance = fill_distance(points)
    speed = fill_speed(points["speed_mps"], derived_speed_mps(distance, t, points["segment"]))
    cadence_name, cadence, note = cadence_column(points, sport)
    if note:
        warnings.append(note)
    return {
        Channel.TIME_S.value: t,
        Channel.LAT_DEG.value: points["lat_deg"],
        Channel.LON_DEG.value: points["lon_deg"],
        Channel.ALTITUDE_M.value: points["altitude_m"],
        Channel.DISTANCE_M.value: distance,
        Channel.SPEED_MPS.value: speed,
        Channel.HR_BPM.value: points["hr_bpm"],
        cadence_name: cadence,
        Channel.POWER_W.value: points["power_w"],
    }


def _laps(leg: _Leg, end_s: float) -> tuple[Lap, ...]:
    timed = [lap for lap in leg.laps if not math.isnan(lap["start_s"])]
    laps = []
    for index, lap in enumerate(timed):
        next_start = timed[index + 1]["start_s"] if index + 1 < len(timed) else end_s
        laps.append(
            Lap(
                start_utc=utc_from_epoch(lap["start_s"]),
                elapsed_s=max(next_start - lap["start_s"], 0.0),
                timer_s=_opt(lap["timer_s"]),
                distance_m=_opt(lap["distance_m"]),
                avg_speed_mps=_lap_speed(lap),
                avg_hr_bpm=_opt(lap["avg_hr_bpm"]),
                max_hr_bpm=_opt(lap["max_hr_bpm"]),
                avg_cadence_spm=_lap_cadence(lap, leg.sport),
                calories_kcal=_opt(lap["calories_kcal"]),
            )
        )
    return tuple(laps)


def _lap_speed(lap: dict[str, float]) -> float | None:
    """Distance over timer time; the stated AvgSpeed only when those are missing (Polar writes
    AvgSpeed in km/h)."""
    if lap["timer_s"] > 0 and not math.isnan(lap["distance_m"]):
        return lap["distance_m"] / lap["timer_s"]
    return _opt(lap.get("avgspeed", math.nan))


def _lap_cadence(lap: dict[str, float], sport: Sport) -> float | None:
    """Steps per minute: LX AvgRunCadence (strides) doubled, else a foot sport's lap Cadence."""
    strides = lap.get("avgruncadence", math.nan)
    if not math.isnan(strides):
        return 2.0 * strides
    cadence = lap["cadence"]
    if math.isnan(cadence) or sport not in FOOT_SPORTS:
        return None
    return cadence if looks_like_steps(np.array([cadence]), sport) else 2.0 * cadence


def _activity_distance(distance: FloatArray | None, laps: tuple[Lap, ...]) -> float | None:
    """The last trackpoint distance; the laps' sum where the trackpoints cover none."""
    covered = None
    if distance is not None and np.isfinite(distance).any():
        covered = float(np.nanmax(distance))
    if covered:
        return covered
    return _sum([lap.distance_m for lap in laps]) or covered


def _device(root: ET.Element, ns: str) -> Device | None:
    creator = next(root.iter(f"{ns}Creator"), None)
    if creator is None:
        return None
    name = (creator.findtext(f"{ns}Name") or "").strip() or None
    unit = (creator.findtext(f"{ns}UnitId") or "").strip()
    major = creator.findtext(f"{ns}Version/{ns}VersionMajor")
    minor = creator.findtext(f"{ns}Version/{ns}VersionMinor")
    words = (name or "").lower().split()
    maker = next((_BRANDS[w] for w in words if w in _BRANDS), None)
    return Device(
        manufacturer=maker,
        product=name,
        serial_number=unit if unit and unit != "0" else None,
        software_version=f"{major.strip()}.{minor.strip()}" if major and minor else None,
    )


def _opt(value: float) -> float | None:
    return None if math.isnan(value) else value


def _sum(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return float(sum(present)) if present else None


def _max(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _weighted(pairs: list[tuple[float | None, float | None]]) -> float | None:
    """Mean of values weighted by timer time (plain mean when no weights are known)."""
    present = [(v, w or 0.0) for v, w in pairs if v is not None]
    if not present:
        return None
    total = sum(w for _, w in present)
    if total <= 0:
        return sum(v for v, _ in present) / len(present)
    return sum(v * w for v, w in present) / total
