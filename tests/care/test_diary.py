"""The diary CSV: export and import agree, and bad rows are reported by line, all or nothing."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.care import (
    RecentRun,
    check_entry,
    decode_diary,
    format_pain_csv,
    ignored_columns,
    parse_pain_csv,
    read_pain_csv,
    run_before,
    tidy_entry,
)
from backstride.care.diary import MAX_DIARY_ROWS
from backstride.errors import FileFormatError, InputValueError
from backstride.model import PainEntry, PainType

GOOD = """time,score,type,location,radiates_below_knee,numbness_or_tingling,note
2026-06-03T19:30:00+02:00,3,dull,lower back,false,,after the long run
2026-06-04T07:00:00Z,5,Sharp,lower back left,yes,no,
"""

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s.strip() and " ".join(s.split()) == s)

entries = st.builds(
    PainEntry,
    time_utc=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    score=st.integers(0, 10),
    pain_type=st.sampled_from(PainType),
    location=texts,
    utc_offset_s=st.integers(-14 * 4, 14 * 4).map(lambda q: q * 900),
    radiates_below_knee=st.one_of(st.none(), st.booleans()),
    numbness_or_tingling=st.one_of(st.none(), st.booleans()),
    note=st.one_of(st.none(), texts, st.just('quoted, "with" commas\nand a second line')),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(entries, max_size=8))
def test_what_export_writes_import_reads(diary: list[PainEntry]) -> None:
    text = format_pain_csv(diary)
    back = parse_pain_csv(text, "diary.csv")
    assert sorted(back, key=lambda e: e.time_utc) == sorted(diary, key=lambda e: e.time_utc)
    assert format_pain_csv(back) == text


def test_a_hand_written_file_reads_with_its_offsets() -> None:
    first, second = parse_pain_csv(GOOD, "diary.csv")
    assert first.time_utc == datetime(2026, 6, 3, 17, 30, tzinfo=UTC)
    assert first.utc_offset_s == 7200
    assert (first.radiates_below_knee, first.numbness_or_tingling) == (False, None)
    assert first.note == "after the long run"
    assert second.pain_type is PainType.SHARP and second.radiates_below_knee is True
    assert second.note is None and second.utc_offset_s == 0
    assert format_pain_csv([first]).splitlines()[1].startswith("2026-06-03T19:30:00+02:00,3,")


def test_only_the_required_columns_are_needed() -> None:
    (entry,) = parse_pain_csv(
        "location,type,score,time\nmid back,stiffness,2,2026-06-01T08:00+01:00\n", "x.csv"
    )
    assert entry.location == "mid back" and entry.radiates_below_knee is None


BAD_ROWS = """time,score,type,location,note
2026-06-03T19:30:00+02:00,3,dull,lower back,fine
2026-06-03T19:30:00,3,dull,lower back,no offset
2026-06-04T07:00:00Z,11,dull,lower back,score too high
2026-06-05T07:00:00Z,4,burning,lower back,unknown type
2026-06-06T07:00:00Z,4,dull,,no location
"2026-06-07T07:00:00Z",2,dull,hip,"a note over
two lines"
2026-06-08T07:00:00Z,two,dull,hip,score in words
2026-06-09T07:00:00Z,3,dull,hip,extra,field
"""


def test_every_bad_row_is_reported_with_its_line_number() -> None:
    with pytest.raises(InputValueError) as err:
        parse_pain_csv(BAD_ROWS, "diary.csv")
    message = str(err.value)
    assert message.startswith("diary.csv: 6 bad row(s), nothing imported")
    for line, words in [
        (3, "needs a UTC offset"),
        (4, "score '11'"),
        (5, "type 'burning'"),
        (6, "location is empty"),
        (9, "score 'two'"),
        (10, "more fields"),
    ]:
        assert f"line {line}: " in message and words in message, (line, message)
    assert "line 2:" not in message and "line 7:" not in message and "line 8:" not in message


@pytest.mark.parametrize(
    ("time", "words"),
    [
        ("0001-01-01T00:00+01:00", "out of range"),
        ("9999-12-31T23:59-01:00", "out of range"),
        ("1899-12-31T23:00+00:00", "before 1900"),
    ],
)
def test_times_beyond_what_a_diary_can_hold_are_refused(time: str, words: str) -> None:
    text = f"time,score,type,location\n{time},3,dull,back\n"
    with pytest.raises(InputValueError, match=words):
        parse_pain_csv(text, "diary.csv")


def test_control_characters_are_refused() -> None:
    with pytest.raises(InputValueError, match="control characters"):
        parse_pain_csv("time,score,type,location\n2026-01-01T08:00Z,3,dull,ba\x07ck\n", "d.csv")
    ok = parse_pain_csv(
        'time,score,type,location,note\n2026-01-01T08:00Z,3,dull,back,"a\tb\nc"\n', "d.csv"
    )
    assert ok[0].note == "a\tb\nc"


def test_other_columns_are_ignored_and_named() -> None:
    """A diary kept in a spreadsheet: capitalised names, a mood and a run column of its own."""
    text = (
        "Time, Score ,Type,Location,Mood,run\n"
        "2026-06-03T19:30:00+02:00,4,dull,lower back,tired,12\n"
    )
    [entry] = parse_pain_csv(text, "sheet.csv")
    assert (entry.score, entry.pain_type.value, entry.location) == (4, "dull", "lower back")
    assert entry.time_utc == datetime(2026, 6, 3, 17, 30, tzinfo=UTC)
    assert ignored_columns(text) == ["Mood", "run"]
    assert ignored_columns(format_pain_csv([entry])) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty file"),
        ("time,score,type\n", "missing ['location']"),
        ("time,score,type,location,location\n", "repeated ['location']"),
        ("Time,score,type,Location, TIME \n", "repeated ['time']"),
        ("time,score,type,location\n2026-13-01T00:00Z,1,dull,back\n", "line 2: time"),
        (
            'time,score,type,location,note\n2026-06-01T00:00Z,1,dull,back,x\n2026-06-01T00:00Z,1,dull,back,"open\n',
            "line 3",
        ),
    ],
)
def test_bad_files(text: str, words: str) -> None:
    with pytest.raises(InputValueError, match=r"x\.csv") as err:
        parse_pain_csv(text, "x.csv")
    assert words in str(err.value)


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ('"time,score,type,location', "never closed"),
        ('time,score,type,"location"x', "text after a closing quote"),
        ("time,score,type,location," + "n" * 131_073, "longer than 131,072 characters"),
    ],
)
def test_a_header_the_csv_module_cannot_read_is_a_bad_file(header: str, words: str) -> None:
    """Headers written by hand after the tester's files 38-40 (the csv module raised on them)."""
    text = header + "\n2022-05-29T19:00:00+02:00,3,dull,lower back\n"
    with pytest.raises(InputValueError, match=r"x\.csv line 1: the header cannot be read") as err:
        parse_pain_csv(text, "x.csv")
    assert words in str(err.value)


