"""The pain diary through the store: round trip, all-or-nothing import, links to runs."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backstride.care import MAX_DIARY_BYTES, Repeat
from backstride.errors import FileFormatError, InputValueError, NotFoundError
from backstride.model import PainEntry, PainType, Profile
from backstride.services import diary
from backstride.settings import Settings
from backstride.store import Store
from backstride.store.care import CareStore
from tests.services import care_data
from tests.services.care_data import BERLIN_SUMMER, import_samples

# fixtures with the sample runs (see care_data)
samples_home = care_data.samples_home
sample_home = care_data.sample_home
sample_store = care_data.sample_store


CSV = """time,score,type,location,radiates_below_knee,numbness_or_tingling,note
2026-06-02T20:00:00+02:00,3,dull,lower back,false,false,evening after the first run
2026-06-07T18:30:00+02:00,6,sharp,lower back right,true,,"after the 10 km, stiff in the car"
2026-06-08T07:15:00+02:00,5,stiffness,lower back,,,
2026-06-20T07:00:00Z,0,dull,lower back,,,fine
2026-09-30T08:00:00+02:00,2,throbbing,mid back,,,no run for weeks
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run_ids_by_day(store: Store) -> dict[str, int]:
    return {
        r["start_utc"].astimezone(BERLIN_SUMMER).date().isoformat(): int(r["id"])
        for r in store.activity_rows()
    }


def test_import_export_round_trip_through_two_stores(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = sample_store
    report = diary.import_pain_csv(store, _write(tmp_path, "in.csv", CSV))
    assert (report.added, report.duplicates, report.linked) == (5, 0, 4)
    text, count = diary.export_pain_csv(store, tmp_path / "out.csv")
    assert count == 5 and (tmp_path / "out.csv").read_text(encoding="utf-8") == text
    assert text == CSV.replace("2026-06-20T07:00:00Z", "2026-06-20T07:00:00+00:00")

    monkeypatch.setenv("BACKSTRIDE_HOME", str(tmp_path / "second"))
    other = Store.open(Settings.from_env())
    try:
        again = diary.import_pain_csv(other, tmp_path / "out.csv")
        assert again.added == 5 and again.linked == 0  # no runs in the second store
        assert diary.export_pain_csv(other)[0] == text
        strip = [
            (e.time_utc, e.score, e.pain_type, e.location, e.note) for e in diary.list_pain(other)
        ]
        assert strip == [
            (e.time_utc, e.score, e.pain_type, e.location, e.note) for e in diary.list_pain(store)
        ]
    finally:
        other.close()


def test_entries_link_to_the_run_they_follow_within_48_hours(store: Store, tmp_path: Path) -> None:
    diary.import_pain_csv(store, _write(tmp_path, "in.csv", CSV))
    assert all(e.activity_id is None for e in diary.list_pain(store))  # no runs yet
    import_samples(store)
    runs = _run_ids_by_day(store)
    links = [e.activity_id for e in diary.list_pain(store)]  # reading the diary re-links
    assert links == [
        runs["2026-06-02"],
        runs["2026-06-07"],
        runs["2026-06-07"],
        runs["2026-06-20"],
        None,
    ]
    stored = [e.activity_id for e in CareStore(store).pain_entries()]
    assert stored == links


def test_a_bad_row_writes_nothing_and_names_its_line(store: Store, tmp_path: Path) -> None:
    bad = CSV + "2026-10-01T08:00:00,2,dull,back,,,no offset\n"
    with pytest.raises(InputValueError, match=r"line 7: time .* needs a UTC offset"):
        diary.import_pain_csv(store, _write(tmp_path, "bad.csv", bad))
    assert CareStore(store).pain_entries() == []


def test_reimporting_counts_duplicates_instead_of_writing_twice(
    store: Store, tmp_path: Path
) -> None:
    path = _write(tmp_path, "in.csv", CSV)
    diary.import_pain_csv(store, path)
    again = diary.import_pain_csv(store, path)
    assert (again.added, again.duplicates) == (0, 5)
    assert len(diary.list_pain(store)) == 5


def test_log_edit_delete(sample_store: Store) -> None:
    store = sample_store
    when = datetime(2026, 8, 23, 19, 0, tzinfo=BERLIN_SUMMER)
    entry = PainEntry(
        time_utc=when, utc_offset_s=7200, score=4, pain_type=PainType.DULL, location="low back"
    )
    saved = diary.log_pain(store, entry)
    assert saved.id is not None and saved.activity_id == _run_ids_by_day(store)["2026-08-23"]
    edited = diary.edit_pain(store, saved.id, {"score": 6, "note": "worse on stairs"})
    assert (edited.score, edited.note, edited.location) == (6, "worse on stairs", "low back")
    with pytest.raises(InputValueError, match="score"):
        diary.edit_pain(store, saved.id, {"score": 12})
    assert diary.get_pain(store, saved.id).score == 6
    diary.delete_pain(store, saved.id)
    with pytest.raises(NotFoundError, match=str(saved.id)):
        diary.delete_pain(store, saved.id)


def test_an_unreadable_file_is_a_file_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match=r"missing\.csv"):
        diary.import_pain_csv(store, tmp_path / "missing.csv")
    (tmp_path / "odd.csv").write_bytes(b"time,score,type,location\n\x81\n")  # nor cp1252
    with pytest.raises(FileFormatError, match="UTF-8"):
        diary.import_pain_csv(store, tmp_path / "odd.csv")


