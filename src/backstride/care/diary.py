"""The pain diary as CSV, and which run each entry follows.

CSV: a header row, then one entry a row. Required columns ``time,score,type,location``; optional
``radiates_below_knee,numbness_or_tingling,note``; column names are matched ignoring case,
surrounding spaces, and spaces or hyphens written for underscores (``Radiates below knee``); any
other column is ignored, and :func:`ignored_columns` names it (empty header cells are not named).
The separator is a comma, a semicolon or a tab, whichever the header holds most of. The text is
UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or Windows-1252
(cp1252) when it is not UTF-8 but decodes so and its header reads (:func:`decode_diary` says which).

``time`` is ISO 8601 (``2026-06-03T19:30:00+02:00``, ``...Z``, ``2026-06-03 19:30``); a time
without a UTC offset is read in the runner's time zone when one is given, and refused when that
zone skips or repeats it (daylight saving). ``score`` is a whole number 0-10; ``type`` one of
sharp, dull, radiating, stiffness, throbbing; yes/no columns take true/false, yes/no, y/n, 1/0,
and the spreadsheet words of German (WAHR/FALSCH, ja/nein), French (VRAI/FAUX, oui/non), Spanish
(VERDADERO/FALSO, sí/si/no), Dutch (WAAR/ONWAAR, ja/nee) and Italian (VERO/FALSO, sì/si/no), in
any case, or nothing (unknown). Blank rows and rows of empty cells are skipped. A location has
its spaces collapsed and a note its ends stripped, as every way into the diary stores them
(:func:`tidy_entry`). Every bad row is reported with the line it starts on and nothing is
returned, so the caller writes all or nothing. :func:`format_pain_csv` writes what
:func:`parse_pain_csv` reads; a text cell a spreadsheet would run as a formula (first character
``= + - @``) is written with a leading apostrophe, which reading takes off again.

Linking (``care.diary_link``): an entry follows the latest run that started at or before it and
ended no more than 48 hours before it.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import dataclasses
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from backstride.care.inputs import RecentRun
from backstride.errors import FileFormatError, InputValueError
from backstride.model import PainEntry, PainType

#: How far past "now" an entry's time may lie (a clock a little ahead, a zone typed wrong by an
#: hour); beyond it the time is refused: the diary records pain already felt.
MAX_AHEAD = timedelta(hours=1)
#: The earliest time accepted: nobody logs pain felt before it, and times near year 1 cannot
#: be shown in every time zone.
EARLIEST_UTC = datetime(1900, 1, 1, tzinfo=UTC)
#: The largest UTC offset accepted, either way: real time zones run from -12:00 (Baker Island)
#: to +14:00 (Kiribati's Line Islands); anything beyond is a typing error.
MAX_OFFSET_S = 14 * 3600
#: The largest diary file read. A daily entry with a short note for 50 years is about 18,000
#: rows of ~100 bytes, under 2 MB; 16 MiB leaves room for several entries a day and long notes
#: while bounding the memory and time a wrong file (a video, a database dump) can take.
MAX_DIARY_BYTES = 16 * 1024 * 1024
#: The most rows read (blank ones included): four entries a day for 50 years is 73,000.
MAX_DIARY_ROWS = 100_000
#: Control characters other than tab and line breaks: invisible, and they break exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A text cell a spreadsheet runs as a formula (CSV injection), after any apostrophes already
#: there: export adds one apostrophe before such a cell and import takes exactly one off.
_FORMULA = re.compile(r"'*[=+\-@]")

REQUIRED = ("time", "score", "type", "location")
OPTIONAL = ("radiates_below_knee", "numbness_or_tingling", "note")
COLUMNS = REQUIRED + OPTIONAL
MAX_REPORTED = 20
#: What the rows of a file can be separated by, in order of preference on a tie.
_SEPARATORS = (",", ";", "\t")

_TRUE = frozenset(
    {"true", "yes", "y", "1", "wahr", "ja", "vrai", "oui", "verdadero", "sí", "si", "waar"}
    | {"vero", "sì"}
)
_FALSE = frozenset(
    {"false", "no", "n", "0", "falsch", "nein", "faux", "non", "falso", "onwaar", "nee"}
)
_WHOLE = re.compile(r"^\s*\d+\s*$")


def _offset_text(offset_s: int) -> str:
    minutes = abs(offset_s) // 60
    return f"{'-' if offset_s < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


def _in_zone(naive: datetime, zone: tzinfo, text: str) -> datetime:
    """A wall-clock time in ``zone``; InputValueError when the zone skips it (clocks going
    forward) or shows it twice (clocks going back)."""
    early, late = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    first, second = early.utcoffset(), late.utcoffset()
    if first == second or first is None or second is None:
        return early
    if early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise InputValueError(
            f"time {text!r} does not exist in {zone} (the clocks went forward): "
            "give the time with its UTC offset"
        )
    offsets = " or ".join(_offset_text(int(o.total_seconds())) for o in (first, second))
    raise InputValueError(
        f"time {text!r} happens twice in {zone} (the clocks went back): add {offsets}"
    )


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_time(text: str, zone: tzinfo | None = None) -> tuple[datetime, int]:
    """An ISO 8601 time -> (aware UTC instant, offset in seconds). A time without a UTC offset
    is read in ``zone`` (the runner's time zone) and refused without one."""
    cleaned = text.strip()
    if _is_date(cleaned):
        raise InputValueError(
            f"time {text!r} is a date: give the time of day too, such as {cleaned}T19:30"
        )
    try:
        when = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InputValueError(
            f"time {text!r} is not an ISO 8601 date and time such as 2026-06-03T19:30+02:00"
        ) from None
    try:
        if when.tzinfo is None:
            if zone is None:
                raise InputValueError(
                    f"time {text!r} needs a UTC offset such as +02:00 or Z "
                    "(or a time zone in your profile)"
                )
            when = _in_zone(when, zone, text)
        offset = when.utcoffset() or timedelta(0)
        return when.astimezone(UTC), int(offset.total_seconds())
    except OverflowError:
        raise InputValueError(f"time {text!r} is out of range") from None


def check_entry(entry: PainEntry, now: datetime | None) -> None:
    """InputValueError for an entry a runner cannot have meant: a time before 1900 or more than
    :data:`MAX_AHEAD` after ``now`` (None: no such check), a UTC offset beyond
    :data:`MAX_OFFSET_S`, or control characters in its text. Every way into the diary (log,
    edit, import, the web) checks a new entry with it; entries already stored are read as they
    are."""
    time_utc = entry.time_utc
    if now is not None and time_utc > now + MAX_AHEAD:
        raise InputValueError(
            f"time {time_utc.isoformat()} is in the future: log pain you have felt"
        )
    if time_utc < EARLIEST_UTC:
        raise InputValueError(
            f"time {time_utc.isoformat()} is before 1900: give the time the pain was felt"
        )
    offset = entry.utc_offset_s
    if offset is not None and abs(offset) > MAX_OFFSET_S:
        raise InputValueError(
            f"UTC offset {_offset_text(offset)} is not a real one: time zones run from "
            "-12:00 to +14:00"
        )
    for name, text in (("location", entry.location), ("note", entry.note or "")):
        if _CONTROL.search(text):
            raise InputValueError(f"{name} must not hold control characters")


def tidy_location(text: str) -> str:
    """A location as stored: ends stripped, every run of spaces (or tabs, line breaks) one space."""
    return " ".join(text.split())


def tidy_note(text: str | None) -> str | None:
    """A note as stored: ends stripped, lines inside kept; None when nothing is left."""
    return (text or "").strip() or None


def tidy_entry(entry: PainEntry) -> PainEntry:
    """The entry with its location and note as every way into the diary stores them."""
    return dataclasses.replace(
        entry, location=tidy_location(entry.location), note=tidy_note(entry.note)
    )


def entry_key(entry: PainEntry) -> tuple[Any, ...]:
    """What makes two entries the same one: instant, score, type, and location with case and
    spaces folded."""
    return (entry.time_utc, entry.score, entry.pain_type, tidy_location(entry.location).casefold())


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
    """A yes/no cell (see the module docstring for the words taken); None when empty."""
    cleaned = unicodedata.normalize("NFC", text or "").strip().casefold()
    if not cleaned:
        return None
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise InputValueError(f"{column} {text!r} must be yes or no, true or false (or empty)")


def _unescaped(text: str) -> str:
    """The cell without the apostrophe that :func:`format_pain_csv` puts before a formula."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text, 1) else text


def _escaped(text: str) -> str:
    return "'" + text if _FORMULA.match(text) else text


def _entry(row: Mapping[str, str], zone: tzinfo | None) -> PainEntry:
    for column in REQUIRED:
        if not row.get(column, "").strip():
            raise InputValueError(f"{column} is empty")
    time_utc, offset = parse_time(row["time"], zone)
    note = tidy_note(row.get("note"))
    return PainEntry(
        time_utc=time_utc,
        utc_offset_s=offset,
        score=parse_score(row["score"]),
        pain_type=parse_pain_type(row["type"]),
        location=_unescaped(tidy_location(row["location"])),
        radiates_below_knee=parse_yes_no("radiates_below_knee", row.get("radiates_below_knee")),
        numbness_or_tingling=parse_yes_no("numbness_or_tingling", row.get("numbness_or_tingling")),
        note=None if note is None else _unescaped(note),
    )


def _refused(name: str, problems: Sequence[str]) -> InputValueError:
    shown = "\n  ".join(problems[:MAX_REPORTED])
    more = (
        f"\n  ... and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
    )
    return InputValueError(
        f"{name}: {len(problems)} bad row(s), nothing imported:\n  {shown}{more}"
    )


def _column(cell: str) -> str:
    """A header cell as a column name: ``Radiates below-knee `` -> ``radiates_below_knee``."""
    return "_".join(cell.replace("-", " ").replace("_", " ").split()).casefold()


def _separator(text: str) -> str:
    """Comma, semicolon or tab: whichever the first line that is not blank holds most of."""
    for line in io.StringIO(text, newline=""):
        if line.strip():
            return max(_SEPARATORS, key=line.count)
    return ","


def _csv_problem(exc: csv.Error) -> str:
    """The csv module's complaint in the words of someone editing a spreadsheet."""
    said = str(exc)
    if "field limit" in said:
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    if "end of data" in said:
        return 'a quote (") opens a cell that is never closed'
    if "expected after" in said:
        return 'text after a closing quote ("): quote the whole cell and double quotes inside'
    return said


def _records(text: str, name: str) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(the line it starts on, its cells) for every record, blank ones included; a record the
    csv module cannot read (a stray or unclosed quote, an overlong cell) comes last, as its
    error. InputValueError past :data:`MAX_DIARY_ROWS` records."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text), strict=True)
    count = 0
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, exc
            return
        count += 1
        if count > MAX_DIARY_ROWS + 1:  # the header and MAX_DIARY_ROWS rows
            raise InputValueError(
                f"{name}: more than {MAX_DIARY_ROWS:,} rows, more than a diary holds; "
                "split the file"
            )
        yield line, cells


def _take_header(records: Iterator[tuple[int, list[str] | csv.Error]], name: str) -> list[str]:
    """The header's cells as written (blank lines before it skipped), checked."""
    for line, cells in records:
        if isinstance(cells, csv.Error):
            raise InputValueError(
                f"{name} line {line}: the header cannot be read: {_csv_problem(cells)}"
            )
        if any(c.strip() for c in cells):
            _check_header([_column(c) for c in cells], line, name)
            return cells
    raise InputValueError(f"{name}: empty file; the header needs {', '.join(REQUIRED)}")


def _check_header(names: Sequence[str], line: int, name: str) -> None:
    missing = [c for c in REQUIRED if c not in names]
    twice = sorted({c for c in names if c in COLUMNS and names.count(c) > 1})
    if missing or twice:
        raise InputValueError(
            f"{name} line {line}: header needs {', '.join(REQUIRED)} "
            f"(optional: {', '.join(OPTIONAL)}); "
            f"missing {missing or 'none'}, repeated {twice or 'none'}"
        )


def ignored_columns(text: str) -> list[str]:
    """The header's columns that a diary does not use (as written, empty ones left out)."""
    cells = _take_header(_records(text.removeprefix("\ufeff"), "the diary"), "the diary")
    return [c for c in cells if c.strip() and _column(c) not in COLUMNS]


def decode_diary(data: bytes, name: str) -> tuple[str, str]:
    """A diary file's bytes as text, and the encoding assumed (``utf-8``, ``utf-16`` or
    ``cp1252``): UTF-16 when it starts with a byte-order mark, else UTF-8, else Windows-1252
    (what Excel on Windows saves as "CSV" in Western Europe) when the bytes decode so and the
    header then reads as a diary's. FileFormatError otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileFormatError(name, f"cannot be read as UTF-16 text ({exc})") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        not_utf8 = f"cannot be read as UTF-8 text ({exc}); save it as CSV UTF-8"
    try:
        text = data.decode("cp1252")
        _take_header(_records(text, name), name)
    except (UnicodeDecodeError, InputValueError):
        raise FileFormatError(name, not_utf8) from None
    return text, "cp1252"


def _by_column(columns: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    if any(c.strip() for c in cells[len(columns) :]):
        raise InputValueError("more fields than the header has columns")
    return {c: cell for c, cell in zip(columns, cells, strict=False) if c in COLUMNS}


def read_pain_csv(
    text: str, name: str, now: datetime | None = None, zone: tzinfo | None = None
) -> list[tuple[int, PainEntry]]:
    """Every row of a diary CSV as (the line it starts on, its entry); InputValueError lists
    every bad row by line. A time more than an hour after ``now`` is a bad row; one without a
    UTC offset is read in ``zone`` (see :func:`parse_time`)."""
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise InputValueError(
            f"{name}: holds NUL bytes, so it is not CSV text (a spreadsheet's own format, or "
            "UTF-16 without a byte-order mark?); save it as CSV UTF-8"
        )
    records = _records(text, name)
    columns = [_column(c) for c in _take_header(records, name)]
    rows: list[tuple[int, PainEntry]] = []
    problems: list[str] = []
    for line, cells in records:
        if isinstance(cells, csv.Error):
            problems.append(f"line {line}: {_csv_problem(cells)}; the rest was not read")
            break
        if not any(c.strip() for c in cells):
            continue
        try:
            entry = _entry(_by_column(columns, cells), zone)
            check_entry(entry, now)
        except InputValueError as exc:
            problems.append(f"line {line}: {exc}")
        else:
            rows.append((line, entry))
    if problems:
        raise _refused(name, problems)
    return rows


def parse_pain_csv(
    text: str, name: str, now: datetime | None = None, zone: tzinfo | None = None
) -> list[PainEntry]:
    """The entries of a diary CSV (:func:`read_pain_csv` without the line numbers)."""
    return [entry for _, entry in read_pain_csv(text, name, now, zone)]


@dataclass(frozen=True, slots=True)
class Repeat:
    """A row skipped because an earlier row of the same file says the same."""

    line: int
    repeats_line: int


@dataclass(frozen=True, slots=True)
class NewRows:
    """Which rows of a file to add: ``fresh``; ``duplicates``, how many say what a stored entry
    says; ``repeats``, rows that say what an earlier row says."""

    fresh: list[PainEntry]
    duplicates: int
    repeats: list[Repeat]


def _details(entry: PainEntry) -> dict[str, Any]:
    return {
        "radiates_below_knee": entry.radiates_below_knee,
        "numbness_or_tingling": entry.numbness_or_tingling,
        "note": tidy_note(entry.note),
    }


def _differences(a: PainEntry, b: PainEntry) -> list[str]:
    theirs = _details(b)
    return [k for k, v in _details(a).items() if theirs[k] != v]


def new_rows(
    rows: Sequence[tuple[int, PainEntry]], stored: Sequence[PainEntry], name: str
) -> NewRows:
    """Sort a file's (line, entry) rows into new ones, duplicates of stored entries and
    repeats of earlier rows (same :func:`entry_key` and same details). A row with the key of a
    stored entry or an earlier row but other nerve signs or note is a bad row: skipping it
    could lose a warning sign, so InputValueError lists every such row."""
    in_store: dict[tuple[Any, ...], list[PainEntry]] = {}
    for e in stored:
        in_store.setdefault(entry_key(e), []).append(e)
    earlier: dict[tuple[Any, ...], tuple[int, PainEntry]] = {}
    same = "same time, score, type and location as"
    fresh: list[PainEntry] = []
    repeats: list[Repeat] = []
    problems: list[str] = []
    duplicates = 0
    for line, entry in rows:
        key = entry_key(entry)
        if key in earlier:
            first_line, first = earlier[key]
            if differ := _differences(entry, first):
                problems.append(
                    f"line {line}: {same} line {first_line} but different "
                    f"{', '.join(differ)}; keep the row you mean"
                )
            else:
                repeats.append(Repeat(line, first_line))
            continue
        earlier[key] = (line, entry)
        matches = in_store.get(key, [])
        if any(not _differences(entry, m) for m in matches):
            duplicates += 1
        elif matches:
            k = matches[0].id
            problems.append(
                f"line {line}: {same} entry {k} but different "
                f"{', '.join(_differences(entry, matches[0]))}; "
                f"change that entry with `backstride pain edit {k}`"
            )
        else:
            fresh.append(entry)
    if problems:
        raise _refused(name, problems)
    return NewRows(fresh, duplicates, repeats)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def local_time(entry: PainEntry) -> datetime:
    """The entry's time on the clock it was written in (UTC when unknown)."""
    zone = timezone(timedelta(seconds=entry.utc_offset_s or 0))
    return entry.time_utc.astimezone(zone)


def format_pain_csv(entries: Sequence[PainEntry]) -> str:
    """The entries as diary CSV, oldest first (what :func:`parse_pain_csv` reads); a location
    or note that a spreadsheet would run as a formula gets a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in sorted(entries, key=lambda x: x.time_utc):
        writer.writerow(
            [
                local_time(e).isoformat(),
                e.score,
                e.pain_type.value,
                _escaped(e.location),
                _yes_no(e.radiates_below_knee),
                _yes_no(e.numbness_or_tingling),
                _escaped(e.note or ""),
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
