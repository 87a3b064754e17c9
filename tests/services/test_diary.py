"""The pain diary through the store: round trip, all-or-nothing import, links to runs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from backstride.errors import InputValueError, NotFoundError
from backstride.model import PainEntry, PainType
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
    from backstride.errors import FileFormatError

    with pytest.raises(FileFormatError, match=r"missing\.csv"):
        diary.import_pain_csv(store, tmp_path / "missing.csv")
    (tmp_path / "latin.csv").write_bytes(b"time,score,type,location\n\xff\n")
    with pytest.raises(FileFormatError, match="UTF-8"):
        diary.import_pain_csv(store, tmp_path / "latin.csv")
