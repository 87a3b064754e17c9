"""The diary CSV: export and import agree, and bad rows are reported by line, all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.care import (
    RecentRun,
    format_pain_csv,
    ignored_columns,
    parse_pain_csv,
    run_before,
)
from backstride.errors import InputValueError
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
        parse_pain_csv("time,score,type,location\n2026-01-01T08:00Z,3,dull,ba\x00ck\n", "d.csv")
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
