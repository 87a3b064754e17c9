"""The pain diary: log, list, edit, delete, import and export, each entry linked to its run.

An entry follows the latest run that started before it and ended at most 48 hours before it
(``care.diary_link``); links are refreshed whenever the diary is read, so runs imported after an
entry still get linked. A CSV import writes every row or none (one transaction) and reports
each bad row with its line number. A row with the time, score, type and location (case and
spaces folded) of a stored entry or of an earlier row is skipped when it also has the same nerve
signs and note, and is a bad row when it does not: skipping it could lose a warning sign. Files
over :data:`~backstride.care.diary.MAX_DIARY_BYTES` are refused, reading no more than that. A time
without a UTC offset is read in the profile's time zone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backstride.care import (
    MAX_DIARY_BYTES,
    RecentRun,
    Repeat,
    check_entry,
    decode_diary,
    entry_key,
    format_pain_csv,
    ignored_columns,
    new_rows,
    read_pain_csv,
    runs_before,
    tidy_entry,
)
from backstride.errors import DuplicateError, FileFormatError, NotFoundError
from backstride.knowledge.care import load_care
from backstride.model import PainEntry
from backstride.services.care_inputs import recent_runs
from backstride.store import Store
from backstride.store.care import CareStore


@dataclass(frozen=True, slots=True)
class DiaryImport:
    """What an import did: rows added, rows already in the diary (``duplicates``), entries
    linked to a run, the file's columns that a diary does not use (ignored), the text encoding
    assumed (``utf-8``, ``utf-16`` or ``cp1252``), and rows skipped as repeats of an earlier
    row of the file."""

    path: str
    added: int
    duplicates: int
    linked: int
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    repeats: list[Repeat] = field(default_factory=list)


def _link_all(entries: Sequence[PainEntry], runs: Sequence[RecentRun]) -> list[PainEntry]:
    window = load_care().rules.diary_link.window_days
    ids = runs_before([e.time_utc for e in entries], runs, window)
    return [dataclasses.replace(e, activity_id=i) for e, i in zip(entries, ids, strict=True)]


def _link(entry: PainEntry, runs: Sequence[RecentRun]) -> PainEntry:
    return _link_all([entry], runs)[0]


def runner_zone(store: Store) -> ZoneInfo | None:
    """The profile's time zone, in which a time written without a UTC offset is read; None
    when the profile has none (such a time is then refused rather than guessed)."""
    name = store.profile().timezone
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def log_pain(store: Store, entry: PainEntry, now: datetime | None = None) -> PainEntry:
    """Store one entry, linked to the run it follows; returns it with its id. A time more than
    an hour after ``now`` is refused; location and note are stored tidied (:func:`tidy_entry`).
    DuplicateError when the diary already holds an entry with the same :func:`entry_key` (a
    command run twice, a form sent twice)."""
    entry = tidy_entry(entry)
    check_entry(entry, now)
    rows = CareStore(store)
    _refuse_repeat(entry, rows.pain_entries())
    linked = _link(entry, recent_runs(store))
    (entry_id,) = rows.add_pain([linked])
    return dataclasses.replace(linked, id=entry_id)


def list_pain(store: Store, runs: Sequence[RecentRun] | None = None) -> list[PainEntry]:
    """Every entry, oldest first, with its run link brought up to date.

    ``runs``: the stored runs when the caller has read them already (else they are read).
    """
    rows = CareStore(store)
    entries = rows.pain_entries()
    linked = _link_all(entries, recent_runs(store) if runs is None else runs)
    changed = {
        e.id: e.activity_id
        for e, old in zip(linked, entries, strict=True)
        if e.id is not None and e.activity_id != old.activity_id
    }
    if changed:
        rows.set_pain_links(changed)
    return linked


def get_pain(store: Store, entry_id: int) -> PainEntry:
    found = CareStore(store).pain_entry(entry_id)
    if found is None:
        raise NotFoundError(f"no pain entry with id {entry_id}; see 'backstride pain list'")
    return found


def edit_pain(
    store: Store, entry_id: int, changes: dict[str, Any], now: datetime | None = None
) -> PainEntry:
    """Change fields of one entry (checked as a new entry would be, and refused when it would
    become the same as another entry); re-links it."""
    current = get_pain(store, entry_id)
    changed = tidy_entry(dataclasses.replace(current, **changes))
    check_entry(changed, now)
    rows = CareStore(store)
    _refuse_repeat(changed, [e for e in rows.pain_entries() if e.id != entry_id])
    edited = _link(changed, recent_runs(store))
    rows.replace_pain(edited)
    return edited


def _refuse_repeat(entry: PainEntry, others: Sequence[PainEntry]) -> None:
    """DuplicateError when another entry has the same :func:`entry_key`: the diary's trend and
    episodes would count the same pain twice."""
    key = entry_key(entry)
    if same := next((e for e in others if entry_key(e) == key), None):
        raise DuplicateError(
            f"the diary already holds this entry (entry {same.id}: same time, score, type and "
            f"location); to change it, edit entry {same.id} (`backstride pain edit {same.id}`)"
        )


def delete_pain(store: Store, entry_id: int) -> PainEntry:
    current = get_pain(store, entry_id)
    CareStore(store).delete_pain(entry_id)
    return current


def import_pain_csv(store: Store, path: Path, now: datetime | None = None) -> DiaryImport:
    """Import a diary CSV: every row or none (see the module docstring); a row more than an
    hour after ``now`` is a bad row."""
    name = str(path)
    text, encoding = decode_diary(_read_bounded(path), name)
    parsed = read_pain_csv(text, name, now, runner_zone(store))
    rows = CareStore(store)
    sorted_out = new_rows(parsed, rows.pain_entries(), name)
    linked = _link_all(sorted_out.fresh, recent_runs(store))
    rows.add_pain(linked)
    return DiaryImport(
        path=name,
        added=len(linked),
        duplicates=sorted_out.duplicates,
        linked=sum(e.activity_id is not None for e in linked),
        ignored_columns=ignored_columns(text),
        encoding=encoding,
        repeats=sorted_out.repeats,
    )


def _read_bounded(path: Path) -> bytes:
    """The file's bytes; FileFormatError when it cannot be read or is over
    :data:`MAX_DIARY_BYTES` (found without reading more than that)."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_DIARY_BYTES + 1)
    except OSError as exc:
        raise FileFormatError(str(path), f"cannot be read ({exc})") from exc
    if len(data) > MAX_DIARY_BYTES:
        raise FileFormatError(
            str(path),
            f"is over {MAX_DIARY_BYTES // 2**20} MiB, more than a pain diary holds "
            "(decades of daily entries are a few MB): is it the right file?",
        )
    return data


def export_pain_csv(store: Store, path: Path | None = None) -> tuple[str, int]:
    """The whole diary as CSV (what :func:`import_pain_csv` reads) and its number of entries;
    written to ``path`` when given."""
    entries = list_pain(store)
    text = format_pain_csv(entries)
    if path is not None:
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise FileFormatError(str(path), f"cannot be written ({exc})") from exc
    return text, len(entries)
