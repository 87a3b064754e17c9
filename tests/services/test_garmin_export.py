"""Importing a Garmin account export with its gear lists: each run gets the shoe the export
links to it, by start time. The export is built by tests/formats/test_garmin_gear.py's helpers
(real FIT files from ../shared/data/fit inside the zip of zips, JSON lists in Garmin's shape)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from backstride.services import import_paths
from backstride.store import Store
from tests.formats.conftest import FIT, make_zip
from tests.formats.test_garmin_gear import UPLOADS, export_zip

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def _shoes_by_file(store: Store) -> dict[str, str | None]:
    return {Path(str(r["source"])).name.split("!")[-1]: r["shoe"] for r in store.activity_rows()}


def test_runs_get_the_shoes_the_export_links_to_them(store: Store, tmp_path: Path) -> None:
    report = import_paths(store, [export_zip(tmp_path)], NOW)
    assert len(report.imported) == 4 and not report.failed
    assert _shoes_by_file(store) == {
        "user@example.com_1001.fit": "Nike Pegasus 38",
        "user@example.com_1002.fit": "Daily trainers",
        "user@example.com_1003.fit": "Daily trainers",
        "user@example.com_1004.fit": None,  # the ride's bike is no shoe
    }
    gear = {g.name: g for g in store.gear_list()}
    assert sorted(gear) == ["Daily trainers", "Nike Pegasus 38"]
    names = {Path(str(r["source"])).name.split("!")[-1]: r["name"] for r in store.activity_rows()}
    assert names["user@example.com_1001.fit"] == "Garmin activity 1001"  # the list's name
    assert (gear["Daily trainers"].brand, gear["Daily trainers"].model) == ("Brooks", "Ghost 14")
    assert gear["Daily trainers"].retired_utc is None
    assert gear["Nike Pegasus 38"].retired_utc == datetime(2021, 5, 1, tzinfo=UTC)


def test_reimport_adds_nothing_and_keeps_the_runners_changes(store: Store, tmp_path: Path) -> None:
    archive = export_zip(tmp_path)
    import_paths(store, [archive], NOW)
    pegasus = store.gear_by_name("Nike Pegasus 38")
    assert pegasus is not None
    store.set_gear_retired(pegasus.id, None)  # the runner wears them again
    before = store.counts()
    second = import_paths(store, [archive], NOW)
    assert second.imported == [] and store.counts() == before
    assert store.gear_by_name("Nike Pegasus 38").retired_utc is None  # type: ignore[union-attr]


def test_runs_imported_before_the_export_get_their_shoes(store: Store, tmp_path: Path) -> None:
    """The watch's files first (from a folder), the export later: its gear fills the stored runs
    that have none, and a shoe the runner chose stays."""
    folder = tmp_path / "watch"
    folder.mkdir()
    for name in ("runpandas__run.fit", "heartandsole__testdata.fit"):
        shutil.copy(FIT / name, folder / name)
    import_paths(store, [folder], NOW)
    chosen = store.add_gear("Race flats", NOW, None, None, 0.0)
    [heartandsole] = [r for r in store.activity_rows() if "heartandsole" in str(r["source"])]
    store.assign_gear(chosen.id, [int(heartandsole["id"])])
    report = import_paths(store, [export_zip(tmp_path)], NOW)
    assert len(report.imported) == 2  # the two files the watch folder did not have
    shoes = {Path(str(r["source"])).name: r["shoe"] for r in store.activity_rows()}
    assert shoes["runpandas__run.fit"] == "Daily trainers"
    names = {Path(str(r["source"])).name: r["name"] for r in store.activity_rows()}
    assert names["runpandas__run.fit"] == "Garmin activity 1002"  # filled in, as the shoe
    assert shoes["heartandsole__testdata.fit"] == "Race flats"


def test_a_tcx_upload_garmin_named_txt_is_imported(store: Store, tmp_path: Path) -> None:
    """Garmin keeps uploaded TCX files as ``.txt`` in its upload zips (seen in public code that
    reads real exports). The real runpandas TCX, so named in a zip of uploads; a text file that
    is no activity beside it is reported by name; a .txt elsewhere in the export is not read."""
    tcx = (Path(FIT).parent / "tcx" / "runpandas__basic.tcx").read_bytes()
    inner = make_zip({"sub/user@example.com_2001.txt": tcx, "user@example.com_2002.txt": b"hi"})
    outer = tmp_path / "garmin_export.zip"
    outer.write_bytes(make_zip({UPLOADS: inner, "DI_CONNECT/readme.txt": b"not an upload"}))
    for workers in (1, 2):
        report = import_paths(store, [outer], NOW, workers=workers)
        assert [p.path.rsplit("!", 1)[-1] for p in report.failed] == ["user@example.com_2002.txt"]
        assert "not an activity file" in report.failed[0].reason
    assert [str(r["source"]).rsplit("!", 1)[-1] for r in store.activity_rows()] == [
        "sub/user@example.com_2001.txt"
    ]
