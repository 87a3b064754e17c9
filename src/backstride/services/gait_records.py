"""Stored running-form analyses: a folder of files plus a row in the ``gait_analyses`` table.

Each analysis is a folder ``$BACKSTRIDE_HOME/gait/<YYYY-MM-DDTHHMMSS>_<video stem>/`` (the stamp
is the UTC time of the analysis) holding ``annotated.mp4``, ``summary.png``, ``record.json``
(video name and when it was filmed) and ``result.json`` (see :mod:`backstride.gait.results`),
and a row in the database that indexes it by the time the video was **filmed**, so that the
dashboard and the report can put form next to the pain diary.

Order of writing, so that a failure never leaves half a record: the video and the image first,
then ``record.json``, then ``result.json`` (atomically, by rename: its presence marks a complete
folder), then the row. When the row cannot be written the folder is removed. A folder that has a
``result.json`` but no row (an older home, or a process killed between the two) is adopted into
the table the next time analyses are listed, once. A row whose folder has vanished is still
listed, with ``files_missing`` set, so that its figures stay in the timeline.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from backstride.errors import InputValueError
from backstride.services.video_time import video_creation_time
from backstride.settings import Settings
from backstride.store import Store
from backstride.store.gait import GaitRow, GaitStore

RESULT_FILE = "result.json"
RECORD_FILE = "record.json"
VIDEO_FILE = "annotated.mp4"
SUMMARY_FILE = "summary.png"
STAMP = "%Y-%m-%dT%H%M%S"
#: A result.json larger than this is not an analysis backstride wrote (they are a few kB).
MAX_RESULT_BYTES = 4 * 1024 * 1024
#: The local time given to a recording date without a time: midday keeps its calendar day in
#: any time zone a few hours away.
DATE_ONLY_TIME = time(12, 0)


class RecordedFrom(StrEnum):
    """Where the time a video was filmed comes from."""

    GIVEN = "given"  # the runner said so (``--recorded``)
    CONTAINER = "container"  # the MP4/MOV movie header's creation time
    FILE = "file"  # the video file's modification time
    ANALYSED = "analysed"  # unknown: an older folder, dated when it was analysed


@dataclass(frozen=True, slots=True)
class PastAnalysis:
    """A stored analysis as listed: its folder, when it was analysed (UTC), the video's safe
    stem, its result as stored; and, for those in the table, the row id, when the video was
    filmed, where that time comes from, the video's file name and whether the files are gone."""

    folder: Path
    analysed_utc: datetime | None
    video_stem: str
    result: Mapping[str, Any]
    id: int | None = None
    recorded_utc: datetime | None = None
    recorded_from: str = RecordedFrom.ANALYSED.value
    video_name: str = ""
    files_missing: bool = False

    @property
    def when_utc(self) -> datetime | None:
        """When the running happened, as well as it is known (filmed, else analysed)."""
        return self.recorded_utc or self.analysed_utc


def gait_home(settings: Settings) -> Path:
    return settings.home / "gait"


