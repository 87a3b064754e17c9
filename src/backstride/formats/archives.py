"""Walk what a runner points at - a file, a folder tree, an export zip - and yield its activity
files as :class:`Member` records, never extracting anything to disk.

Recognised layouts (see :mod:`exports`): a Strava bulk export (folder or zip with
``activities.csv``), per-gear folders (``Activities/<kind>/<gear>/<file>``), a Garmin account
export (a zip of zips: inner zips such as
``DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip`` are opened in memory, up
to ``Limits.max_depth``; its gear lists are read by :mod:`garmin`), and any other folder or zip
(its activity files, sorted by path). The gear an export lists goes to ``on_gear`` before its
activity files.

Every archive is hostile: a member whose path could escape (absolute, ``..``, drive letter,
symbolic link) is reported, not read; sizes, compression ratio, member count and nesting are
bounded by :class:`Limits`; a corrupt zip or member becomes a Member with an ``error``. This
module never raises for bad input.

Labels: a file's path; a zip member as ``archive.zip!path/in/zip`` (nested: ``a.zip!b.zip!c.fit``).
Order: Strava-listed files in csv order, then gear-folder files, then everything else by path.
A folder walk does not follow symbolic links to folders, and a symbolic link to a file outside
the folder is reported, not read.

Deferred reading (``defer=True``): files on disk and members of zips on disk are not read here but
yielded with a :class:`Deferred` locator, so that a worker process can read (and inflate) them
itself, under the same bounds; the bytes it read are then counted against the archive's budget
in this process (:attr:`Member.account`), which stops the walk once it is spent. Members of zips
inside zips are always read here. :func:`resolve` reads a deferred member in this process.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from backstride.errors import FileFormatError, UnsafeInputError
from backstride.formats.containers import (
    CORRUPT_ERRORS,
    ZIP_EMPTY_MAGIC,
    ZIP_MAGIC,
    declared_entry_count,
    read_member,
    unsafe_name_reason,
)
from backstride.formats.exports import (
    BIKES_CSV,
    SHOES_CSV,
    STRAVA_CSV,
    ExportGear,
    StravaGear,
    StravaRow,
    gear_layout,
    is_gear_root,
    normalise_path,
    parse_strava_csv,
    parse_strava_gear,
)
from backstride.formats.garmin import GEAR_LIST, MAX_LIST_BYTES, garmin_list, parse_garmin_gear
from backstride.formats.limits import DEFAULT_LIMITS, Limits
from backstride.formats.names import is_activity_name

MISSING_FILE = "listed in activities.csv but file missing"
#: Called with the gear an export lists, before any of its activity files is yielded.
GearCallback = Callable[[ExportGear], None]
#: Files read besides activity files and zips: the Strava export's lists (Garmin's lists are
#: known by their folder too, :func:`garmin_list`).
_LISTS = frozenset({STRAVA_CSV, SHOES_CSV, BIKES_CSV})


def _is_list(rel: str) -> bool:
    return posixpath.basename(rel).lower() in _LISTS or garmin_list(rel) is not None


#: What an export says about a file: gear name, activity name, sport hint.
_Meta = tuple[str | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class Deferred:
    """Where a member's bytes lie, for another process to read them itself under the same bounds:
    a file on disk (``entry`` None), or the ``entry``-th member of the zip archive at ``path``."""

    label: str
    path: Path
    limit: int  # bytes this member may decompress to
    limits: Limits = DEFAULT_LIMITS
    entry: int | None = None
    name: str = ""  # the zip member's name, checked when it is read

    def read(self) -> bytes:
        """The member's bytes; raises FileFormatError (UnsafeInputError past a bound)."""
        if self.entry is None:
            return _read_file(self.path, self.label, self.limit)
        zf = _cached_zip(self.path, self.label, self.limits)
        infos = zf.infolist()
        if self.entry >= len(infos) or infos[self.entry].filename != self.name:
            raise FileFormatError(self.label, "the archive changed while it was being imported")
        return read_member(zf, infos[self.entry], self.label, self.limits, self.limit)