def test_a_file_larger_than_a_diary_is_refused_unread(store: Store, tmp_path: Path) -> None:
    """Synthetic: a sparse file one byte over the bound, its start a valid diary."""
    big = _write(tmp_path, "big.csv", CSV)
    with big.open("r+b") as file:
        file.truncate(MAX_DIARY_BYTES + 1)
    with pytest.raises(FileFormatError, match="over 16 MiB"):
        diary.import_pain_csv(store, big)
    assert CareStore(store).pain_entries() == []


FIRST = """time,score,type,location,radiates_below_knee,numbness_or_tingling,note
2022-05-29T19:00:00+02:00,3,dull,lower back left,no,no,after long run
"""


def test_a_row_that_changes_an_entrys_nerve_signs_is_refused(store: Store, tmp_path: Path) -> None:
    """The tester's files 33 and 34: the runner corrects a row (the pain now goes below the
    knee) and imports the file again; the corrected row must not be skipped as a duplicate."""
    diary.import_pain_csv(store, _write(tmp_path, "first.csv", FIRST))
    [entry] = diary.list_pain(store)
    corrected = FIRST.replace("no,no,after long run", "yes,yes,foot tingles")
    with pytest.raises(InputValueError) as err:
        diary.import_pain_csv(
            store, _write(tmp_path, "second.csv", corrected + CSV.split("\n", 1)[1])
        )
    assert (
        f"line 2: same time, score, type and location as entry {entry.id} but different "
        "radiates_below_knee, numbness_or_tingling, note; change that entry with "
        f"`backstride pain edit {entry.id}`"
    ) in str(err.value)
    assert diary.list_pain(store) == [entry]  # nothing written, the good rows neither


def test_rows_of_one_file_with_one_key_must_agree(store: Store, tmp_path: Path) -> None:
    """The tester's file 66, then the same row twice (skipped as a repeat, with its line)."""
    text = "time,score,type,location,radiates_below_knee\n" + (
        "2022-05-29T19:00:00+02:00,3,dull,lower back,no\n"
        "2022-05-29T17:00:00Z,3,dull,Lower  Back,yes\n"
    )
    with pytest.raises(InputValueError, match="line 3: same time, score, type and location as line 2 but different radiates_below_knee"):  # fmt: skip
        diary.import_pain_csv(store, _write(tmp_path, "flags.csv", text))
    assert CareStore(store).pain_entries() == []
    twice = text.replace(",yes", ",no") + "2022-05-30T08:00:00+02:00,2,dull,back,\n"
    report = diary.import_pain_csv(store, _write(tmp_path, "twice.csv", twice))
    assert (report.added, report.duplicates, report.repeats) == (2, 0, [Repeat(3, 2)])
    again = diary.import_pain_csv(store, _write(tmp_path, "twice.csv", twice))
    assert (again.added, again.duplicates, again.repeats) == (0, 2, [Repeat(3, 2)])


def test_text_is_stored_alike_by_log_and_import_so_a_round_trip_adds_nothing(
    store: Store, tmp_path: Path
) -> None:
    """The tester's 70_roundtrip_steps.sh: logged with two spaces, exported, imported."""
    when = datetime(2022, 5, 29, 17, 0, tzinfo=UTC)
    logged = diary.log_pain(
        store,
        PainEntry(
            time_utc=when,
            utc_offset_s=7200,
            score=4,
            pain_type=PainType.SHARP,
            location=" lower  back ",
            note="  after hills\n  then stairs  ",
        ),
    )
    assert (logged.location, logged.note) == ("lower back", "after hills\n  then stairs")
    assert logged.id is not None
    edited = diary.edit_pain(store, logged.id, {"location": "lower\tback  left", "note": " "})
    assert (edited.location, edited.note) == ("lower back left", None)
    diary.export_pain_csv(store, tmp_path / "out.csv")
    report = diary.import_pain_csv(store, tmp_path / "out.csv")
    assert (report.added, report.duplicates) == (0, 1)
    # an entry stored before text was tidied still matches, case and spaces folded
    CareStore(store).add_pain([dataclasses.replace(edited, id=None, location=" Lower  BACK left ")])
    assert diary.import_pain_csv(store, tmp_path / "out.csv").added == 0


def test_a_time_without_offset_is_read_in_the_profiles_zone(store: Store, tmp_path: Path) -> None:
    """The tester's file 55 (what Google Sheets writes), before and after a zone is set."""
    path = _write(
        tmp_path, "sheet.csv", "time,score,type,location\n2022-05-29 19:00:00,3,dull,back\n"
    )
    with pytest.raises(InputValueError, match="line 2: time '2022-05-29 19:00:00' needs a UTC offset"):  # fmt: skip
        diary.import_pain_csv(store, path)
    store.save_profile(Profile(timezone="Europe/Berlin"))
    diary.import_pain_csv(store, path)
    [entry] = diary.list_pain(store)
    assert (entry.time_utc, entry.utc_offset_s) == (datetime(2022, 5, 29, 17, 0, tzinfo=UTC), 7200)


def test_the_encoding_assumed_is_reported(store: Store, tmp_path: Path) -> None:
    """Synthetic: a diary saved as Windows-1252, as Excel on Windows does in Western Europe."""
    path = tmp_path / "excel.csv"
    path.write_bytes("time,score,type,location,note\r\n2022-05-29T19:00+02:00,3,dull,back,apr\u00e8s\r\n".encode("cp1252"))  # fmt: skip
    report = diary.import_pain_csv(store, path)
    assert (report.added, report.encoding) == (1, "cp1252")
    assert diary.list_pain(store)[0].note == "apr\u00e8s"
    assert diary.import_pain_csv(store, _write(tmp_path, "in.csv", CSV)).encoding == "utf-8"
