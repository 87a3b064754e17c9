"""Use case: import files, folders and export archives into the store.

Two halves. Worker processes read (and inflate) the files, hash them, and decode, measure and
write stream files for those not imported before (:mod:`.preparing`); this process walks what
the runner pointed at and writes the database, one transaction per file, in the order the files
were found. A crash
or kill at any moment leaves every file either fully imported or not at all.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import errno
import multiprocessing
import os
import stat
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from backstride.errors import DuplicateError, UnsafeInputError
from backstride.formats import is_activity_name
from backstride.formats.archives import (
    Deferred,
    GearCallback,
    Member,
    close_deferred,
    iter_members,
)
from backstride.formats.exports import ExportGear
from backstride.knowledge import load_rules
from backstride.model import Device, SourceFormat, Sport
from backstride.model.activity import FOOT_SPORTS
from backstride.services.preparing import (
    Known,
    Outcome,
    PrepareContext,
    Prepared,
    Unreadable,
    prepare_in_worker,
    prepare_member,
    start_worker,
)
from backstride.store import NewActivity, Store, Writer

#: Two recordings of one sport starting this close together are the same activity (for example
#: the watch's file and the copy Strava re-encoded from it). Engineering choice: clocks of
#: re-encoded copies agree to a few seconds; two real runs never start a minute apart.
SAME_ACTIVITY_TOLERANCE_S = 60.0

#: How fully each format records a run. A device's FIT file holds the watch's own distance and
#: timer, laps, and every sensor (running dynamics, power); a TCX holds laps, the watch's distance
#: and cadence; a GPX only positions, heart rate and cadence. When the same activity arrives in a
#: richer format than the stored copy (a Strava export's GPX, then the watch's FIT), the richer
#: one replaces it under the same id; so does a copy in the same format that has a distance
#: where the stored one has none; otherwise the first stored copy stays.
RICHNESS = {SourceFormat.GPX: 1, SourceFormat.TCX: 2, SourceFormat.FIT: 3}

_FOOT = sorted(str(sport) for sport in FOOT_SPORTS)
_ALL_SPORTS = sorted(str(sport) for sport in Sport)

#: Below this many files the work stays in this process (starting workers costs more).
PARALLEL_FROM_FILES = 8
#: Files per call to a worker. The pool's own work (pickling, pipes, its threads) is per call:
#: about 1 ms of the main process's CPU per call here, so four files per call halve the main
#: process's CPU per file (docs/benchmarks.md, "Import").
CHUNK = 4
#: A call also ends once the file bytes it carries reach this (files this process read itself:
#: members of zips inside zips), so that big files do not travel, and wait, four at a time.
CHUNK_BYTES = 16 << 20


@dataclass(frozen=True, slots=True)
class Imported:
    path: str
    activity_id: int
    #: The file of the copy this one replaced under the same id (see :data:`RICHNESS`).
    replaces: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    reason: str


@dataclass(slots=True)
class ImportReport:
    imported: list[Imported] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[dict[str, object]]]:
        """The JSON shape: ``replaces`` appears only on the activities that replaced a copy."""
        out = dataclasses.asdict(self)
        for item in out["imported"]:
            if item["replaces"] is None:
                del item["replaces"]
        return out


ProgressCallback = Callable[[str], None]
"""Called once per file handled, with its label."""


def estimate_count(path: Path) -> int:
    """A cheap count of the activity files under ``path`` for a progress bar (not exact for
    archives nested in archives); 0 for a path that cannot be imported (:func:`path_problem`)."""
    if path_problem(path) is not None:
        return 0
    if path.is_dir():
        return sum(1 for p in path.rglob("*") if p.is_file() and is_activity_name(p.name))
    if path.suffix.lower() == ".zip" and not is_activity_name(path.name):
        try:
            with zipfile.ZipFile(path) as zf:
                return sum(
                    1 for n in zf.namelist() if is_activity_name(n) or n.lower().endswith(".zip")
                )
        except (OSError, zipfile.BadZipFile):
            return 1
    return 1


def _compatible_sports(sport: str) -> list[str]:
    """Sports a duplicate may be stored under: the same, or 'other' when a format could not tell."""
    if sport == Sport.OTHER:
        return [s.value for s in Sport]
    return sorted({sport, str(Sport.OTHER)})


def _richer(
    new_format: str, new_distance_m: float | None, old_format: str, old_distance_m: float | None
) -> bool:
    """Whether a new copy records more of a run than the stored one: a richer format (see
    :data:`RICHNESS`), or the same format with a distance where the stored copy has none (a
    power meter's head unit beside the app that also recorded the ride's distance)."""
    new, old = RICHNESS[SourceFormat(new_format)], RICHNESS[SourceFormat(old_format)]
    if new != old:
        return new > old
    return not old_distance_m and bool(new_distance_m)


def _duplicate_reason(count: int, index: int, other_id: int, other_path: str) -> str:
    what = "activity" if count == 1 else f"session {index + 1}"
    same = "(same start time and sport)"
    return f"{what} already imported as activity {other_id} from {other_path} {same}"


@dataclass(slots=True)
class _ByStart:
    """What an export says of activities by their start (Unix seconds, UTC): found for an
    activity starting within :data:`SAME_ACTIVITY_TOLERANCE_S`, the nearest winning."""

    values: dict[int, str] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)  # the keys of ``values``, sorted

    def add(self, more: Mapping[int, str]) -> None:
        self.values.update(more)
        self.starts = sorted(self.values)

    def near(self, start: datetime) -> str | None:
        at = start.timestamp()
        i = bisect.bisect_left(self.starts, at)
        near = [
            s
            for s in self.starts[max(i - 1, 0) : i + 1]
            if abs(s - at) <= SAME_ACTIVITY_TOLERANCE_S
        ]
        return self.values[min(near, key=lambda s: abs(s - at))] if near else None


class Importer:
    """The database half: one transaction per prepared file."""

    def __init__(self, store: Store, now: datetime) -> None:
        self.store = store
        self.now = now
        self.report = ImportReport()
        self._device_ids: dict[Device, int | None] = {}
        self._stored: dict[str, str] = {}  # SHA-256 -> label of the files this import stored
        self._known: frozenset[str] | None = None  # SHA-256 of files stored before, once loaded
        self._gear = _ByStart()  # an export's links of gear to activity starts
        self._names = _ByStart()  # the names an export gives activities, by their start

    def load_known(self) -> frozenset[str]:
        """Read the hashes of every file imported before (one query instead of one per file)."""
        self._known = self.store.source_shas()
        return self._known

    def earlier_path(self, sha256: str) -> str | None:
        """Where a file with these bytes was imported from, by this import or an earlier one."""
        if sha256 in self._stored:
            return self._stored[sha256]
        if self._known is not None and sha256 not in self._known:
            return None
        return self.store.source_path_by_sha(sha256)

    def is_known(self, sha256: str) -> bool:
        return self.earlier_path(sha256) is not None

    def keep_gear(self, gear: ExportGear) -> None:
        """Store the shoes an export lists (with brand, model and retirement), used or not, and
        its links of gear and names to activity starts: a run stored already at a linked start
        gets the gear (the name) where it has none, and one stored later by this import gets it
        when stored."""
        with self.store.transaction() as tx:
            for shoe in gear.shoes:
                tx.gear_id(shoe.name, self.now, shoe.brand, shoe.model, shoe.retired_utc)
            for start, name in gear.by_start.items():
                when = datetime.fromtimestamp(start, UTC)
                run = tx.activity_near(when, SAME_ACTIVITY_TOLERANCE_S, _FOOT)
                if run is not None:
                    tx.fill_gear([run["id"]], name, self.now)
            for start, name in gear.names_by_start.items():
                when = datetime.fromtimestamp(start, UTC)
                found = tx.activity_near(when, SAME_ACTIVITY_TOLERANCE_S, _ALL_SPORTS)
                if found is not None:
                    tx.fill_name(found["id"], name)
        self._gear.add(gear.by_start)
        self._names.add(gear.names_by_start)

    def linked_gear(self, start: datetime) -> str | None:
        """The gear an export links to the activity starting at ``start`` (within
        :data:`SAME_ACTIVITY_TOLERANCE_S`; the nearest link wins), if any."""
        return self._gear.near(start)

    def handle(self, member: Member, outcome: Outcome) -> None:
        """Store one prepared file, or report why it was not."""
        if member.account is not None:
            try:
                member.account(outcome.size_bytes)
            except UnsafeInputError as exc:
                self._discard(outcome)
                self.report.failed.append(Problem(member.label, exc.reason))
                return
        if isinstance(outcome, Unreadable):
            self.report.failed.append(Problem(outcome.label, outcome.reason))
            return
        if isinstance(outcome, Known) or outcome.sha256 in self._stored:
            self._skip_known(member, outcome.sha256)
            return
        try:
            self.store_result(outcome, member.gear_name, member.activity_name)
        except DuplicateError:  # another import stored the same file meanwhile
            self._skip_known(member, outcome.sha256)

    def _skip_known(self, member: Member, sha256: str) -> None:
        earlier = self.earlier_path(sha256) or "another import"
        reason = f"already imported (same file as {earlier})"
        if member.gear_name:
            with self.store.transaction() as tx:
                ids = tx.activity_ids_of_source(sha256, FOOT_SPORTS)
                if tx.fill_gear(ids, member.gear_name, self.now):
                    reason += f"; shoe {member.gear_name!r} recorded"
        self.report.skipped.append(Problem(member.label, reason))

    def store_result(
        self, result: Prepared, gear_name: str | None, export_name: str | None = None
    ) -> None:
        """Store the activities of one prepared file in one transaction. ``export_name`` is the
        name an export gives the file's activity (Strava's 'Activity Name'), used when the file
        itself names none and holds one activity; else a name an export links to the activity's
        start (Garmin's activity list)."""
        imported: list[Imported] = []
        skipped: list[Problem] = []
        new_devices: dict[Device, int | None] = {}
        replaced_streams: list[str] = []
        try:
            with self.store.transaction() as tx:
                source_id: int | None = None
                for index, item in enumerate(result.activities):
                    act = item.activity
                    if act.name is None:
                        given = export_name if len(result.activities) == 1 else None
                        named = given or self._names.near(act.start_utc)
                        act = dataclasses.replace(act, name=named)
                    dup = tx.activity_near(
                        act.start_utc,
                        SAME_ACTIVITY_TOLERANCE_S,
                        _compatible_sports(act.sport),
                        other_than_source=source_id,
                    )
                    shoe = gear_name or self.linked_gear(act.start_utc)
                    if dup is not None and not _richer(
                        result.format, item.measures.distance_m, dup["format"], dup["distance_m"]
                    ):
                        reason = _duplicate_reason(
                            len(result.activities), index, dup["id"], dup["path"]
                        )
                        if (
                            shoe
                            and dup["sport"] in FOOT_SPORTS
                            and tx.fill_gear([dup["id"]], shoe, self.now)
                        ):
                            reason += f"; shoe {shoe!r} recorded"
                        skipped.append(Problem(result.label, reason))
                        continue
                    if source_id is None:
                        source_id = tx.add_source(
                            result.label,
                            result.sha256,
                            result.format,
                            result.size_bytes,
                            self.now,
                            result.warnings,
                        )
                    new = NewActivity(
                        source_id=source_id,
                        session_index=index,
                        activity=act,
                        utc_offset_s=item.utc_offset_s,
                        device_id=self._device_id(tx, result.device, new_devices),
                        gear_id=tx.gear_id(shoe, self.now)
                        if shoe and act.sport in FOOT_SPORTS
                        else None,
                        stream_key=item.stream_key,
                        n_samples=item.n_samples,
                        measures=item.measures,
                    )
                    if dup is None:
                        imported.append(Imported(result.label, tx.add_activity(new)))
                    else:
                        tx.replace_activity(dup, new)
                        imported.append(Imported(result.label, dup["id"], replaces=dup["path"]))
                        if dup["stream_key"] is not None:
                            replaced_streams.append(dup["stream_key"])
        except BaseException:
            self._discard(result)
            raise
        for key in replaced_streams:  # after the commit: a crash before it keeps the old copy
            self.store.streams.remove(key)
        self._device_ids.update(new_devices)
        if source_id is None:  # every activity was a duplicate: none of its streams is named
            self._discard(result)
        else:
            self._stored[result.sha256] = result.label
        for done in imported:
            if done.replaces is not None:
                self._supersede(done)
        self.report.imported.extend(imported)
        self.report.skipped.extend(skipped)

    def _supersede(self, done: Imported) -> None:
        """A copy stored earlier in this same import was just replaced: report it as skipped, so
        that each activity is listed once under ``imported``, by the file it now comes from."""
        earlier = [i for i in self.report.imported if i.activity_id == done.activity_id]
        for item in earlier:
            self.report.imported.remove(item)
            reason = (
                f"replaced by {done.path}, which records more of the same activity "
                f"(activity {done.activity_id})"
            )
            self.report.skipped.append(Problem(item.path, reason))

    def _device_id(
        self, tx: Writer, device: Device | None, new: dict[Device, int | None]
    ) -> int | None:
        if device is None:
            return None
        if device in self._device_ids:
            return self._device_ids[device]
        if device not in new:
            new[device] = tx.device_id(device)
        return new[device]

    def _discard(self, outcome: Outcome) -> None:
        """Remove the stream files of a prepared file that was not stored, unless a stored file
        with the same bytes (and so the same stream names) uses them."""
        if not isinstance(outcome, Prepared) or self.store.source_path_by_sha(outcome.sha256):
            return
        for item in outcome.activities:
            if item.stream_key is not None:
                self.store.streams.remove(item.stream_key)


def import_paths(
    store: Store,
    paths: Sequence[Path],
    now: datetime,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    label: Callable[[str], str] | None = None,
) -> ImportReport:
    """Import every activity file under ``paths``; a failed file never stops the others.

    ``workers``: processes that read, decode and measure (default: one per CPU when there are
    enough files to pay for starting them; 1 keeps everything in this process). ``label``: the
    name a file is stored and reported under, from its path (default: the path itself).
    """
    store.streams.remove_orphans(store.stream_keys())
    importer = Importer(store, now)
    ctx = PrepareContext(store.profile(), store.streams.root)
    count = sum(estimate_count(p) for p in paths)
    n_workers = workers or (os.cpu_count() or 1)
    members = _readable(
        importer, _members(paths, importer.report, label, importer.keep_gear), progress
    )
    try:
        if n_workers > 1 and count >= PARALLEL_FROM_FILES:
            known = importer.load_known()
            method = "fork" if os.name == "posix" else "spawn"
            if method == "fork":
                _warm_for_workers()
            context = multiprocessing.get_context(method)
            with ProcessPoolExecutor(
                n_workers, mp_context=context, initializer=start_worker, initargs=(known,)
            ) as pool:
                _run(importer, _in_order(pool, members, ctx, 2 * n_workers), progress)
        else:
            outcomes = (
                (m, prepare_member(m.label, _payload(m), m.sport_hint, ctx, importer.is_known))
                for m in members
            )
            _run(importer, outcomes, progress)
    finally:
        close_deferred()
    return importer.report


def _warm_for_workers() -> None:
    """Load, once in this process, what every worker would otherwise load for itself.

    Forked workers inherit it: the FIT decoder (imported lazily) and the measures' rules (loaded
    and checked).
    """
    with contextlib.suppress(ImportError):  # without FIT support decode() says so per file
        import backstride.formats.fit  # noqa: F401
    load_rules()


def _readable(
    importer: Importer, members: Iterable[Member], progress: ProgressCallback | None
) -> Iterator[Member]:
    """The members that can be prepared; the others are reported as failed here."""
    for member in members:
        if member.data is None and member.deferred is None:
            importer.report.failed.append(
                Problem(member.label, member.error or "could not be read")
            )
            if progress is not None:
                progress(member.label)
        else:
            yield member


def _payload(member: Member) -> bytes | Deferred:
    if member.data is not None:
        return member.data
    assert member.deferred is not None  # _readable lets no other member through
    return member.deferred


def _run(
    importer: Importer,
    outcomes: Iterable[tuple[Member, Outcome]],
    progress: ProgressCallback | None,
) -> None:
    for member, outcome in outcomes:
        importer.handle(member, outcome)
        if progress is not None:
            progress(member.label)


def _in_order(
    pool: Executor, members: Iterator[Member], ctx: PrepareContext, window: int
) -> Iterator[tuple[Member, Outcome]]:
    """Prepare members in the pool, a few per call (:func:`_batches`) and at most ``window``
    calls in flight, yielding in input order."""
    pending: deque[tuple[list[Member], Future[list[Outcome]]]] = deque()
    for batch in _batches(members):
        tasks = [(m.label, _payload(m), m.sport_hint) for m in batch]
        pending.append((batch, pool.submit(prepare_in_worker, tasks, ctx)))
        if len(pending) >= window:
            done, future = pending.popleft()
            yield from zip(done, future.result(), strict=True)
    while pending:
        done, future = pending.popleft()
        yield from zip(done, future.result(), strict=True)


def _batches(
    members: Iterable[Member], files: int = CHUNK, max_bytes: int = CHUNK_BYTES
) -> Iterator[list[Member]]:
    """Consecutive members in groups of ``files``; a group ends early once the bytes its
    members carry reach ``max_bytes`` (members left for a worker to read carry none)."""
    batch: list[Member] = []
    held = 0
    for member in members:
        batch.append(member)
        held += len(member.data or b"")
        if len(batch) >= files or held >= max_bytes:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _members(
    paths: Sequence[Path],
    report: ImportReport,
    label: Callable[[str], str] | None = None,
    on_gear: GearCallback | None = None,
) -> Iterator[Member]:
    for path in paths:
        problem = path_problem(path)
        if problem is not None:
            report.failed.append(Problem(str(path), problem))
            continue
        for member in iter_members(path, defer=True, on_gear=on_gear):
            yield (
                member if label is None else dataclasses.replace(member, label=label(member.label))
            )


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be imported, or None for a folder or a regular file: no such file
    or folder, a path too long for this system, a device, pipe or socket (``/dev/null``, a
    FIFO: reading one could block or never end). An empty path cannot be told from ``.`` once
    it is a Path: the faces refuse it as typed."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "the path is too long for this system"
        if exc.errno == errno.ENOTDIR:
            return "no such file or folder"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return "not a regular file (a device, pipe or socket)"
