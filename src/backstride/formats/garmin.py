"""A Garmin account export's gear: the runner's shoes, and which activities each was worn on.

The export Garmin sends on request holds the uploaded activity files in zips under
``DI_CONNECT/DI-Connect-Uploaded-Files/`` (walked like any nested zip) and, under
``DI_CONNECT/DI-Connect-Fitness/``, JSON lists:

- ``<user>_gear.json``: ``[{"gearDTOS": [...], "gearActivityDTOs": {"<gearPk>": [{"activityId":
  ...}, ...]}}]``. A gear item has ``gearPk``, ``gearTypeName`` ("Shoes", "Bike" ...),
  ``displayName`` (the runner's name for it), ``customMakeModel``, ``gearMakeName``,
  ``gearModelName``, ``gearStatusName`` ("active", "retired") and ``dateEnd``.
- ``<user>_<n>_summarizedActivities.json``: ``[{"summarizedActivitiesExport": [{"activityId",
  "startTimeGmt" (milliseconds since 1970, UTC), ...}]}]`` (a plain list of the activities is
  read too).

The lists link gear to Garmin's own activity ids, not to files, so the link is carried by start
time: :attr:`ExportGear.by_start` maps the start of each linked activity to its gear, and the
importer gives that gear to the file whose activity starts then (on foot only). Gear whose type
names shoes is listed as a shoe (name: the runner's name for it, else make and model); gear of
another type (a bike) never becomes a shoe; gear without a type is linked but not listed.

Every list is untrusted: lists over :data:`MAX_LIST_BYTES` are not read, at most ``max_items``
activities and links and
:data:`~backstride.formats.exports.MAX_GEAR_ROWS` gear items are read from each, names are cut
to the store's sizes, and a list that is not JSON in this shape gives no gear, never an error.
"""

from __future__ import annotations

import itertools
import json
import math
import posixpath
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from backstride.formats.exports import (
    MAX_ACTIVITY_NAME,
    MAX_GEAR_ROWS,
    MAX_SHOE_NAME,
    MAX_SHOE_PART,
    ExportGear,
    ExportShoe,
)

FITNESS_FOLDER = "di-connect-fitness"
#: Largest list read. A real list of ten years of daily runs is about 20 MB; parsed JSON takes
#: several times its size in memory, so a hostile list is refused long before that matters.
MAX_LIST_BYTES = 32 << 20
GEAR_LIST, ACTIVITY_LIST = "gear", "activities"
#: Starts outside these years are not times a file could share (a broken or hostile value).
_EARLIEST_S, _LATEST_S = 631_152_000, 4_102_444_800  # 1990-01-01, 2100-01-01 UTC
#: Makes (and models) that name none.
_NO_MAKE = frozenset({"", "other", "unknown"})
#: Words in a gear type that make it footwear.
_SHOE_KINDS = ("shoe", "footwear")


def garmin_list(rel: str) -> str | None:
    """:data:`GEAR_LIST` or :data:`ACTIVITY_LIST` for a Garmin export's JSON list at ``rel`` (a
    POSIX path in the export), else None."""
    folder, name = posixpath.split(rel.lower())
    if posixpath.basename(folder) != FITNESS_FOLDER or not name.endswith(".json"):
        return None
    if name.endswith("_gear.json"):
        return GEAR_LIST
    if "summarizedactivities" in name:
        return ACTIVITY_LIST
    return None


def parse_garmin_gear(
    gear_lists: Iterable[bytes], activity_lists: Iterable[bytes], max_items: int
) -> ExportGear:
    """The shoes of a Garmin export, the start of each activity its gear is linked to, and
    the name the export gives each activity (by its start)."""
    starts, names = _activity_starts(activity_lists, max_items)
    shoes: dict[str, ExportShoe] = {}
    by_start: dict[int, str] = {}
    for data in gear_lists:
        for root in _roots(data):
            items = _list(root, "gearDTOS")[:MAX_GEAR_ROWS]
            linked = _links(root.get("gearActivityDTOs"), max_items)
            for item in filter(_is_dict, items):
                kind = _text(item, "gearTypeName") or _text(item, "gearType")
                name, brand, model = _names(item)
                if name is None or (kind is not None and not _is_shoe(kind)):
                    continue
                worn = sorted(
                    starts[a] for a in linked.get(_key(item.get("gearPk")) or "", ()) if a in starts
                )
                for start in worn:
                    by_start.setdefault(start, name)
                if kind is not None and name.casefold() not in shoes:
                    shoes[name.casefold()] = ExportShoe(
                        name, brand, model, retired_utc=_retired(item, worn)
                    )
    return ExportGear(tuple(shoes.values()), by_start, names)