@pytest.mark.parametrize(
    "text", ["\x00" * 512, "\x00\x00\x00\x00PK\x03\x04 binary junk\n", "t\x00i\x00m\x00e\x00"]
)
def test_nul_bytes_are_not_a_csv(text: str) -> None:
    """NUL bytes: a file of nothing else, the start of a zip, UTF-16 without a byte-order mark."""
    with pytest.raises(InputValueError, match="NUL bytes"):
        parse_pain_csv(text, "x.csv")


def test_more_rows_than_a_diary_holds_are_refused() -> None:
    """Synthetic: a header and MAX_DIARY_ROWS + 1 rows of empty cells (blank rows count too,
    as they cost reading time)."""
    header = "time,score,type,location\n"
    assert parse_pain_csv(header + ",,,\n" * MAX_DIARY_ROWS, "x.csv") == []
    with pytest.raises(InputValueError, match="more than 100,000 rows"):
        parse_pain_csv(header + ",,,\n" * (MAX_DIARY_ROWS + 1), "x.csv")


def test_empty_rows_are_skipped_and_blank_lines_keep_line_numbers() -> None:
    """Excel's trailing ``,,,`` rows, blank lines before the header and between rows, written
    by hand after the tester's files 08, 10b, 18 and 68."""
    text = "\n\ntime,score,type,location\n2022-05-29T19:00+02:00,3,dull,back\n,,,\n , ,,\n"
    assert [line for line, _ in read_pain_csv(text, "x.csv")] == [4]
    bad = "time,score,type,location\n2022-05-29T19:00+02:00,3,dull,back\n\n\n2022-05-30T08:00+02:00,11,dull,back\n"
    with pytest.raises(InputValueError, match="line 5: score '11'") as err:
        parse_pain_csv(bad, "x.csv")
    assert "line 3" not in str(err.value)
    broken = 'time,score,type,location,note\n\n\n2022-05-29T19:00+02:00,3,dull,back,"open\n2022-05-30T19:00+02:00,3,dull,back,x\n'
    with pytest.raises(InputValueError, match=r"line 4: a quote \(\"\) opens a cell"):
        parse_pain_csv(broken, "x.csv")


BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("time", "utc", "offset_s"),
    [
        ("2022-05-29 19:00:00", datetime(2022, 5, 29, 17, 0, tzinfo=UTC), 7200),
        ("2022-05-29T19:00", datetime(2022, 5, 29, 17, 0, tzinfo=UTC), 7200),
        ("2022-01-10 08:30", datetime(2022, 1, 10, 7, 30, tzinfo=UTC), 3600),
        ("2022-05-29T19:00Z", datetime(2022, 5, 29, 19, 0, tzinfo=UTC), 0),  # an offset wins
    ],
)
def test_a_time_without_offset_is_read_in_the_runners_zone(
    time: str, utc: datetime, offset_s: int
) -> None:
    [entry] = parse_pain_csv(
        f"time,score,type,location\n{time},3,dull,back\n", "x.csv", zone=BERLIN
    )
    assert (entry.time_utc, entry.utc_offset_s) == (utc, offset_s)


@pytest.mark.parametrize(
    ("time", "zone", "words"),
    [
        ("2022-03-27 02:30", BERLIN, "line 2: time '2022-03-27 02:30' does not exist in Europe/Berlin"),
        ("2022-10-30 02:30", BERLIN, "happens twice in Europe/Berlin (the clocks went back): add +02:00 or +01:00"),
        ("2022-05-29 19:00", None, "line 2: time '2022-05-29 19:00' needs a UTC offset"),
        ("2022-05-29", BERLIN, "is a date: give the time of day too"),
        ("2022-05-29", None, "is a date: give the time of day too"),
    ],
)  # fmt: skip
def test_local_times_a_zone_cannot_say_are_refused(
    time: str, zone: ZoneInfo | None, words: str
) -> None:
    with pytest.raises(InputValueError) as err:
        parse_pain_csv(f"time,score,type,location\n{time},3,dull,back\n", "x.csv", zone=zone)
    assert words in str(err.value)


def test_semicolons_and_tabs_separate_as_commas_do() -> None:
    """What European Excel and 'Unicode text' write, by hand after the tester's files 05-06."""
    for sep in (";", "\t"):
        text = sep.join(["time", "score", "type", "location", "note", "Mood"]) + "\r\n"
        text += sep.join(["2022-05-29T19:00+02:00", "3", "dull", "lower, back", "a,b", "ok"])
        [entry] = parse_pain_csv(text, "x.csv")
        assert (entry.score, entry.location, entry.note) == (3, "lower, back", "a,b")
        assert ignored_columns(text) == ["Mood"]


