"""Use case: import files, folders and export archives into the store.

Two halves. Worker processes decode, measure and write stream files (:mod:`.preparing`); this
process writes the database, one transaction per file, in the order the files were found. A crash
or kill at any moment leaves every file either fully imported or not at all.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from backstride.formats import is_activity_name
from backstride.formats.archives import Member, iter_members
from backstride.knowledge import load_rules
from backstride.model import Device, Sport
from backstride.services.preparing import (
    PrepareContext,
    Prepared,
    PreparedActivity,
    Unreadable,
    file_sha256,
    prepare,
)
from backstride.store import Store, Writer

#: Two recordings of one sport starting this close together are the same activity (for example
#: the watch's file and the copy Strava re-encoded from it). Engineering choice: clocks of
#: re-encoded copies agree to a few seconds; two real runs never start a minute apart.
SAME_ACTIVITY_TOLERANCE_S = 60.0

#: Below this many files the work stays in this process (starting workers costs more).
PARALLEL_FROM_FILES = 8


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


ProgressCallback = Callable[[str], None]
"""Called once per file handled, with its label."""


def estimate_count(path: Path) -> int:
    """A cheap count of the activity files under ``path`` for a progress bar (not exact for
    archives nested in archives)."""
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


def _duplicate_reason(count: int, index: int, other_id: int, other_path: str) -> str:
    what = "activity" if count == 1 else f"session {index + 1}"
    same = "(same start time and sport)"
    return f"{what} already imported as activity {other_id} from {other_path} {same}"


class Importer:
    """The database half: one transaction per prepared file."""

    def __init__(self, store: Store, now: datetime) -> None:
        self.store = store
        self.now = now
        self.report = ImportReport()
        self._device_ids: dict[Device, int | None] = {}

    def to_prepare(self, member: Member) -> str | None:
        """The SHA-256 of a member that must be prepared; None (and reported) when it cannot
        or need not be."""
        if member.data is None:
            self.report.failed.append(Problem(member.label, member.error or "could not be read"))
            return None
        sha = file_sha256(member.data)
        earlier = self.store.source_path_by_sha(sha)
        if earlier is not None:
            reason = f"already imported (same file as {earlier})"
            if member.gear_name:
                with self.store.transaction() as tx:
                    ids = tx.activity_ids_of_source(sha)
                    if tx.fill_gear(ids, member.gear_name, self.now):
                        reason += f"; shoe {member.gear_name!r} recorded"
            self.report.skipped.append(Problem(member.label, reason))
            return None
        return sha

    def store_result(self, result: Prepared | Unreadable, gear_name: str | None) -> None:
        if isinstance(result, Unreadable):
            self.report.failed.append(Problem(result.label, result.reason))
            return
        imported: list[Imported] = []
        skipped: list[Problem] = []
        new_devices: dict[Device, int | None] = {}
        try:
            with self.store.transaction() as tx:
                source_id: int | None = None
                for index, item in enumerate(result.activities):
                    act = item.activity
                    dup = tx.activity_near(
                        act.start_utc, SAME_ACTIVITY_TOLERANCE_S, _compatible_sports(act.sport)
                    )
                    if dup is not None:
                        reason = _duplicate_reason(
                            len(result.activities), index, dup["id"], dup["path"]
                        )
                        if gear_name and tx.fill_gear([dup["id"]], gear_name, self.now):
                            reason += f"; shoe {gear_name!r} recorded"
                        skipped.append(Problem(result.label, reason))
                        self._drop_stream(item)
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
                    device_id = self._device_id(tx, result.device, new_devices)
                    activity_id = tx.add_activity(
                        source_id=source_id,
                        session_index=index,
                        activity=act,
                        utc_offset_s=item.utc_offset_s,
                        device_id=device_id,
                        gear_id=tx.gear_id(gear_name, self.now) if gear_name else None,
                        stream_key=item.stream_key,
                        n_samples=item.n_samples,
                        measures=item.measures,
                    )
                    imported.append(Imported(result.label, activity_id))
        except BaseException:
            for item in result.activities:
                self._drop_stream(item)
            raise
        self._device_ids.update(new_devices)
        self.report.imported.extend(imported)
        self.report.skipped.extend(skipped)

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

    def _drop_stream(self, item: PreparedActivity) -> None:
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

    ``workers``: processes that decode and measure (default: one per CPU when there are enough
    files to pay for starting them; 1 keeps everything in this process). ``label``: the name a
    file is stored and reported under, from its path (default: the path itself).
    """
    store.streams.remove_orphans(store.stream_keys())
    importer = Importer(store, now)
    ctx = PrepareContext(store.profile(), store.streams.root)
    count = sum(estimate_count(p) for p in paths if p.exists())
    n_workers = workers or (os.cpu_count() or 1)
    jobs = _jobs(importer, _members(paths, importer.report, label), progress)
    if n_workers > 1 and count >= PARALLEL_FROM_FILES:
        method = "fork" if os.name == "posix" else "spawn"
        if method == "fork":
            _warm_for_workers()
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(n_workers, mp_context=context) as pool:
            _run(importer, _in_order(pool, jobs, ctx, window=4 * n_workers), progress)
    else:
        _run(importer, ((m, prepare(*_args(m, sha), ctx)) for m, sha in jobs), progress)
    return importer.report


def _warm_for_workers() -> None:
    """Load, once in this process, what every worker would otherwise load for itself.

    Forked workers inherit it: the FIT decoder (imported lazily) and its checksum tables and the
    measures' rules (loaded and checked).
    """
    try:
        from backstride.formats.fit import crc
    except ImportError:  # no FIT support in this installation: decode() says so per file
        pass
    else:
        crc.crc16(bytes(crc.SMALL_BYTES))
    load_rules()


def _jobs(
    importer: Importer, members: Iterable[Member], progress: ProgressCallback | None
) -> Iterator[tuple[Member, str]]:
    """The members that need preparing, each with its SHA-256 (hashed once, here)."""
    for member in members:
        sha = importer.to_prepare(member)
        if sha is not None:
            yield member, sha
        elif progress is not None:
            progress(member.label)


def _args(member: Member, sha: str) -> tuple[str, bytes, str, str | None]:
    return member.label, member.data or b"", sha, member.sport_hint


def _run(
    importer: Importer,
    results: Iterable[tuple[Member, Prepared | Unreadable]],
    progress: ProgressCallback | None,
) -> None:
    for member, result in results:
        importer.store_result(result, member.gear_name)
        if progress is not None:
            progress(member.label)


def _in_order(
    pool: Executor, jobs: Iterator[tuple[Member, str]], ctx: PrepareContext, window: int
) -> Iterator[tuple[Member, Prepared | Unreadable]]:
    """Prepare members in the pool, at most ``window`` in flight, yielding in input order."""
    pending: deque[tuple[Member, Future[Prepared | Unreadable]]] = deque()
    for member, sha in jobs:
        pending.append((member, pool.submit(prepare, *_args(member, sha), ctx)))
        if len(pending) >= window:
            done_member, future = pending.popleft()
            yield done_member, future.result()
    while pending:
        done_member, future = pending.popleft()
        yield done_member, future.result()


def _members(
    paths: Sequence[Path], report: ImportReport, label: Callable[[str], str] | None = None
) -> Iterator[Member]:
    for path in paths:
        if not path.exists():
            report.failed.append(Problem(str(path), "no such file or folder"))
            continue
        for member in iter_members(path):
            yield (
                member if label is None else dataclasses.replace(member, label=label(member.label))
            )