@dataclass(frozen=True, slots=True)
class Member:
    """One activity file found in what the runner pointed at."""

    label: str  # what the runner sees: the file path, or "export.zip!activities/123.fit.gz"
    data: bytes | None  # the member's bytes (still compressed if .gz: decode() handles that)
    error: str | None = None  # why it could not be read (unsafe path, too big, corrupt member)
    gear_name: str | None = None  # shoe named beside the file (Strava 'Activity Gear', gear folder)
    activity_name: str | None = None  # name given by the export
    sport_hint: str | None = None  # e.g. Strava 'Activity Type' ("Run", "Walk") as given
    deferred: Deferred | None = None  # where to read it, in place of ``data`` (``defer=True``)
    #: counts bytes read elsewhere against the archive's budget; raises UnsafeInputError once
    #: the budget is spent (set with ``deferred`` for members of zips on disk)
    account: Callable[[int], None] | None = field(default=None, repr=False, compare=False)


def resolve(member: Member) -> Member:
    """A deferred member read in this process (counted against its archive's budget), as
    :func:`iter_members` would have given it without ``defer``; other members unchanged."""
    if member.deferred is None:
        return member
    try:
        data = member.deferred.read()
        if member.account is not None:
            member.account(len(data))
    except FileFormatError as exc:
        return dataclasses.replace(member, data=None, error=exc.reason, deferred=None)
    return dataclasses.replace(member, data=data, deferred=None)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A file inside a tree (folder or zip): its POSIX path in the tree and how to read it."""

    rel: str
    label: str
    read: Callable[[int], bytes]  # read(limit_bytes); raises FileFormatError
    error: str | None = None
    disk_path: Path | None = None  # set for files on disk (a zip there is opened in place)
    deferred: Deferred | None = None  # how another process reads it (its limit set on use)


@dataclass(slots=True)
class _Budget:
    """Decompressed bytes read from one top-level archive, nested archives included."""

    label: str
    limit: int
    used: int = 0
    exhausted: bool = False

    def account(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            self.exhausted = True
            raise UnsafeInputError(
                self.label,
                f"archive decompresses to more than {self.limit} bytes in total; stopped",
            )


@dataclass(slots=True)
class _Tree:
    """Entries of one folder or zip, and what reading them is bounded by."""

    entries: list[_Entry]
    label_of: Callable[[str], str]
    limits: Limits
    depth: int
    budget: _Budget | None = None
    claimed: set[str] = field(default_factory=set)
    defer: bool = False
    on_gear: GearCallback | None = None

    def stopped(self) -> bool:
        return self.budget is not None and self.budget.exhausted


def iter_members(
    path: Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    defer: bool = False,
    on_gear: GearCallback | None = None,
) -> Iterator[Member]:
    """Yield every activity file in ``path`` (file, folder or archive); see the module docstring.
    ``on_gear`` receives the gear an export lists (Strava's ``shoes.csv``, Garmin's
    ``*_gear.json``), before the export's activity files."""
    label = str(path)
    try:
        if path.is_dir():
            yield from _plan(_folder_tree(path, limits, defer, on_gear))
        elif path.is_file():
            if _is_archive(path):
                yield from _zip_members(path, label, limits, 1, None, defer, on_gear)
            else:
                tree = _Tree([], str, limits, depth=0, defer=defer)
                yield _read_entry(tree, _disk_entry(path, path.name, label))
        else:
            yield Member(label, None, "no such file or folder")
    except OSError as exc:
        yield Member(label, None, f"cannot read: {exc.strerror or exc}")


def _is_archive(path: Path) -> bool:
    if is_activity_name(path.name):
        return False
    if path.name.lower().endswith(".zip"):
        return True
    with path.open("rb") as fp:
        return fp.read(4) in (ZIP_MAGIC, ZIP_EMPTY_MAGIC)


def _read_entry(tree: _Tree, entry: _Entry, meta: _Meta | None = None) -> Member:
    gear, name, hint = meta or (None, None, None)
    limit = tree.limits.max_file_bytes
    if entry.error is not None:
        return Member(entry.label, None, entry.error, gear, name, hint)
    if tree.defer and entry.deferred is not None:
        deferred = dataclasses.replace(entry.deferred, limit=limit)
        account = None if tree.budget is None else tree.budget.account
        return Member(entry.label, None, None, gear, name, hint, deferred, account)
    try:
        return Member(entry.label, entry.read(limit), None, gear, name, hint)
    except FileFormatError as exc:
        return Member(entry.label, None, exc.reason, gear, name, hint)


# ----------------------------------------------------------------------------- planning


