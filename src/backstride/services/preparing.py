"""The CPU-bound half of an import, run in worker processes: decode one file, measure each of its
activities, write their stream files. Returns light records for the database half.

Stream files are named by the file's SHA-256 and written before the database transaction that
names them commits; a file whose rows never commit (duplicate, kill) is an orphan that the next
import removes (:meth:`backstride.store.StreamFiles.remove_orphans`).

A worker also reads the file itself when it is handed a :class:`Deferred` locator (a member of a
zip on disk is inflated there, not in the database process), hashes it, and stops early when the
hash is among those already imported.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from backstride.errors import FileFormatError
from backstride.formats import decode
from backstride.formats.archives import Deferred
from backstride.formats.sports import sport_from_name
from backstride.knowledge import MeasureRules, load_rules
from backstride.metrics import measure_run
from backstride.model import (
    Activity,
    Device,
    Profile,
    Recording,
    RunMeasures,
    SourceFormat,
    Sport,
    Stream,
    SubSport,
)
from backstride.store.streams import StreamFiles
from backstride.timeutil import local_offset


@dataclass(frozen=True, slots=True)
class PreparedActivity:
    """One activity ready to store; its stream is already on disk under ``stream_key``."""

    activity: Activity  # with an empty stream: the samples stay in the stream file
    utc_offset_s: int | None
    measures: RunMeasures
    stream_key: str | None
    n_samples: int


@dataclass(frozen=True, slots=True)
class Prepared:
    label: str
    sha256: str
    size_bytes: int
    format: str
    device: Device | None
    warnings: tuple[str, ...]
    activities: tuple[PreparedActivity, ...]


@dataclass(frozen=True, slots=True)
class Unreadable:
    label: str
    reason: str
    size_bytes: int = 0  # bytes read before it failed (0 when the file could not be read)


@dataclass(frozen=True, slots=True)
class Known:
    """A file whose exact bytes were imported before: nothing was prepared."""

    label: str
    sha256: str
    size_bytes: int


Outcome = Prepared | Unreadable | Known


@dataclass(frozen=True, slots=True)
class PrepareContext:
    """What a worker needs: the profile and where stream files go (rules load in each worker)."""

    profile: Profile
    streams_root: Path


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare_member(
    label: str,
    payload: bytes | Deferred,
    sport_hint: str | None,
    ctx: PrepareContext,
    is_known: Callable[[str], bool],
) -> Outcome:
    """Read (when deferred) and hash one file, then :func:`prepare` it unless ``is_known`` says
    its SHA-256 was imported before. Never raises for bad file content."""
    try:
        data = payload if isinstance(payload, bytes) else payload.read()
    except FileFormatError as exc:
        return Unreadable(label, exc.reason)
    sha256 = file_sha256(data)
    if is_known(sha256):
        return Known(label, sha256, len(data))
    return prepare(label, data, sha256, sport_hint, ctx)


#: SHA-256 of the files imported before this worker started (set by :func:`start_worker`).
_known_to_worker: Set[str] = frozenset()


def start_worker(known: Set[str]) -> None:
    """Initialise a worker process with the hashes of files already imported."""
    global _known_to_worker
    _known_to_worker = known


#: One file for a worker: its label, its bytes or where to read them, and the sport hint.
Task = tuple[str, bytes | Deferred, str | None]


def prepare_in_worker(tasks: Sequence[Task], ctx: PrepareContext) -> list[Outcome]:
    """:func:`prepare_member` for a few files, in a worker process started by
    :func:`start_worker` (several files per call: the pool's own cost is per call)."""
    is_known = _known_to_worker.__contains__
    return [prepare_member(label, payload, hint, ctx, is_known) for label, payload, hint in tasks]


def prepare(
    label: str, data: bytes, sha256: str, sport_hint: str | None, ctx: PrepareContext
) -> Prepared | Unreadable:
    """Decode, measure and write streams for one file; never raises for bad file content.

    ``sha256`` is the file's hash (:func:`file_sha256`), which names its stream files.

    ``sport_hint`` is the sport an export states for the file (Strava's activity type); it wins
    over a sport the file does not state (``other``) or that was inferred (GPX without a type).
    """
    try:
        recording = decode(label, data)
    except FileFormatError as exc:
        return Unreadable(label, exc.reason, len(data))
    if not recording.activities:
        return Unreadable(label, "the file holds no activity", len(data))
    recording = _apply_sport_hint(recording, sport_hint)
    files = StreamFiles(ctx.streams_root)
    rules = load_rules()
    prepared = tuple(
        _prepare_activity(activity, f"{sha256[:2]}/{sha256}-{index}", ctx, rules, files)
        for index, activity in enumerate(recording.activities)
    )
    return Prepared(
        label,
        sha256,
        len(data),
        str(recording.format),
        recording.device,
        recording.warnings,
        prepared,
    )


def _apply_sport_hint(recording: Recording, hint: str | None) -> Recording:
    stated = sport_from_name(hint)
    if stated is None:
        return recording
    sport, sub_sport = stated
    activities = tuple(
        dataclasses.replace(
            a, sport=sport, sub_sport=sub_sport if a.sub_sport == SubSport.GENERIC else a.sub_sport
        )
        if a.sport == Sport.OTHER or recording.format == SourceFormat.GPX
        else a
        for a in recording.activities
    )
    return dataclasses.replace(recording, activities=activities)


def _prepare_activity(
    activity: Activity, key: str, ctx: PrepareContext, rules: MeasureRules, files: StreamFiles
) -> PreparedActivity:
    measures = measure_run(
        activity, rules, height_m=ctx.profile.height_m, max_hr_bpm=ctx.profile.max_hr_bpm
    )
    n = len(activity.stream)
    if n:
        files.write(key, activity.stream)
    return PreparedActivity(
        activity=dataclasses.replace(activity, stream=Stream.empty()),
        utc_offset_s=local_offset(activity, ctx.profile.timezone),
        measures=measures,
        stream_key=key if n else None,
        n_samples=n,
    )