def parse_recorded(text: str, zone: tzinfo) -> datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` on the runner's clock (``zone``) as aware UTC; a
    date alone is taken at midday. InputValueError for anything else."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = datetime.strptime(raw, "%Y-%m-%d")  # noqa: DTZ007 - the zone is set below
            naive = datetime.combine(day.date(), DATE_ONLY_TIME)
        else:
            naive = datetime.strptime(raw, "%Y-%m-%dT%H:%M")  # noqa: DTZ007
    except ValueError:
        raise InputValueError(
            f"recorded {text!r}: give the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    return naive.replace(tzinfo=zone).astimezone(UTC)


def recorded_time(
    video: Path, now: datetime, given: datetime | None = None
) -> tuple[datetime, RecordedFrom]:
    """When ``video`` was filmed: ``given``, else the container's creation time, else the file's
    modification time (UTC). A given time in the future is refused."""
    if given is not None:
        if given.tzinfo is None:
            raise ValueError("given must be timezone-aware")
        if given > now:
            raise InputValueError(f"recorded {given:%Y-%m-%d %H:%M} UTC is in the future")
        return given.astimezone(UTC), RecordedFrom.GIVEN
    found = video_creation_time(video, now)
    if found is not None:
        return found, RecordedFrom.CONTAINER
    return datetime.fromtimestamp(video.stat().st_mtime, tz=UTC), RecordedFrom.FILE


def write_json(path: Path, data: Mapping[str, Any]) -> None:
    """Write JSON through a temporary file and a rename: readers see all of it or nothing."""
    text = json.dumps(data, indent=2, allow_nan=False) + "\n"
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def record_meta(
    video_name: str, analysed_utc: datetime, recorded_utc: datetime, recorded_from: RecordedFrom
) -> dict[str, str]:
    """The contents of ``record.json``."""
    return {
        "video_name": video_name,
        "analysed_utc": _iso(analysed_utc),
        "recorded_utc": _iso(recorded_utc),
        "recorded_from": recorded_from.value,
    }


def _relative(settings: Settings, folder: Path) -> str:
    return folder.relative_to(settings.home).as_posix()


def commit(
    store: Store,
    settings: Settings,
    folder: Path,
    result: Mapping[str, Any],
    meta: Mapping[str, str],
) -> GaitRow:
    """Finish a folder whose video and image are written: record.json, result.json, the row.

    The folder is removed when any of the three fails, so no half-record stays behind."""
    try:
        write_json(folder / RECORD_FILE, meta)
        write_json(folder / RESULT_FILE, result)
        return _insert(GaitStore(store), _relative(settings, folder), result, meta)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _insert(
    rows: GaitStore, rel: str, result: Mapping[str, Any], meta: Mapping[str, str]
) -> GaitRow:
    cadence = result.get("cadence_spm")
    steps = result.get("steps")
    return rows.add(
        analysed_utc=_parse_iso(meta["analysed_utc"]),
        recorded_utc=_parse_iso(meta["recorded_utc"]),
        recorded_from=meta["recorded_from"],
        view=str(result.get("view")),
        video_name=meta["video_name"],
        folder=rel,
        steps=steps if isinstance(steps, int) else 0,
        cadence_spm=float(cadence) if isinstance(cadence, int | float) else None,
        result=result,
    )


def _parse_iso(text: str) -> datetime:
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError(f"naive time {text!r}")
    return when.astimezone(UTC)


# --- reading and adopting -------------------------------------------------------------------------
def stamp_of(name: str) -> datetime | None:
    """The UTC time in a folder name ``<YYYY-MM-DDTHHMMSS>_...``; None when it has none."""
    try:
        return datetime.strptime(name[: len("YYYY-MM-DDTHHMMSS")], STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def _stem_of(name: str) -> str:
    return name.split("_", 1)[1] if stamp_of(name) is not None and "_" in name else ""


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > MAX_RESULT_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _looks_like_result(data: Mapping[str, Any]) -> bool:
    return (
        isinstance(data.get("view"), str)
        and isinstance(data.get("metrics"), dict)
        and isinstance(data.get("steps"), int)
    )


def _meta_for(folder: Path) -> dict[str, str]:
    """record.json when the folder has a valid one, else what the folder name tells."""
    meta = _read_json(folder / RECORD_FILE) or {}
    try:
        analysed = _parse_iso(str(meta["analysed_utc"]))
        recorded = _parse_iso(str(meta["recorded_utc"]))
        source = RecordedFrom(str(meta["recorded_from"]))
        return record_meta(str(meta["video_name"]), analysed, recorded, source)
    except (KeyError, ValueError):
        pass
    stamp = stamp_of(folder.name)
    if stamp is None:
        stamp = datetime.fromtimestamp(folder.stat().st_mtime, tz=UTC)
    return record_meta(_stem_of(folder.name), stamp, stamp, RecordedFrom.ANALYSED)


def adopt_folders(store: Store, settings: Settings) -> int:
    """Give a row to each complete analysis folder that has none (older homes); returns how
    many were adopted. Idempotent: a folder with a row is never read again."""
    home = gait_home(settings)
    if not home.is_dir():
        return 0
    rows = GaitStore(store)
    known = rows.folders()
    adopted = 0
    for folder in sorted(home.iterdir()):
        if folder.name.startswith(".") or folder.is_symlink() or not folder.is_dir():
            continue
        rel = _relative(settings, folder)
        if rel in known:
            continue
        result = _read_json(folder / RESULT_FILE)
        if result is None or not _looks_like_result(result):
            continue
        try:
            _insert(rows, rel, result, _meta_for(folder))
        except IntegrityError:  # another process adopted it at the same moment
            continue
        adopted += 1
    return adopted


def past_analysis(settings: Settings, row: GaitRow) -> PastAnalysis:
    folder = settings.home / row.folder
    return PastAnalysis(
        folder=folder,
        analysed_utc=row.analysed_utc,
        video_stem=_stem_of(folder.name),
        result=row.result,
        id=row.id,
        recorded_utc=row.recorded_utc,
        recorded_from=row.recorded_from,
        video_name=row.video_name,
        files_missing=not folder.is_dir(),
    )


def list_analyses(settings: Settings, store: Store | None = None) -> list[PastAnalysis]:
    """Stored analyses in the order they were filmed (older folders adopted first).

    Opens the store that ``settings`` name when none is given."""
    if store is None:
        opened = Store.open(settings)
        try:
            return list_analyses(settings, opened)
        finally:
            opened.close()
    adopt_folders(store, settings)
    return [past_analysis(settings, row) for row in GaitStore(store).rows()]


def find_analysis(settings: Settings, store: Store, analysis_id: int) -> PastAnalysis | None:
    row = GaitStore(store).row(analysis_id)
    return None if row is None else past_analysis(settings, row)


#: The files of an analysis that may be served, by the name the web uses.
SERVED_FILES: Mapping[str, tuple[str, str]] = {
    "summary": (SUMMARY_FILE, "image/png"),
    "video": (VIDEO_FILE, "video/mp4"),
}


def analysis_file(settings: Settings, analysis: PastAnalysis, kind: str) -> Path | None:
    """The path of one of an analysis's files (``kind``: a key of :data:`SERVED_FILES`), only
    when it is a plain file inside the home's gait folder; None otherwise."""
    entry = SERVED_FILES.get(kind)
    if entry is None:
        return None
    path = analysis.folder / entry[0]
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(gait_home(settings).resolve(strict=True))
    except OSError:
        return None
    return real if inside and real.is_file() else None