def _plan(tree: _Tree) -> Iterator[Member]:
    """Members of a tree: Strava exports first, then gear folders, then the rest by path (a
    Garmin export's gear is handed over first)."""
    yield from _garmin_gear(tree)
    yield from _strava_members(tree)
    if not tree.stopped():
        yield from _gear_members(tree)
    for entry in sorted(tree.entries, key=lambda e: e.rel):
        if tree.stopped():
            return
        if entry.rel in tree.claimed:
            continue
        if (
            entry.error is not None
            or is_activity_name(entry.rel)
            or _garmin_upload_text(entry.label)
        ):
            yield _read_entry(tree, entry)
        elif entry.rel.lower().endswith(".zip"):
            yield from _nested_zip(tree, entry)


def _under(root: str, rel: str) -> bool:
    return not root or rel.startswith(root + "/")


def _strava_members(tree: _Tree) -> Iterator[Member]:
    csvs = sorted(
        (
            e
            for e in tree.entries
            if posixpath.basename(e.rel).lower() == STRAVA_CSV and not e.error
        ),
        key=lambda e: (e.rel.count("/"), e.rel),
    )
    roots: list[str] = []
    for csv_entry in csvs:
        root = posixpath.dirname(csv_entry.rel)
        if any(_under(r, csv_entry.rel) for r in roots):
            continue
        most = tree.limits.max_members
        try:
            listed = parse_strava_csv(csv_entry.read(tree.limits.max_file_bytes), most)
        except FileFormatError:
            listed = None
        if listed is None:
            continue
        rows = listed.rows
        if listed.problem is not None:
            why = (
                f"{listed.problem}; the rows from there on were not read, so their files "
                "import without the names and gear the export gives them"
            )
            yield Member(csv_entry.label, None, why)
        roots.append(root)
        tree.claimed.add(csv_entry.rel)
        gear = _strava_gear(tree, root)
        if gear.shoes and tree.on_gear is not None:
            tree.on_gear(ExportGear(gear.shoes))
        if len(rows) > most:
            why = f"lists more than {most} files; only the first {most} were read"
            yield Member(csv_entry.label, None, why)
            rows = rows[:most]
        yield from _strava_rows(tree, root, rows, gear)


def _loose_key(rel: str) -> str:
    """A listed path as it may lie on disk after the runner unpacked the export: any case,
    with or without the ``.gz`` Strava gave it (``activities/1.fit.gz`` is ``activities/1.FIT``)."""
    key = rel.casefold()
    return key.removesuffix(".gz")


def _strava_gear(tree: _Tree, root: str) -> StravaGear:
    """The gear listed beside an export's activities.csv (none when unreadable)."""
    found: dict[str, bytes | None] = {SHOES_CSV: None, BIKES_CSV: None}
    for entry in tree.entries:
        name = posixpath.basename(entry.rel).lower()
        if name in found and posixpath.dirname(entry.rel) == root and not entry.error:
            tree.claimed.add(entry.rel)
            try:
                found[name] = entry.read(tree.limits.max_file_bytes)
            except FileFormatError:
                continue
    return parse_strava_gear(found[SHOES_CSV], found[BIKES_CSV])


def _garmin_gear(tree: _Tree) -> Iterator[Member]:
    """Hand over the gear of a Garmin export's JSON lists, if the tree holds any and someone
    asked for gear; a list that cannot be read is reported (as a Member with its error)."""
    if tree.on_gear is None:
        return
    found: dict[str, list[bytes]] = {}
    for entry in tree.entries:
        kind = garmin_list(entry.rel)
        if kind is None:
            continue
        tree.claimed.add(entry.rel)
        if entry.error:
            yield Member(entry.label, None, entry.error)
            continue
        try:
            found.setdefault(kind, []).append(
                entry.read(min(MAX_LIST_BYTES, tree.limits.max_file_bytes))
            )
        except FileFormatError as exc:
            yield Member(entry.label, None, f"{exc.reason}; the gear it lists was not read")
    if not found:
        return
    activities = (data for kind, lists in found.items() if kind != GEAR_LIST for data in lists)
    gear = parse_garmin_gear(found.get(GEAR_LIST, []), activities, tree.limits.max_members)
    if gear.shoes or gear.by_start or gear.names_by_start:
        tree.on_gear(gear)


def _strava_rows(
    tree: _Tree, root: str, rows: list[StravaRow], gear: StravaGear
) -> Iterator[Member]:
    by_rel = {e.rel: e for e in tree.entries}
    loose: dict[str, _Entry] = {}
    for e in tree.entries:
        loose.setdefault(_loose_key(e.rel), e)
    for row in rows:
        if tree.stopped():
            return
        rel = posixpath.join(root, row.filename) if root else row.filename
        meta = (gear.shoe_name(row.gear_name), row.activity_name, row.activity_type)
        entry = by_rel.get(rel) or loose.get(_loose_key(rel))
        if entry is None:
            yield Member(tree.label_of(rel), None, MISSING_FILE, *meta)
        elif entry.rel not in tree.claimed:
            tree.claimed.add(entry.rel)
            yield _read_entry(tree, entry, meta)


