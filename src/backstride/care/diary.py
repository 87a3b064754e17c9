"""The pain diary as CSV, and which run each entry follows.

CSV (UTF-8, a header row): required columns ``time,score,type,location``; optional
``radiates_below_knee,numbness_or_tingling,note``; column names are matched ignoring case and
surrounding spaces; any other column is ignored, and :func:`ignored_columns` names it. ``time`` is ISO
8601 with a UTC offset (``2026-06-03T19:30:00+02:00`` or ``...Z``); ``score`` a whole number
0-10; ``type`` one of sharp, dull, radiating, stiffness, throbbing; yes/no columns take true,
false, yes, no, 1, 0 or nothing (unknown). Every bad row is reported with its line number and
nothing is returned, so the caller writes all or nothing. :func:`format_pain_csv` writes what
:func:`parse_pain_csv` reads.

Linking (``care.diary_link``): an entry follows the latest run that started at or before it and
ended no more than 48 hours before it.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone

from backstride.care.inputs import RecentRun
from backstride.errors import InputValueError
from backstride.model import PainEntry, PainType

#: How far past "now" an entry's time may lie (a clock a little ahead, a zone typed wrong by an
#: hour); beyond it the time is refused: the diary records pain already felt.
MAX_AHEAD = timedelta(hours=1)
#: The earliest time accepted: nobody logs pain felt before it, and times near year 1 cannot
#: be shown in every time zone.
EARLIEST_UTC = datetime(1900, 1, 1, tzinfo=UTC)
#: Control characters other than tab and line breaks: invisible, and they break exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

REQUIRED = ("time", "score", "type", "location")
OPTIONAL = ("radiates_below_knee", "numbness_or_tingling", "note")
COLUMNS = REQUIRED + OPTIONAL
MAX_REPORTED = 20

_TRUE = frozenset({"true", "yes", "1", "y"})
_FALSE = frozenset({"false", "no", "0", "n"})
_WHOLE = re.compile(r"^\s*\d+\s*$")


def parse_time(text: str) -> tuple[datetime, int]:
    """An ISO 8601 time with a UTC offset -> (aware UTC instant, offset in seconds)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputValueError(f"time {text!r} is not an ISO 8601 date and time") from None
    offset = when.utcoffset()
    if offset is None:
        raise InputValueError(f"time {text!r} needs a UTC offset such as +02:00 or Z")
    try:
        return when.astimezone(UTC), int(offset.total_seconds())
    except OverflowError:
        raise InputValueError(f"time {text!r} is out of range") from None


def check_entry(entry: PainEntry, now: datetime | None) -> None:
    """InputValueError for an entry a runner cannot have meant: a time before 1900 or more than
    :data:`MAX_AHEAD` after ``now`` (None: no such check), or control characters in its text.
    Every way into the diary (log, edit, import, the web) checks a new entry with it; entries
    already stored are read as they are."""
    time_utc = entry.time_utc
    if now is not None and time_utc > now + MAX_AHEAD:
        raise InputValueError(
            f"time {time_utc.isoformat()} is in the future: log pain you have felt"
        )
    if time_utc < EARLIEST_UTC:
        raise InputValueError(
            f"time {time_utc.isoformat()} is before 1900: give the time the pain was felt"
        )
    for name, text in (("location", entry.location), ("note", entry.note or "")):
        if _CONTROL.search(text):
            raise InputValueError(f"{name} must not hold control characters")


def parse_score(text: str) -> int:
    if not _WHOLE.match(text) or not 0 <= int(text) <= 10:
        raise InputValueError(f"score {text!r} must be a whole number from 0 to 10")
    return int(text)


def parse_pain_type(text: str) -> PainType:
    try:
        return PainType(text.strip().lower())
    except ValueError:
        options = ", ".join(p.value for p in PainType)
        raise InputValueError(f"type {text!r} must be one of {options}") from None


def parse_yes_no(column: str, text: str | None) -> bool | None:
    cleaned = (text or "").strip().lower()
    if not cleaned:
        return None
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise InputValueError(f"{column} {text!r} must be true or false (or empty)")


