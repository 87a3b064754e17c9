"""Use case: import files, folders and export archives into the store.

One database transaction per file: a crash or kill at any moment leaves every file either fully
imported or not at all. Stream files are written before the transaction commits and are named by
the file's SHA-256, so a file orphaned by a kill is removed by the next import.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from backstride.errors import FileFormatError
from backstride.formats import decode, is_activity_name
from backstride.formats.archives import Member, iter_members
from backstride.knowledge import MeasureRules, load_rules
from backstride.metrics import measure_run
from backstride.model import Activity, Profile, Recording, Sport
from backstride.store import Store, Writer
from backstride.timeutil import local_offset

#: Two recordings of one sport starting this close together are the same activity (for example
#: the watch's file and the copy Strava re-encoded from it). Engineering choice: clocks of
#: re-encoded copies agree to a few seconds; two real runs never start a minute apart.
SAME_ACTIVITY_TOLERANCE_S = 60.0


@dataclass(frozen=True, slots=True)
class Imported:
    path: str
    activity_id: int


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    reason: str


@dataclass(slots=True)
class ImportReport:
    imported: list[Imported] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)


ProgressCallback = Callable[[str, int | None], None]
"""Called once per file read: (label, newly estimated total or None)."""


def estimate_count(path: Path) -> int:
    """A cheap count of the activity files under ``path`` for a progress bar (not exact for
    archives nested in archives)."""
    if path.is_dir():
        return sum(1 for p in path.rglob("*") if p.is_file() and is_activity_name(p.name))
    if path.suffix.lower() == ".zip" and not is_activity_name(path.name):
        try:
            with zipfile.ZipFile(path) as zf:
                return sum(1 for n in zf.namelist() if is_activity_name(n) or n.lower().endswith(".zip"))
        except (OSError, zipfile.BadZipFile):
            return 1
    return 1


def _compatible_sports(sport: Sport) -> list[str]:
    """Sports a duplicate may be stored under: the same, or 'other' when a format could not tell."""
    return sorted({str(sport), str(Sport.OTHER)}) if sport != Sport.OTHER else [s.value for s in Sport]


class Importer:
    """Imports members one file at a time; see :func:`import_paths`."""

    def __init__(self, store: Store, now: datetime, profile: Profile, rules: MeasureRules) -> None:
        self.store = store
        self.now = now
        self.profile = profile
        self.rules = rules
        self.report = ImportReport()

    def member(self, member: Member) -> None:
        if member.data is None:
            self.report.failed.append(Problem(member.label, member.error or "could not be read"))
            return
        sha = hashlib.sha256(member.data).hexdigest()
        seen = self.store.source_by_sha(sha)
        if seen is not None:
            self.report.skipped.append(Problem(member.label, f"already imported (same file as {seen['path']})"))
            return
        try:
            recording = decode(member.label, member.data)
        except FileFormatError as exc:
            self.report.failed.append(Problem(member.label, exc.reason))
            return
        if not recording.activities:
            self.report.failed.append(Problem(member.label, "the file holds no activity"))
            return
        self._store(member, sha, recording)

    def _store(self, member: Member, sha: str, recording: Recording) -> None:
        written: list[str] = []
        imported: list[Imported] = []
        skipped: list[Problem] = []
        try:
            with self.store.transaction() as tx:
                source_id: int | None = None
                for index, activity in enumerate(recording.activities):
                    dup = self.store.activity_near(
                        tx.conn, activity.start_utc, SAME_ACTIVITY_TOLERANCE_S,
                        _compatible_sports(activity.sport),
                    )
                    if dup is not None:
                        skipped.append(Problem(member.label, _duplicate_reason(recording, index, dup["id"], dup["path"])))
                        continue
                    if source_id is None:
                        source_id = tx.add_source(member.label, sha, str(recording.format),
                                                  len(member.data or b""), self.now, recording.warnings)
                    key = f"{sha[:2]}/{sha}-{index}"
                    activity_id = self._add_activity(tx, source_id, index, key, activity, recording, member)
                    written.append(key)
                    imported.append(Imported(member.label, activity_id))
        except BaseException:
            for key in written:
                self.store.streams.remove(key)
            raise
        self.report.imported.extend(imported)
        self.report.skipped.extend(skipped)

    def _add_activity(self, tx: Writer, source_id: int, index: int, key: str, activity: Activity,
                      recording: Recording, member: Member) -> int:
        has_stream = len(activity.stream) > 0
        if has_stream:
            self.store.streams.write(key, activity.stream)
        measures = measure_run(activity, self.rules, height_m=self.profile.height_m,
                               max_hr_bpm=self.profile.max_hr_bpm)
        return tx.add_activity(
            source_id=source_id, session_index=index, activity=activity,
            utc_offset_s=local_offset(activity, self.profile.timezone),
            device_id=tx.device_id(recording.device),
            gear_id=tx.gear_id(member.gear_name, self.now) if member.gear_name else None,
            stream_key=key if has_stream else None, measures=measures,
        )


def _duplicate_reason(recording: Recording, index: int, other_id: int, other_path: str) -> str:
    what = "activity" if len(recording.activities) == 1 else f"session {index + 1}"
    return (f"{what} already imported as activity {other_id} from {other_path} "
            "(same start time and sport)")


def import_paths(store: Store, paths: Sequence[Path], now: datetime,
                 progress: ProgressCallback | None = None) -> ImportReport:
    """Import every activity file under ``paths``; a failed file never stops the others."""
    store.streams.remove_orphans(store.stream_keys())
    importer = Importer(store, now, store.profile(), load_rules())
    for path in paths:
        for member in _members(path, importer.report):
            importer.member(member)
            if progress is not None:
                progress(member.label, None)
    return importer.report


def _members(path: Path, report: ImportReport) -> Iterable[Member]:
    if not path.exists():
        report.failed.append(Problem(str(path), "no such file or folder"))
        return ()
    return iter_members(path)
