"""Layouts of exported activity collections: Strava's bulk export and per-gear folders.

Strava bulk export: ``activities.csv`` beside an ``activities/`` folder. The csv has duplicated
column names (``Elapsed Time``, ``Distance``, ``Commute`` ... appear twice with different
units), so columns are found by position: the first column of each name is used. ``Filename``
is the file's path relative to the csv's folder (empty for activities entered by hand, which
are skipped); ``Activity Gear``, ``Activity Name`` and ``Activity Type`` travel with the file.
Strava writes the column names in the account's language (``Dateiname``,
``Aktivitätsausrüstung`` ... in a German export): the names known for each column are in
:data:`STRAVA_COLUMNS`; in a language not listed, the file column is the one whose cells name
files under ``activities/``, and the gear, name and type are left out.
The importer makes the gear a shoe only for activities on foot (a ride's gear is a bike).
``shoes.csv`` and ``bikes.csv`` beside it list the runner's gear (``Shoe Name``, ``Shoe Brand``,
``Shoe Model``; ``Bike Name``): every listed shoe is kept, with its brand and model, even one
no activity names; an activity's gear that names a listed bike is no shoe. Which name
``Activity Gear`` uses for a shoe is not documented: the nickname, "Brand Model", or "Brand
Model Nickname" are all taken as that shoe.

Gear folders (the geo-activity-playground layout, ../shared/data/export/gear_folders_*):
``Activities/<kind>/<gear>/<file>``. It is recognised when a folder named ``Activities`` (any
case) holds activity files only exactly two folder levels down, and neither level is a number
(``Activities/2021/03/run.fit`` is a date layout, not gear). Then ``<kind>`` is the sport hint
(a folder name in the runner's words, e.g. ``Spaziergang``) and ``<gear>`` the gear name.
"""

from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import _csv

STRAVA_CSV = "activities.csv"
SHOES_CSV = "shoes.csv"
BIKES_CSV = "bikes.csv"
#: Longest shoe name, brand and model kept (the store's column sizes).
MAX_SHOE_NAME, MAX_SHOE_PART = 200, 100
#: Longest activity name kept from an export (Strava allows far fewer).
MAX_ACTIVITY_NAME = 500
#: Rows read from each gear list: far more pairs than anyone owns, few enough that a hostile list
#: of millions of rows cannot fill the store.
MAX_GEAR_ROWS = 1000
GEAR_ROOT = "activities"

_NUMERIC_FOLDER = re.compile(r"^[\d\s._-]+$")

#: The names of the columns backstride reads from ``activities.csv`` and ``bikes.csv``, in each
#: language whose export has been seen: English (../shared/data/export); German and French
#: (the names that public code reading real exports uses, found by code search: German in
#: Dennis-E/Triathlon's relevant-export-extractor.js, French in an R script). Where no name of
#: a column is known in a language (the French gear column, German or French ``shoes.csv``), the
#: column is not read.
STRAVA_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "file": ("Filename", "Dateiname", "Nom du fichier"),
    "gear": ("Activity Gear", "Aktivitätsausrüstung"),
    "name": ("Activity Name", "Name der Aktivität", "Nom de l'activité"),
    "type": ("Activity Type", "Aktivitätsart"),
}
BIKE_NAME_COLUMNS = ("Bike Name", "Fahrradname")
#: How many rows are looked at to find the file column of a language not listed.
SNIFF_ROWS = 50
_EXPORT_FILE = re.compile(r"^activities/[^/]+\.(fit|gpx|tcx)(\.gz)?$", re.IGNORECASE)


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


@dataclass(frozen=True, slots=True)
class StravaList:
    """The rows of ``activities.csv`` that name a file, and why reading stopped early (a
    malformed line: its files still import, without the export's names and gear)."""

    rows: list[StravaRow]
    problem: str | None = None


def parse_strava_csv(data: bytes, max_rows: int | None = None) -> StravaList | None:
    """Rows naming a file, in csv order (first row per file); None when no column names files
    (not a Strava export). A malformed line ends the reading (``problem`` says where and why);
    so does the row after ``max_rows`` (the caller sees ``max_rows + 1`` rows and reports the
    excess)."""
    rows: list[StravaRow] = []
    reader = None
    try:
        reader, first = _open_csv(data)
        head = list(itertools.islice(reader, SNIFF_ROWS))
        columns = _strava_columns(first, head)
        if columns is None:
            return None
        seen: set[str] = set()
        for record in itertools.chain(head, reader):
            row = _row(record, columns)
            if row is not None and row.filename not in seen:
                seen.add(row.filename)
                rows.append(row)
                if max_rows is not None and len(rows) > max_rows:
                    break
    except csv.Error as exc:
        line = "" if reader is None else f"line {reader.line_num}: "
        return StravaList(rows, f"{line}{exc}")
    return StravaList(rows)


