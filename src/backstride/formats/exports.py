"""Layouts of exported activity collections: Strava's bulk export and per-gear folders.

Strava bulk export: ``activities.csv`` beside an ``activities/`` folder. The csv has duplicated
column names (``Elapsed Time``, ``Distance``, ``Commute`` ... appear twice with different
units), so columns are found by position: the first column of each name is used. ``Filename``
is the file's path relative to the csv's folder (empty for activities entered by hand, which
are skipped); ``Activity Gear``, ``Activity Name`` and ``Activity Type`` travel with the file.
The importer makes the gear a shoe only for activities on foot (a ride's gear is a bike).

Gear folders (the geo-activity-playground layout, ../shared/data/export/gear_folders_*):
``Activities/<kind>/<gear>/<file>``. It is recognised when a folder named ``Activities`` (any
case) holds activity files only exactly two folder levels down, and neither level is a number
(``Activities/2021/03/run.fit`` is a date layout, not gear). Then ``<kind>`` is the sport hint
(a folder name in the runner's words, e.g. ``Spaziergang``) and ``<gear>`` the gear name.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

STRAVA_CSV = "activities.csv"
GEAR_ROOT = "activities"

_NUMERIC_FOLDER = re.compile(r"^[\d\s._-]+$")


@dataclass(frozen=True, slots=True)
class StravaRow:
    """One row of Strava's ``activities.csv`` that names a file."""

    filename: str  # normalised POSIX path relative to the csv's folder
    gear_name: str | None
    activity_name: str | None
    activity_type: str | None


@dataclass(frozen=True, slots=True)
class GearPlacement:
    """Where a file sits in the gear-folder layout."""

    kind: str
    gear_name: str


def normalise_path(name: str) -> str:
    """A member or csv path as a POSIX path without ``./`` parts."""
    path = posixpath.normpath(name.replace("\\", "/"))
    return "" if path == "." else path


def parse_strava_csv(data: bytes) -> list[StravaRow] | None:
    """Rows naming a file, in csv order (first row per file); None when the csv has no
    ``Filename`` column (not a Strava export). A malformed line ends the reading."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    rows: list[StravaRow] = []
    try:
        header = next(reader, None)
        if not header:
            return None
        first: dict[str, int] = {}
        for position, name in enumerate(header):
            first.setdefault(name.strip(), position)
        if "Filename" not in first:
            return None
        seen: set[str] = set()
        for record in reader:
            row = _row(record, first)
            if row is not None and row.filename not in seen:
                seen.add(row.filename)
                rows.append(row)
    except csv.Error:
        pass  # keep the rows read so far; the files not listed are still imported
    return rows


def _row(record: list[str], first: dict[str, int]) -> StravaRow | None:
    def cell(name: str) -> str | None:
        position = first.get(name)
        if position is None or position >= len(record):
            return None
        return record[position].strip() or None

    filename = cell("Filename")
    if filename is None:
        return None
    return StravaRow(
        normalise_path(filename),
        cell("Activity Gear"),
        cell("Activity Name"),
        cell("Activity Type"),
    )


def gear_layout(root: str, activity_paths: Iterable[str]) -> dict[str, GearPlacement] | None:
    """Placements of the activity files under ``root`` (an ``Activities`` folder), or None when
    they do not follow the gear-folder layout (see the module docstring)."""
    placements: dict[str, GearPlacement] = {}
    prefix = f"{root}/" if root else ""
    for path in activity_paths:
        parts = path[len(prefix) :].split("/")
        if len(parts) != 3 or any(_NUMERIC_FOLDER.match(p) for p in parts[:2]):
            return None
        placements[path] = GearPlacement(kind=parts[0], gear_name=parts[1])
    return placements or None


def is_gear_root(folder: str) -> bool:
    """True for a folder named ``Activities`` (any case)."""
    return posixpath.basename(folder).lower() == GEAR_ROOT