def _gear_members(tree: _Tree) -> Iterator[Member]:
    folders = {posixpath.dirname(e.rel) for e in tree.entries}
    roots = sorted({f for d in folders for f in _ancestors(d) if is_gear_root(f)})
    for root in roots:
        files = sorted(
            e.rel
            for e in tree.entries
            if _under(root, e.rel) and e.rel not in tree.claimed and is_activity_name(e.rel)
        )
        layout = gear_layout(root, files)
        if layout is None:
            continue
        entries = {e.rel: e for e in tree.entries}
        for rel, placement in layout.items():
            if tree.stopped():
                return
            tree.claimed.add(rel)
            meta = (placement.gear_name, None, placement.kind)
            yield _read_entry(tree, entries[rel], meta)


def _ancestors(folder: str) -> Iterator[str]:
    """The folder and its parents ('a/b' -> 'a/b', 'a'); stops at the root of absolute paths."""
    while folder and folder != posixpath.dirname(folder):
        yield folder
        folder = posixpath.dirname(folder)


# ----------------------------------------------------------------------------- folders


def _folder_tree(root: Path, limits: Limits, defer: bool, on_gear: GearCallback | None) -> _Tree:
    real_root = os.path.realpath(root)
    entries: list[_Entry] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(folder) / name
            rel = full.relative_to(root).as_posix()
            if not (
                is_activity_name(name)
                or name.lower().endswith(".zip")
                or _is_list(rel)
                or _garmin_upload_text(rel)
            ):
                continue
            entry = _disk_entry(full, rel, str(full))
            if full.is_symlink() and not _inside(os.path.realpath(full), real_root):
                why = "symbolic link to a file outside the folder; not followed"
                entry = _Entry(rel, str(full), _refusing(str(full), why), why)
            entries.append(entry)
    return _Tree(
        entries, lambda rel: str(root / rel), limits, depth=0, defer=defer, on_gear=on_gear
    )


def _garmin_upload_text(path: str) -> bool:
    """A ``.txt`` file among the uploads a Garmin export keeps (in ``UploadedFiles_*`` zips or
    a ``DI-Connect-*Uploaded-Files`` folder): Garmin stores uploaded TCX files under that name.
    It is read and its content decides what it is, like a file named on the command line."""
    if not path.lower().endswith(".txt"):
        return False
    parts = path.replace("\\", "/").replace("!", "/").lower().split("/")
    return any(p.startswith("uploadedfiles") or p.endswith("uploaded-files") for p in parts[:-1])


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _disk_entry(full: Path, rel: str, label: str) -> _Entry:
    def read(limit: int) -> bytes:
        return _read_file(full, label, limit)

    return _Entry(rel, label, read, disk_path=full, deferred=Deferred(label, full, 0))