def _is_shoe(kind: str) -> bool:
    return any(word in kind.casefold() for word in _SHOE_KINDS)


def _roots(data: bytes) -> list[dict[str, Any]]:
    """The objects of a list file (``[{...}]`` or ``{...}``); none when it is not JSON."""
    try:
        loaded = json.loads(data.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        return []
    found = loaded if isinstance(loaded, list) else [loaded]
    return [root for root in found[:MAX_GEAR_ROWS] if isinstance(root, dict)]


def _activity_starts(
    lists: Iterable[bytes], max_items: int
) -> tuple[dict[str, int], dict[int, str]]:
    """Garmin activity id -> start in Unix seconds, and start -> the activity's name, from the
    summarized-activities lists."""
    starts: dict[str, int] = {}
    names: dict[int, str] = {}
    for data in lists:
        for root in _roots(data):
            items = _list(root, "summarizedActivitiesExport") or [root]
            for item in filter(_is_dict, items):
                if len(starts) >= max_items:
                    return starts, names
                start = _number(item.get("startTimeGmt"))
                activity = _key(item.get("activityId"))
                if activity is not None and start is not None:
                    seconds = round(start / 1000.0)
                    if _EARLIEST_S <= seconds < _LATEST_S:
                        starts[activity] = seconds
                        name = _text(item, "name")
                        if name is not None:
                            names.setdefault(seconds, name[:MAX_ACTIVITY_NAME])
    return starts, names


def _links(value: object, max_items: int) -> dict[str, list[str]]:
    """gearPk -> the activity ids linked to it, from ``{"<gearPk>": [{"activityId"}]}`` or a
    plain list of ``{"gearPk", "activityId"}``."""
    pairs: Iterator[tuple[object, object]]
    if isinstance(value, dict):
        pairs = (
            (pk, item) for pk, items in value.items() if isinstance(items, list) for item in items
        )
    elif isinstance(value, list):
        pairs = ((item.get("gearPk") if isinstance(item, dict) else None, item) for item in value)
    else:
        return {}
    links: dict[str, list[str]] = {}
    for pk, item in itertools.islice(pairs, max_items):
        gear, activity = _key(pk), _key(item.get("activityId")) if isinstance(item, dict) else None
        if gear is not None and activity is not None:
            links.setdefault(gear, []).append(activity)
    return links


def _names(item: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """The name backstride keeps for a gear item, and its make and model."""
    brand, model = _text(item, "gearMakeName"), _text(item, "gearModelName")
    brand = None if brand is None or brand.casefold() in _NO_MAKE else brand[:MAX_SHOE_PART]
    model = None if model is None or model.casefold() in _NO_MAKE else model[:MAX_SHOE_PART]
    made = " ".join(p for p in (brand, model) if p) or None
    name = _text(item, "displayName") or _text(item, "customMakeModel") or made
    return (None if name is None else name[:MAX_SHOE_NAME]), brand, model


def _retired(item: dict[str, Any], worn: list[int]) -> datetime | None:
    """When a retired shoe was retired: its end date, else its last linked activity."""
    status = _text(item, "gearStatusName")
    if status is None or status.casefold() != "retired":
        return None
    end = item.get("dateEnd")
    if isinstance(end, str):
        try:
            parsed = datetime.fromisoformat(end.strip())
        except ValueError:
            parsed = None
        if parsed is not None and 1990 <= parsed.year < 2100:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    elif (ms := _number(end)) is not None and _EARLIEST_S <= ms / 1000.0 < _LATEST_S:
        return datetime.fromtimestamp(ms / 1000.0, UTC)
    return datetime.fromtimestamp(worn[-1], UTC) if worn else None


def _list(root: dict[str, Any], key: str) -> list[Any]:
    value = root.get(key)
    return value if isinstance(value, list) else []


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _key(value: object) -> str | None:
    """An id as text (JSON gives numbers, dictionary keys give strings)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    text = value.strip() if isinstance(value, str) else ""
    if 0 < len(text) <= 30 and text.isascii() and text.isdigit():
        return str(int(text))
    return None


def _is_dict(value: object) -> bool:
    return isinstance(value, dict)


def _number(value: object) -> float | None:
    """A finite JSON number as a float, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return float(value) if abs(value) < 10**18 else None
    return value if math.isfinite(value) else None