def _strava_columns(first: Mapping[str, int], head: list[list[str]]) -> dict[str, int] | None:
    """The position of each column read (file, gear, name, type), by its name in any known
    language; else only the file column, found by its cells. None when there is none."""
    found = {
        role: next((first[n] for n in names if n in first), None)
        for role, names in STRAVA_COLUMNS.items()
    }
    if found["file"] is None:
        found = {"file": _file_column(head)}
    if found["file"] is None:
        return None
    return {role: at for role, at in found.items() if at is not None}


def _file_column(head: list[list[str]]) -> int | None:
    """The column whose non-empty cells all name a file under ``activities/`` (at least one)."""
    width = max((len(r) for r in head), default=0)
    for at in range(width):
        cells = [r[at].strip() for r in head if at < len(r) and r[at].strip()]
        if cells and all(_EXPORT_FILE.match(normalise_path(c)) for c in cells):
            return at
    return None


def _open_csv(data: bytes) -> tuple[_csv.Reader, dict[str, int]]:
    """A csv's records after its header, and the position of each column name (the first
    column of a name that appears twice). Raises csv.Error on a malformed header."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    first: dict[str, int] = {}
    for position, name in enumerate(next(reader, [])):
        first.setdefault(name.strip(), position)
    return reader, first


def _row(record: list[str], columns: Mapping[str, int]) -> StravaRow | None:
    def cell(role: str) -> str | None:
        position = columns.get(role)
        if position is None or position >= len(record):
            return None
        return record[position].strip() or None

    filename = cell("file")
    if filename is None:
        return None
    name = cell("name")
    return StravaRow(
        normalise_path(filename),
        cell("gear"),
        None if name is None else name[:MAX_ACTIVITY_NAME],
        cell("type"),
    )


@dataclass(frozen=True, slots=True)
class ExportShoe:
    """A shoe an export lists (Strava's ``shoes.csv``, Garmin's ``*_gear.json``)."""

    name: str  # the name backstride keeps: the nickname, else "Brand Model"
    brand: str | None
    model: str | None
    aliases: frozenset[str] = frozenset()  # the names, folded, that an activity may give it
    retired_utc: datetime | None = None  # when the export says it was retired


@dataclass(frozen=True, slots=True)
class ExportGear:
    """What an export says about the runner's gear, handed over before its activity files."""

    shoes: tuple[ExportShoe, ...] = ()
    #: Activity start (Unix seconds, UTC) -> the name of the gear the export links to it, for
    #: exports that link gear to activities by an id of their own (Garmin), not by file.
    by_start: Mapping[int, str] = field(default_factory=dict)
    #: Activity start (Unix seconds, UTC) -> the name the export gives that activity (Garmin's
    #: activity list), for the file whose activity starts then and names none itself.
    names_by_start: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StravaGear:
    """The gear a Strava export lists; empty when it lists none."""

    shoes: tuple[ExportShoe, ...] = ()
    bikes: frozenset[str] = frozenset()  # folded bike names

    def shoe_name(self, activity_gear: str | None) -> str | None:
        """The shoe to record for an activity's ``Activity Gear``: a listed shoe's name, None
        for a listed bike (or no gear), else the gear name as given."""
        if activity_gear is None:
            return None
        key = _fold(activity_gear)
        for shoe in self.shoes:
            if key in shoe.aliases:
                return shoe.name
        return None if key in self.bikes else activity_gear


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _csv_dicts(data: bytes | None) -> list[dict[str, str]]:
    """The first :data:`MAX_GEAR_ROWS` rows of a small csv as dicts (first column of each
    name); a malformed line ends it."""
    if not data:
        return []
    out: list[dict[str, str]] = []
    try:
        reader, first = _open_csv(data)
        for record in itertools.islice(reader, MAX_GEAR_ROWS):
            out.append(
                {
                    name: " ".join(record[at].split())
                    for name, at in first.items()
                    if at < len(record)
                }
            )
    except csv.Error:
        pass
    return out


def parse_strava_gear(shoes_csv: bytes | None, bikes_csv: bytes | None) -> StravaGear:
    """The shoes and bikes of a Strava export from its ``shoes.csv`` and ``bikes.csv``."""
    shoes: dict[str, ExportShoe] = {}
    for row in _csv_dicts(shoes_csv):
        nickname = row.get("Shoe Name", "")
        brand = row.get("Shoe Brand", "")[:MAX_SHOE_PART]
        model = row.get("Shoe Model", "")[:MAX_SHOE_PART]
        make = " ".join(p for p in (brand, model) if p)
        name = (nickname or make)[:MAX_SHOE_NAME]
        if not name or _fold(name) in shoes:
            continue
        aliases = {_fold(a) for a in (nickname, make, f"{make} {nickname}") if a.strip()}
        shoes[_fold(name)] = ExportShoe(name, brand or None, model or None, frozenset(aliases))
    bikes = frozenset(
        _fold(row[column])
        for row in _csv_dicts(bikes_csv)
        for column in BIKE_NAME_COLUMNS
        if row.get(column)
    )
    return StravaGear(tuple(shoes.values()), bikes)


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