ROW = "2022-05-29T19:00:00+02:00,3,dull,lower back left,no,no,apr\u00e8s \u00e7a tire\r\n"
HEADER = "time,score,type,location,radiates_below_knee,numbness_or_tingling,note\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + ROW).encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + (HEADER + ROW).encode("utf-8"), "utf-8"),
        ((HEADER + ROW).encode("cp1252"), "cp1252"),
        ((HEADER + ROW).encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + (HEADER + ROW).encode("utf-16-be"), "utf-16"),
    ],
)
def test_spreadsheet_encodings_are_read_and_named(data: bytes, encoding: str) -> None:
    """The same two lines encoded as Excel saves them (after the tester's files 02, 03, 07)."""
    text, used = decode_diary(data, "x.csv")
    assert used == encoding
    [entry] = parse_pain_csv(text, "x.csv")
    assert entry.note == "apr\u00e8s \u00e7a tire"


@pytest.mark.parametrize(
    "data",
    [
        b"time,score,type,location\n2022-05-29T19:00+02:00,3,dull,\x81\n",  # not cp1252 either
        "Zeit,Wert,Art,Ort\n2022-05-29T19:00+02:00,3,dull,r\u00fccken\n".encode("cp1252"),
    ],
)
def test_text_neither_utf8_nor_a_cp1252_diary_is_refused(data: bytes) -> None:
    with pytest.raises(FileFormatError, match="cannot be read as UTF-8"):
        decode_diary(data, "x.csv")


def test_header_names_may_use_spaces_or_hyphens_and_empty_cells_are_not_columns() -> None:
    """By hand after the tester's files 52 (spreadsheet-style names) and 09 (a trailing comma
    on every line, so an empty last column)."""
    text = (
        "Time , Score,TYPE, Location,Radiates below knee,Numbness-or-tingling,Note,,\n"
        "2022-05-29T19:00:00+02:00,3,dull,lower back,yes,yes,ok,,\n"
    )
    [entry] = parse_pain_csv(text, "x.csv")
    assert (entry.radiates_below_knee, entry.numbness_or_tingling) == (True, True)
    assert ignored_columns(text) == []


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["true", "YES", "y", "1", "WAHR", "ja", "VRAI", "oui", "VERDADERO", "s\u00ed", "si"], True),
        (["WAAR", "VERO", "S\u00cc", "si\u0301"], True),  # the last: i and a combining accent
        (["false", "No", "n", "0", "FALSCH", "nein", "FAUX", "non", "FALSO", "ONWAAR", "nee"], False),
        (["", "  "], None),
    ],
)  # fmt: skip
def test_spreadsheet_yes_and_no_in_five_languages(words: list[str], value: bool | None) -> None:
    rows = "".join(f"2022-05-{10 + i}T19:00Z,3,dull,back,{w}\n" for i, w in enumerate(words))
    entries = parse_pain_csv("time,score,type,location,radiates_below_knee\n" + rows, "x.csv")
    assert [e.radiates_below_knee for e in entries] == [value] * len(words)
    with pytest.raises(InputValueError, match="must be yes or no"):
        parse_pain_csv("time,score,type,location,radiates_below_knee\n2022-05-10T19:00Z,3,dull,back,maybe\n", "x.csv")  # fmt: skip


