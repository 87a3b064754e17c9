"""The same run from two sources: a copy in a richer format replaces the stored one in place.

Real files: the heartandsole FR220 run exists as GPX, TCX and FIT (../shared/data/MANIFEST.md).
Its GPX sums 187.5 m over the positions; the watch counted 158.71 m (its timer was stopped for
part of the run, which only the TCX and FIT state).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backstride.formats import is_activity_name
from backstride.model import PainEntry, PainType, Surface
from backstride.services import import_paths
from backstride.services.activity import set_surface
from backstride.services.diary import list_pain, log_pain
from backstride.store import Store, Writer
from tests.conftest import DATA

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
GPX = DATA / "gpx" / "heartandsole__testdata.gpx"
TCX = DATA / "tcx" / "heartandsole__testdata.tcx"
FIT = DATA / "fit" / "heartandsole__testdata.fit"
WATCH_DISTANCE_M = 158.71


def _only_row(store: Store) -> dict[str, object]:
    [row] = store.activity_rows()
    return dict(row)


def _stream_files(store: Store) -> set[str]:
    return store.streams.keys()


def test_a_fit_file_replaces_the_gpx_copy_under_the_same_id(store: Store) -> None:
    [first] = import_paths(store, [GPX], NOW).imported
    gpx_row = _only_row(store)
    assert gpx_row["distance_m"] == pytest.approx(187.5, abs=0.1)
    old_stream = gpx_row["stream_key"]

    report = import_paths(store, [FIT], NOW)

    [done] = report.imported
    assert (done.activity_id, done.path, done.replaces) == (first.activity_id, str(FIT), str(GPX))
    row = _only_row(store)
    assert row["id"] == first.activity_id
    assert row["source"] == str(FIT)
    assert row["distance_m"] == pytest.approx(WATCH_DISTANCE_M, abs=0.01)
    assert row["file_timer_s"] == pytest.approx(190.355, abs=0.01)
    assert row["device_id"] is not None
    assert len(store.lap_rows(first.activity_id)) >= 1
    assert _stream_files(store) == {row["stream_key"]} != {old_stream}
    assert store.counts()["activities"] == 1


def test_each_richer_copy_replaces_the_last_and_a_poorer_one_is_skipped(store: Store) -> None:
    ids = [import_paths(store, [path], NOW).imported for path in (GPX, TCX, FIT)]
    assert [[i.replaces for i in found] for found in ids] == [[None], [str(GPX)], [str(TCX)]]
    assert len({i.activity_id for found in ids for i in found}) == 1

    again = import_paths(store, [GPX, TCX, FIT], NOW)
    assert again.imported == []
    assert all(p.reason.startswith("already imported (same file") for p in again.skipped)
    assert _only_row(store)["source"] == str(FIT)
    assert len(_stream_files(store)) == 1


def test_a_poorer_copy_after_a_richer_one_is_skipped(store: Store) -> None:
    import_paths(store, [FIT], NOW)
    report = import_paths(store, [GPX], NOW)
    assert report.imported == []
    [skipped] = report.skipped
    assert "same start time and sport" in skipped.reason
    assert _only_row(store)["source"] == str(FIT)


def test_what_the_runner_said_of_the_old_copy_is_kept(store: Store) -> None:
    [first] = import_paths(store, [GPX], NOW).imported
    shoe = store.add_gear("Trail shoe", NOW, None, None, 0.0)
    store.assign_gear(shoe.id, [first.activity_id])
    set_surface(store, first.activity_id, Surface.TRACK)
    start = _only_row(store)["start_utc"]
    assert isinstance(start, datetime)
    entry = PainEntry(
        time_utc=start + timedelta(hours=3), score=4, pain_type=PainType.DULL, location="low back"
    )
    pain = log_pain(store, entry)
    assert pain.activity_id == first.activity_id

    import_paths(store, [FIT], NOW)

    row = _only_row(store)
    assert (row["shoe"], row["surface"], row["surface_override"]) == (
        "Trail shoe",
        "track",
        "track",
    )
    assert [e.activity_id for e in list_pain(store)] == [first.activity_id]


def test_a_failed_replacement_keeps_the_old_copy_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The replacement fails after the row was updated (a fault injected into writing the laps):
    the transaction is rolled back, so the GPX copy and its stream file stay as they were."""
    import_paths(store, [GPX], NOW)
    before, streams = _only_row(store), _stream_files(store)

    def broken(self: Writer, activity_id: int, activity: object) -> None:
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(Writer, "_add_laps", broken)
    with pytest.raises(RuntimeError, match="disk unplugged"):
        import_paths(store, [FIT], NOW, workers=1)
    monkeypatch.undo()

    assert _only_row(store) == before
    assert _stream_files(store) == streams
    retry = import_paths(store, [FIT], NOW)
    assert [i.replaces for i in retry.imported] == [str(GPX)]


def test_the_json_names_replaces_only_where_a_copy_was_replaced(store: Store) -> None:
    plain = import_paths(store, [DATA / "tcx" / "sportslib__6860622783.tcx"], NOW)
    upgrade = import_paths(store, [DATA / "fit" / "sportslib__6860622783.fit", GPX], NOW)
    assert [set(i) for i in plain.as_dict()["imported"]] == [{"path", "activity_id"}]
    shapes = sorted(sorted(i) for i in upgrade.as_dict()["imported"])
    assert shapes == [["activity_id", "path"], ["activity_id", "path", "replaces"]]


def test_within_one_import_the_replaced_copy_is_listed_as_skipped(
    store: Store, tmp_path: Path
) -> None:
    """The runpandas run as GPX and TCX in one folder (copies named so the GPX comes first)."""
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copy(DATA / "gpx" / "runpandas__run.gpx", folder / "a.gpx")
    shutil.copy(DATA / "tcx" / "runpandas__run.tcx", folder / "b.tcx")
    report = import_paths(store, [folder], NOW)
    [done] = report.imported
    assert (done.path, done.replaces) == (str(folder / "b.tcx"), str(folder / "a.gpx"))
    [skipped] = report.skipped
    assert skipped.path == str(folder / "a.gpx")
    assert skipped.reason.startswith(f"replaced by {folder / 'b.tcx'}, which records more")
    assert store.counts()["activities"] == 1


def test_all_the_real_data_at_once_lists_every_file_and_each_run_once(store: Store) -> None:
    """Every folder of ../shared/data in one import: the same runs arrive as FIT, GPX and TCX,
    and the Strava export repeats a device file. (A multisport file is listed once per
    session.)"""
    folders = [DATA / name for name in ("export", "fit", "gpx", "tcx")]
    files = {
        str(p) for f in folders for p in f.rglob("*") if p.is_file() and is_activity_name(p.name)
    }
    report = import_paths(store, folders, NOW)
    listed = [i.path for i in report.imported] + [p.path for p in report.skipped + report.failed]
    assert set(listed) == files
    assert len({i.activity_id for i in report.imported}) == len(report.imported)
    assert store.counts()["activities"] == len(report.imported)