def _entry(row: Mapping[str, str | None]) -> PainEntry:
    for column in REQUIRED:
        if not (row.get(column) or "").strip():
            raise InputValueError(f"{column} is empty")
    time_utc, offset = parse_time(row["time"] or "")
    note = (row.get("note") or "").strip()
    return PainEntry(
        time_utc=time_utc,
        utc_offset_s=offset,
        score=parse_score(row["score"] or ""),
        pain_type=parse_pain_type(row["type"] or ""),
        location=" ".join((row["location"] or "").split()),
        radiates_below_knee=parse_yes_no("radiates_below_knee", row.get("radiates_below_knee")),
        numbness_or_tingling=parse_yes_no("numbness_or_tingling", row.get("numbness_or_tingling")),
        note=note or None,
    )


def _names(fields: Sequence[str]) -> list[str]:
    return [f.strip().lower() for f in fields]


def _check_header(fields: Sequence[str] | None, name: str) -> None:
    if not fields:
        raise InputValueError(f"{name}: empty file; the header needs {', '.join(REQUIRED)}")
    names = _names(fields)
    missing = [c for c in REQUIRED if c not in names]
    twice = sorted({c for c in names if c in COLUMNS and names.count(c) > 1})
    if missing or twice:
        raise InputValueError(
            f"{name} line 1: header needs {', '.join(REQUIRED)} (optional: {', '.join(OPTIONAL)}); "
            f"missing {missing or 'none'}, repeated {twice or 'none'}"
        )


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")), [])


def ignored_columns(text: str) -> list[str]:
    """The header's columns that a diary does not use (as written), in order."""
    return [f for f in _header(text) if f.strip().lower() not in COLUMNS]


def parse_pain_csv(text: str, name: str, now: datetime | None = None) -> list[PainEntry]:
    """Every row of a diary CSV as an entry; InputValueError lists every bad row by line (a
    time more than an hour after ``now`` is a bad row)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    _check_header(reader.fieldnames, name)
    reader.fieldnames = _names(reader.fieldnames or ())
    entries: list[PainEntry] = []
    problems: list[str] = []
    line = 1
    try:
        for row in reader:
            first_line, line = line + 1, reader.line_num
            try:
                if None in row:
                    raise InputValueError("more fields than the header has columns")
                entry = _entry(row)
                check_entry(entry, now)
                entries.append(entry)
            except InputValueError as exc:
                problems.append(f"line {first_line}: {exc}")
    except csv.Error as exc:  # a broken quote: reported at the row it starts on
        problems.append(f"line {line + 1}: {exc}")
    if problems:
        shown = "\n  ".join(problems[:MAX_REPORTED])
        more = (
            f"\n  ... and {len(problems) - MAX_REPORTED} more"
            if len(problems) > MAX_REPORTED
            else ""
        )
        raise InputValueError(
            f"{name}: {len(problems)} bad row(s), nothing imported:\n  {shown}{more}"
        )
    return entries


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def local_time(entry: PainEntry) -> datetime:
    """The entry's time on the clock it was written in (UTC when unknown)."""
    zone = timezone(timedelta(seconds=entry.utc_offset_s or 0))
    return entry.time_utc.astimezone(zone)


def format_pain_csv(entries: Sequence[PainEntry]) -> str:
    """The entries as diary CSV, oldest first (what :func:`parse_pain_csv` reads)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in sorted(entries, key=lambda x: x.time_utc):
        writer.writerow(
            [
                local_time(e).isoformat(),
                e.score,
                e.pain_type.value,
                e.location,
                _yes_no(e.radiates_below_knee),
                _yes_no(e.numbness_or_tingling),
                e.note or "",
            ]
        )
    return buffer.getvalue()


def run_before(when: datetime, runs: Sequence[RecentRun], window_days: float) -> int | None:
    """The id of the latest run that started at or before ``when`` and ended no more than
    ``window_days`` before it; None when there is none."""
    return runs_before([when], runs, window_days)[0]


def runs_before(
    whens: Sequence[datetime], runs: Sequence[RecentRun], window_days: float
) -> list[int | None]:
    """:func:`run_before` for many instants: the runs are sorted once and searched by bisection.

    Of runs that started at the same instant, the one with the larger id counts as the later.
    """
    ordered = sorted(runs, key=lambda r: (r.start_utc, r.id))
    starts = [r.start_utc for r in ordered]
    window = timedelta(days=window_days)
    out: list[int | None] = []
    for when in whens:
        i = bisect.bisect_right(starts, when) - 1
        latest = ordered[i] if i >= 0 else None
        out.append(latest.id if latest is not None and when - latest.end_utc <= window else None)
    return out