def test_a_cell_a_spreadsheet_would_run_is_exported_with_an_apostrophe() -> None:
    when = datetime(2022, 5, 29, 17, 0, tzinfo=UTC)
    entries = [
        PainEntry(
            time_utc=when,
            utc_offset_s=0,
            score=3,
            pain_type=PainType.DULL,
            location=location,
            note=note,
        )
        for location, note in [
            ('=HYPERLINK("http://x")', "+cmd"),
            ("-5 cm left", "@SUM(A1)"),
            ("'=already quoted", "it's fine"),
        ]
    ]
    text = format_pain_csv(entries)
    cells = [line.split(",")[3::3] for line in text.splitlines()[1:]]
    assert cells == [
        ['"\'=HYPERLINK(""http://x"")"', "'+cmd"],
        ["'-5 cm left", "'@SUM(A1)"],
        ["''=already quoted", "it's fine"],
    ]
    assert parse_pain_csv(text, "x.csv") == entries
    imported = parse_pain_csv("time,score,type,location\n2022-05-29T17:00Z,3,dull,'back\n", "x.csv")
    assert imported[0].location == "'back"  # an apostrophe before anything else stays


# any text but control characters other than tab and newline; formula characters and
# apostrophes first often
_any_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from("\t\n"),
    max_size=40,
)
_cell = st.tuples(
    st.sampled_from(["", "'", "''", "=", "+", "-", "@", "'=", " \t'-"]), _any_text
).map("".join)


@settings(max_examples=300, deadline=None)
@given(location=_cell.filter(lambda s: 0 < len(" ".join(s.split())) <= 200), note=_cell)
def test_any_location_and_note_come_back_from_an_export(location: str, note: str) -> None:
    """Any text as a runner may type it: what comes back is what the diary stores (location
    with spaces collapsed, note with its ends stripped), exactly, and no exported cell starts
    with a formula character."""
    typed = PainEntry(
        time_utc=datetime(2022, 5, 29, 17, 0, tzinfo=UTC),
        utc_offset_s=0,
        score=3,
        pain_type=PainType.DULL,
        location=location,
        note=note,
    )
    stored = tidy_entry(typed)
    text = format_pain_csv([stored])
    assert parse_pain_csv(text, "x.csv") == [stored]
    [_, row] = list(csv.reader(io.StringIO(text, newline="")))
    assert not any(cell[:1] in {"=", "+", "-", "@"} for cell in row[3:])


@pytest.mark.parametrize(("offset_s", "ok"), [(14 * 3600, True), (-12 * 3600, True), (-14 * 3600, True), (14 * 3600 + 60, False), (-(23 * 3600 + 59 * 60), False)])  # fmt: skip
def test_utc_offsets_beyond_real_time_zones_are_refused(offset_s: int, ok: bool) -> None:
    entry = PainEntry(
        time_utc=datetime(2022, 5, 29, 17, 0, tzinfo=UTC),
        utc_offset_s=offset_s,
        score=3,
        pain_type=PainType.DULL,
        location="back",
    )
    if ok:
        check_entry(entry, None)
    else:
        with pytest.raises(InputValueError, match="is not a real one"):
            check_entry(entry, None)
    with pytest.raises(InputValueError, match=r"line 2: UTC offset \+23:59 is not a real one"):
        parse_pain_csv("time,score,type,location\n2022-05-29T19:00:00+23:59,3,dull,back\n", "x.csv")


def _run(run_id: int, start: datetime, hours: float = 1.0) -> RecentRun:
    return RecentRun(
        id=run_id,
        start_utc=start,
        local_date=start.date(),
        distance_m=10_000.0,
        elapsed_s=hours * 3600.0,
    )


def test_an_entry_follows_the_latest_run_that_ended_within_48_hours() -> None:
    t0 = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
    runs = [_run(1, t0), _run(2, t0 + timedelta(days=2))]
    assert run_before(t0 - timedelta(minutes=1), runs, 2) is None
    assert run_before(t0 + timedelta(hours=5), runs, 2) == 1
    assert run_before(t0 + timedelta(days=2, minutes=30), runs, 2) == 2  # during the run
    assert run_before(t0 + timedelta(days=4, hours=1), runs, 2) == 2  # exactly 48 h after its end
    assert run_before(t0 + timedelta(days=4, hours=1, seconds=1), runs, 2) is None
    assert date(2026, 6, 1) == runs[0].local_date