def _read_file(path: Path, label: str, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise UnsafeInputError(label, f"file is larger than the limit of {limit} bytes")
        with path.open("rb") as fp:
            data = fp.read(limit + 1)
    except OSError as exc:
        raise FileFormatError(label, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise UnsafeInputError(label, f"file is larger than the limit of {limit} bytes")
    return data


# ----------------------------------------------------------------------------- zips


def _nested_zip(tree: _Tree, entry: _Entry) -> Iterator[Member]:
    depth = tree.depth + 1
    if depth > tree.limits.max_depth:
        yield Member(
            entry.label, None, f"archives nested more than {tree.limits.max_depth} deep; refused"
        )
        return
    if entry.disk_path is not None:
        yield from _zip_members(
            entry.disk_path, entry.label, tree.limits, depth, None, tree.defer, tree.on_gear
        )
        return
    budget = tree.budget
    room = tree.limits.max_archive_bytes if budget is None else budget.limit - budget.used
    try:
        data = entry.read(max(room, 0))
    except FileFormatError as exc:
        yield Member(entry.label, None, exc.reason)
        return
    yield from _zip_members(
        BytesIO(data), entry.label, tree.limits, depth, budget, False, tree.on_gear
    )


def _zip_members(
    source: Path | BinaryIO,
    label: str,
    limits: Limits,
    depth: int,
    budget: _Budget | None,
    defer: bool,
    on_gear: GearCallback | None = None,
) -> Iterator[Member]:
    """Members of one zip (on disk or in memory); ``budget`` is shared with enclosing zips.
    With ``defer``, members of a zip on disk are left for another process to read."""
    budget = budget or _Budget(label, limits.max_archive_bytes)
    try:
        fp = source.open("rb") if isinstance(source, Path) else source
    except OSError as exc:
        yield Member(label, None, f"cannot read: {exc.strerror or exc}")
        return
    with fp:
        opened = _open_zip(fp, limits)
        if isinstance(opened, str):
            yield Member(label, None, opened)
            return
        with opened as zf:
            disk = source if isinstance(source, Path) and defer else None
            entries = _zip_entries(zf, label, limits, budget, disk)
            tree = _Tree(
                entries,
                lambda r: f"{label}!{r}",
                limits,
                depth,
                budget,
                defer=defer,
                on_gear=on_gear,
            )
            yield from _plan(tree)


def _open_zip(fp: BinaryIO, limits: Limits) -> zipfile.ZipFile | str:
    """The open archive, or why it is refused. The declared entry count is checked before the
    central directory is parsed, the real count after."""
    try:
        count = declared_entry_count(fp)
        if count is not None and count > limits.max_members:
            return _too_many(count, limits)
        zf = zipfile.ZipFile(fp)
    except CORRUPT_ERRORS as exc:
        return f"not a readable zip archive: {exc}"
    if len(zf.infolist()) > limits.max_members:
        zf.close()
        return _too_many(len(zf.infolist()), limits)
    return zf


def _too_many(count: int, limits: Limits) -> str:
    return f"archive holds {count} entries, more than the limit of {limits.max_members}; refused"


def _zip_entries(
    zf: zipfile.ZipFile, label: str, limits: Limits, budget: _Budget, disk: Path | None
) -> list[_Entry]:
    """Entries for the members that matter (activity files, zips, activities.csv) and for every
    member whose path is unsafe, which is reported and never read. ``disk``: the zip's path,
    when its members may be read by another process."""
    entries = []
    for index, info in enumerate(zf.infolist()):
        if info.is_dir():
            continue
        member_label = f"{label}!{info.filename}"
        reason = unsafe_name_reason(info)
        if reason is not None:
            why = f"unsafe path in archive ({reason}); refused"
            entries.append(
                _Entry(
                    normalise_path(info.filename), member_label, _refusing(member_label, why), why
                )
            )
            continue
        name = info.filename.lower()
        if (
            is_activity_name(name)
            or name.endswith(".zip")
            or _is_list(normalise_path(name))
            or _garmin_upload_text(member_label)
        ):
            deferred = (
                None
                if disk is None
                else Deferred(member_label, disk, 0, limits, index, info.filename)
            )
            entries.append(
                _Entry(
                    normalise_path(info.filename),
                    member_label,
                    _member_reader(zf, info, member_label, limits, budget),
                    deferred=deferred,
                )
            )
    return entries


def _member_reader(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, limits: Limits, budget: _Budget
) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:
        return read_member(zf, info, label, limits, limit, budget.account)

    return read


def _refusing(label: str, reason: str) -> Callable[[int], bytes]:
    """A reader for an entry that must not be read (its ``error`` says why)."""

    def read(limit: int) -> bytes:
        raise UnsafeInputError(label, reason)

    return read


# ----------------------------------------------------------------------------- deferred reads

#: The zip archive :meth:`Deferred.read` opened last in this process, kept open for the next
#: member: (path, size, mtime, pid), the archive and its file. The pid keeps a forked worker
#: from reading through its parent's file offset.
_open: list[tuple[tuple[str, int, int, int], zipfile.ZipFile, BinaryIO]] = []


def _cached_zip(path: Path, label: str, limits: Limits) -> zipfile.ZipFile:
    try:
        st = path.stat()
        key = (str(path), st.st_size, st.st_mtime_ns, os.getpid())
        if _open and _open[0][0] == key:
            return _open[0][1]
        close_deferred()
        fp = path.open("rb")
    except OSError as exc:
        raise FileFormatError(label, f"cannot read: {exc.strerror or exc}") from None
    opened = _open_zip(fp, limits)
    if isinstance(opened, str):
        fp.close()
        raise FileFormatError(label, opened)
    _open.append((key, opened, fp))
    return opened


def close_deferred() -> None:
    """Close the archive kept open by :meth:`Deferred.read` in this process, if any."""
    while _open:
        key, zf, fp = _open.pop()
        if key[3] == os.getpid():
            zf.close()
            fp.close()
