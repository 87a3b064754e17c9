"""Importing real files: everything is imported or reported with a reason; nothing is duplicated."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from backstride.errors import UnsafeInputError
from backstride.formats import decode, is_activity_name
from backstride.formats.archives import Member
from backstride.knowledge import load_rules
from backstride.metrics import measure_run
from backstride.model import Sport
from backstride.services import history, import_paths
from backstride.services.importing import CHUNK, Importer, ImportReport, _batches, _in_order
from backstride.services.preparing import PrepareContext, Prepared, prepare_member
from backstride.settings import Settings
from backstride.store import Store
from tests.conftest import DATA

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _paths(report: ImportReport) -> set[str]:
    return (
        {i.path for i in report.imported}
        | {p.path for p in report.skipped}
        | {p.path for p in report.failed}
    )


@pytest.mark.parametrize("folder", ["fit", "gpx", "tcx", "export"])
def test_every_real_file_is_imported_or_reported(store: Store, folder: str) -> None:
    files = sorted(
        p for p in (DATA / folder).rglob("*") if p.is_file() and is_activity_name(p.name)
    )
    report = import_paths(store, [DATA / folder], NOW)
    assert _paths(report) == {str(p) for p in files}
    for problem in report.failed + report.skipped:
        assert problem.reason and "Traceback" not in problem.reason
    assert report.imported, "some real files must import"
    assert store.counts()["activities"] == len(report.imported)


def test_reimport_adds_nothing(store: Store) -> None:
    first = import_paths(store, [DATA / "tcx", DATA / "gpx"], NOW)
    before = store.counts()
    second = import_paths(store, [DATA / "tcx", DATA / "gpx"], NOW)
    assert second.imported == []
    assert store.counts() == before
    skipped = {p.path: p.reason for p in second.skipped}
    for item in first.imported:
        assert skipped[item.path].startswith("already imported (same file")
    assert {p.path for p in second.failed} == {p.path for p in first.failed}


def test_strava_copy_of_a_device_file_is_recognised(store: Store) -> None:
    device = DATA / "fit" / "geoap__2022-05-29_Laufen_Landal_Park_device.fit"
    first = import_paths(store, [device], NOW)
    assert len(first.imported) == 1
    export = import_paths(store, [DATA / "export" / "strava_export_geo-activity-playground"], NOW)
    assert export.imported == []
    assert len(export.skipped) == 1
    assert "same start time and sport" in export.skipped[0].reason
    assert store.counts()["activities"] == 1


def test_the_export_names_a_run_its_file_leaves_unnamed(store: Store) -> None:
    """The real export's FIT file carries no name; its 'Activity Name' is kept."""
    import_paths(store, [DATA / "export" / "strava_export_geo-activity-playground"], NOW)
    assert [r["name"] for r in store.activity_rows()] == ["Laufen Landal Park"]


def test_multisport_keeps_every_session(store: Store) -> None:
    report = import_paths(store, [DATA / "fit" / "muktihari__triathlon_summary_last.fit"], NOW)
    sports = [r["sport"] for r in store.activity_rows()]
    assert len(report.imported) == 5
    assert sorted(sports) == sorted(["swimming", "transition", "cycling", "transition", "running"])


def test_gear_folders_become_shoes(store: Store, tmp_path: Path) -> None:
    src = DATA / "export" / "gear_folders_geo-activity-playground"
    report = import_paths(store, [src], NOW)
    names = {g.name for g in store.gear_list()}
    assert {"Brooks Caldera 5", "New Balance Fresh Foam 860v11"} <= names
    shoes = {r["id"]: r["gear_id"] for r in store.activity_rows()}
    assert report.imported and all(gear_id is not None for gear_id in shoes.values())


def test_a_broken_file_does_not_stop_the_others(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(DATA / "fit" / "runpandas__run.fit", folder / "a.fit")
    (folder / "b.fit").write_bytes(b"\x0e\x10garbage")
    shutil.copy(DATA / "tcx" / "runpandas__basic.tcx", folder / "c.tcx")
    report = import_paths(store, [folder], NOW)
    assert [Path(i.path).name for i in report.imported] == ["a.fit", "c.tcx"]
    assert [Path(p.path).name for p in report.failed] == ["b.fit"]


def test_missing_path_is_reported(store: Store, tmp_path: Path) -> None:
    report = import_paths(store, [tmp_path / "nope.fit"], NOW)
    assert report.failed[0].reason == "no such file or folder"


def test_export_activity_type_names_the_sport_of_an_untyped_gpx(
    store: Store, tmp_path: Path
) -> None:
    """A copy of the real Strava export with one extra row: a real GPX walk (OpenTracks, which
    carries no <type>) listed as "Hike". Strava's stated type must win over the inferred sport."""
    import csv

    export = tmp_path / "export"
    shutil.copytree(DATA / "export" / "strava_export_geo-activity-playground", export)
    shutil.copy(
        DATA / "gpx" / "geoap__OpenTracks_walk_BrooksCaldera5.gpx", export / "activities" / "9.gpx"
    )
    with (export / "activities.csv").open(newline="", encoding="utf-8") as fh:
        header, first = list(csv.reader(fh))[:2]
    row = [""] * len(header)
    row[header.index("Activity ID")] = "9"
    row[header.index("Activity Type")] = "Hike"
    row[header.index("Filename")] = "activities/9.gpx"
    with (export / "activities.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, first, row])
    report = import_paths(store, [export], NOW)
    assert len(report.imported) == 2
    sports = {Path(r["source"]).name: r["sport"] for r in store.activity_rows()}
    assert sports["9.gpx"] == "hiking"  # the file alone infers walking


def test_an_export_names_the_shoe_of_an_activity_already_imported(store: Store) -> None:
    """The gear-folder export holds a copy of a GPX walk imported before without a shoe."""
    import_paths(store, [DATA / "gpx" / "geoap__OpenTracks_walk_BrooksCaldera5.gpx"], NOW)
    assert [r["shoe"] for r in store.activity_rows()] == [None]
    report = import_paths(store, [DATA / "export" / "gear_folders_geo-activity-playground"], NOW)
    assert any("shoe 'Brooks Caldera 5' recorded" in p.reason for p in report.skipped)
    shoes = {Path(r["source"]).name: r["shoe"] for r in store.activity_rows()}
    assert shoes["geoap__OpenTracks_walk_BrooksCaldera5.gpx"] == "Brooks Caldera 5"


def test_gear_of_a_ride_is_not_a_shoe(store: Store, tmp_path: Path) -> None:
    """The real Strava export with a real Fenix 5 ride added, a bike as its gear (see
    :func:`_relabelled_export`). The run keeps its shoe, the ride's bike becomes no shoe; a
    second import (same files) does not add the bike to the ride either."""
    export = _relabelled_export(tmp_path, {})
    for _ in range(2):
        import_paths(store, [export], NOW)

    shoes = {str(r["sport"]): r["shoe"] for r in store.activity_rows()}
    assert shoes == {"running": "Pegasus 38", "cycling": None}
    assert [g.name for g in store.gear_list()] == ["Pegasus 38"]


#: The column names of a German account's activities.csv (as public code that reads real German
#: exports names them) for the English names of the real export.
GERMAN = {
    "Activity ID": "Aktivitäts-ID",
    "Activity Date": "Aktivitätsdatum",
    "Activity Name": "Name der Aktivität",
    "Activity Type": "Aktivitätsart",
    "Activity Gear": "Aktivitätsausrüstung",
    "Filename": "Dateiname",
    "Distance": "Distanz",
}


def _relabelled_export(tmp_path: Path, names: dict[str, str] | None) -> Path:
    """A copy of the real Strava export whose csv headers are renamed (``names``; None: every
    header becomes ``Spalte N``, a language backstride does not know), with a real Fenix 5 ride
    added as ``activities/8.fit`` and a row naming a file that is missing."""
    import csv

    export = tmp_path / "export"
    shutil.copytree(DATA / "export" / "strava_export_geo-activity-playground", export)
    shutil.copy(DATA / "fit" / "fitparse__garmin-fenix-5-bike.fit", export / "activities" / "8.fit")
    with (export / "activities.csv").open(newline="", encoding="utf-8") as fh:
        header, run = list(csv.reader(fh))[:2]
    run[header.index("Activity Gear")] = "Pegasus 38"
    run[header.index("Activity Name")] = "Morgenlauf"
    ride = [""] * len(header)
    ride[header.index("Activity Type")] = "Radfahrt"
    ride[header.index("Activity Gear")] = "Stadtrad"
    ride[header.index("Filename")] = "activities/8.fit"
    gone = [""] * len(header)
    gone[header.index("Filename")] = "activities/7.gpx.gz"
    renamed = [
        (names or {}).get(h, h) if names is not None else f"Spalte {i}"
        for i, h in enumerate(header)
    ]
    with (export / "activities.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([renamed, run, ride, gone])
    return export


def test_a_german_export_keeps_shoes_names_and_types(store: Store, tmp_path: Path) -> None:
    export = _relabelled_export(tmp_path, GERMAN)
    report = import_paths(store, [export], NOW)
    assert len(report.imported) == 2
    assert [Path(f.path).name for f in report.failed] == ["7.gpx.gz"]
    rows = {str(r["sport"]): r for r in store.activity_rows()}
    assert rows["running"]["shoe"] == "Pegasus 38" and rows["running"]["name"] == "Morgenlauf"
    assert rows["cycling"]["shoe"] is None  # "Radfahrt": a ride's gear is no shoe
    assert [g.name for g in store.gear_list()] == ["Pegasus 38"]


def test_an_export_in_an_unknown_language_still_lists_its_files(
    store: Store, tmp_path: Path
) -> None:
    """No column name is known: the file column is found by its cells, so a listed file that is
    missing is still reported; the gear column cannot be told apart and is left out."""
    export = _relabelled_export(tmp_path, None)
    report = import_paths(store, [export], NOW)
    assert len(report.imported) == 2
    assert [Path(f.path).name for f in report.failed] == ["7.gpx.gz"]
    assert "activities.csv" in report.failed[0].reason
    assert store.gear_list() == []


FRENCH = {"Activity Name": "Nom de l'activité", "Filename": "Nom du fichier"}


def test_a_french_export_keeps_names(store: Store, tmp_path: Path) -> None:
    """French names of the file and name columns (seen in public code reading real French
    exports); the gear column's French name is not known, so no shoe is read."""
    export = _relabelled_export(tmp_path, FRENCH)
    report = import_paths(store, [export], NOW)
    assert len(report.imported) == 2 and [Path(f.path).name for f in report.failed] == ["7.gpx.gz"]
    assert {r["name"] for r in store.activity_rows()} == {"Morgenlauf", None}


def test_a_german_bike_list_keeps_a_bike_off_a_walk(store: Store, tmp_path: Path) -> None:
    """The German export with its bike listed in a German bikes.csv (Fahrradname, Fahrradmarke,
    Fahrradmodell: the headers public code reads) and named as the run's gear by mistake."""
    import csv

    export = _relabelled_export(tmp_path, GERMAN)
    rows = list(csv.reader((export / "activities.csv").read_text(encoding="utf-8").splitlines()))
    rows[1][rows[0].index("Aktivitätsausrüstung")] = "Stadtrad"
    with (export / "activities.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    (export / "bikes.csv").write_text(
        "Fahrradname,Fahrradmarke,Fahrradmodell\nStadtrad,Gazelle,Orange\n", encoding="utf-8"
    )
    import_paths(store, [export], NOW)
    assert {r["shoe"] for r in store.activity_rows()} == {None}
    assert store.gear_list() == []


def test_files_unpacked_or_renamed_by_the_runner_keep_their_row(
    store: Store, tmp_path: Path
) -> None:
    """The real export with its .fit.gz unpacked and named in capitals (as some unzip tools and
    file systems leave them): the csv's name and gear still reach the run, and nothing listed is
    reported missing."""
    import gzip

    export = _relabelled_export(tmp_path, {})
    listed = export / "activities" / "12866632127.fit.gz"
    (export / "activities" / "12866632127.FIT").write_bytes(gzip.decompress(listed.read_bytes()))
    listed.unlink()
    for _ in range(2):
        report = import_paths(store, [export], NOW)
        assert [Path(f.path).name for f in report.failed] == ["7.gpx.gz"]
    run = next(r for r in store.activity_rows() if r["sport"] == "running")
    assert (run["name"], run["shoe"]) == ("Morgenlauf", "Pegasus 38")


def test_a_malformed_csv_line_is_reported_and_its_files_still_import(
    store: Store, tmp_path: Path
) -> None:
    """A description longer than the csv reader takes (over 131,072 characters) in the first
    row: the csv is reported with the line and why, and the files import without its names."""
    import csv

    export = _relabelled_export(tmp_path, {})
    rows = list(csv.reader((export / "activities.csv").read_text(encoding="utf-8").splitlines()))
    rows[1][rows[0].index("Activity Description")] = "x" * 200_000
    with (export / "activities.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    report = import_paths(store, [export], NOW)
    assert len(report.imported) == 2
    [problem] = [f for f in report.failed if f.path.endswith("activities.csv")]
    assert "line 2" in problem.reason and "without the names and gear" in problem.reason


def test_a_bike_folder_in_the_gear_layout_is_not_a_shoe(store: Store, tmp_path: Path) -> None:
    """The gear-folder layout with a real ride added under ``Activities/Radfahrt/Stadtrad``."""
    export = tmp_path / "export"
    shutil.copytree(DATA / "export" / "gear_folders_geo-activity-playground", export)
    bike = export / "Activities" / "Radfahrt" / "Stadtrad"
    bike.mkdir(parents=True)
    shutil.copy(DATA / "fit" / "fitparse__garmin-fenix-5-bike.fit", bike / "ride.fit")
    import_paths(store, [export], NOW)
    rides = [r for r in store.activity_rows() if r["sport"] == "cycling"]
    assert [r["shoe"] for r in rides] == [None]
    assert "Stadtrad" not in {g.name for g in store.gear_list()}


@pytest.mark.parametrize("packed", [False, True], ids=["folder", "zip"])
def test_worker_processes_store_what_one_process_stores(tmp_path: Path, packed: bool) -> None:
    """The parallel import (forked workers that read and inflate the files themselves and write
    the stream files) and the one-process import give the same rows and the same streams for the
    same real files, from a folder and from a zip of it."""
    target = DATA / "fit"
    if packed:
        target = tmp_path / "fit.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted((DATA / "fit").iterdir()):
                zf.write(path, path.name)
    results = []
    for workers in (1, 2):
        store = Store.open(Settings.from_env({"BACKSTRIDE_HOME": str(tmp_path / f"w{workers}")}))
        try:
            report = import_paths(store, [target], NOW, workers=workers)
            rows = {
                r["source"]: {k: v for k, v in r.items() if k not in {"id", "source_id"}}
                for r in store.activity_rows()
            }
            streams = {
                r["source"]: store.streams.read(r["stream_key"])
                for r in store.activity_rows()
                if r["stream_key"] is not None
            }
        finally:
            store.close()
        outcome = (report.imported, report.skipped, report.failed)
        results.append((len(report.imported), rows, streams, outcome))
    (n_one, rows_one, streams_one, said_one), (n_two, rows_two, streams_two, said_two) = results
    assert n_one == n_two > 8  # enough files for the workers to start
    assert said_one == said_two  # the same report, in the same order
    assert rows_one == rows_two
    assert streams_one.keys() == streams_two.keys()
    for source, stream in streams_one.items():
        other = streams_two[source]
        assert stream.columns.keys() == other.columns.keys()
        for name, column in stream.columns.items():
            np.testing.assert_array_equal(column, other.columns[name], err_msg=f"{source} {name}")


@pytest.mark.parametrize("count", [1, CHUNK, 2 * CHUNK + 3])
def test_files_sent_in_chunks_come_back_in_order(store: Store, count: int) -> None:
    """Several files per call to a worker, a few calls in flight: every file's outcome comes
    back once, beside its own file, in the input order (the last call may hold fewer files).
    A thread pool stands in for the process pool (same code path, shared memory)."""
    paths = sorted((DATA / "gpx").glob("*.gpx"))[:count]
    members = [Member(str(p), p.read_bytes()) for p in paths]
    ctx = PrepareContext(store.profile(), store.streams.root)
    with ThreadPoolExecutor(2) as pool:
        got = list(_in_order(pool, iter(members), ctx, window=2))
    assert [m.label for m, _ in got] == [str(p) for p in paths]
    assert [o.label for _, o in got] == [str(p) for p in paths]


def test_batches_hold_a_few_files_and_few_bytes() -> None:
    """Groups of at most ``files`` members; a group ends as soon as its bytes reach the bound;
    deferred members (no bytes here) count as files only; nothing is lost or reordered."""
    sizes = [1, 1, 1, 1, 1, 10, 2, 0, 0, 0, 0, 3, 9, 1]
    members = [Member(f"m{i}", bytes(n) if n else None) for i, n in enumerate(sizes)]
    groups = list(_batches(iter(members), files=4, max_bytes=10))
    assert [[int(m.label[1:]) for m in g] for g in groups] == [
        [0, 1, 2, 3],
        [4, 5],  # 1 + 10 bytes reach the bound
        [6, 7, 8, 9],
        [10, 11, 12],  # 3 + 9
        [13],
    ]


def test_parallel_import_of_the_same_bytes_twice_stores_them_once(
    store: Store, tmp_path: Path
) -> None:
    """Two copies of one file, prepared by workers at the same time (neither is in the database
    when the other is hashed): the second is skipped, as one process would."""
    folder = tmp_path / "runs"
    folder.mkdir()
    for source in sorted((DATA / "fit").glob("*.fit"))[:9]:
        shutil.copy(source, folder / source.name)
    run = DATA / "fit" / "goldencheetah__HRV-Data.fit"
    shutil.copy(run, folder / "run.fit")
    shutil.copy(run, folder / "run_again.fit")  # sorts next to the original: both in flight
    report = import_paths(store, [folder], NOW, workers=2)
    assert [i.path for i in report.imported if i.path.endswith("run.fit")]
    [again] = [p for p in report.skipped if p.path.endswith("run_again.fit")]
    assert again.reason == f"already imported (same file as {folder / 'run.fit'})"
    assert not [i for i in report.imported if i.path.endswith("run_again.fit")]
    assert store.counts()["activities"] == len(report.imported)
    # both copies wrote the same stream file; skipping the second must not remove it
    for row in store.activity_rows():
        assert store.streams.read(row["stream_key"]).time_s.size == row["n_samples"]


def test_a_file_stored_by_another_import_meanwhile_is_skipped(store: Store) -> None:
    """Another import stores the same file between this one's preparing and storing it: its
    activity is reported as already imported, and the stream files, which both imports wrote
    under the same name, are kept for the other import's rows."""
    path = DATA / "fit" / "goldencheetah__HRV-Data.fit"
    data = path.read_bytes()
    importer = Importer(store, NOW)
    ctx = PrepareContext(store.profile(), store.streams.root)
    outcome = prepare_member("late.fit", data, None, ctx, importer.is_known)
    assert isinstance(outcome, Prepared)
    [first] = import_paths(store, [path], NOW).imported
    importer.handle(Member("late.fit", data), outcome)
    assert importer.report.imported == []
    assert [p.reason for p in importer.report.skipped] == [
        f"activity already imported as activity {first.activity_id} from {path} "
        "(same start time and sport)"
    ]
    [row] = store.activity_rows()
    assert row["id"] == first.activity_id
    assert store.streams.read(row["stream_key"]).time_s.size == row["n_samples"]


def test_an_archive_budget_spent_by_bytes_read_elsewhere_fails_the_member(store: Store) -> None:
    """A member read by a worker is counted against its archive's budget when its result comes
    back; past the budget it is reported failed and its stream files are removed."""
    data = (DATA / "fit" / "goldencheetah__HRV-Data.fit").read_bytes()
    importer = Importer(store, NOW)
    ctx = PrepareContext(store.profile(), store.streams.root)
    outcome = prepare_member("a.zip!run.fit", data, None, ctx, importer.is_known)
    assert isinstance(outcome, Prepared) and outcome.size_bytes == len(data)
    counted: list[int] = []

    def account(n: int) -> None:
        counted.append(n)
        raise UnsafeInputError("a.zip", "archive decompresses to more than 10 bytes in total")

    importer.handle(Member("a.zip!run.fit", None, account=account), outcome)
    assert counted == [len(data)]
    assert [(p.path, p.reason) for p in importer.report.failed] == [
        ("a.zip!run.fit", "archive decompresses to more than 10 bytes in total")
    ]
    assert store.counts()["activities"] == 0
    assert store.streams.keys() == set()


def test_stored_bands_read_back_as_measured(store: Store) -> None:
    """Cadence by speed and heart-rate zones come back from a long-history read (as JSON text,
    decoded on demand) equal to what the measures computed from the file."""
    path = DATA / "fit" / "sportslib__6782987395.fit"
    import_paths(store, [path], NOW)
    [view] = history.run_views(store)
    [activity] = decode(path.name, path.read_bytes()).activities
    measured = measure_run(activity, load_rules())
    out = view.as_dict()
    assert out["hr_zone_s"] == list(measured.hr_zone_s) and sum(out["hr_zone_s"]) > 0
    assert len(out["cadence_by_speed"]) == len(measured.cadence_by_speed) > 0
    for stored, band in zip(out["cadence_by_speed"], measured.cadence_by_speed, strict=True):
        assert stored["cadence_spm"] == pytest.approx(band.cadence_spm)


def test_sessions_of_one_file_are_never_copies_of_each_other(store: Store) -> None:
    """A multisport file whose sessions start within a minute of each other, the last one of a
    sport backstride keeps as 'other' (rowing, for example), which may match any sport: every
    session is stored. Made from the real triathlon file by moving its sessions' starts 20 s
    apart and making the last one 'other' (as a multisport FIT with a rowing leg gives)."""
    data = (DATA / "fit" / "muktihari__triathlon_summary_last.fit").read_bytes()
    importer = Importer(store, NOW)
    ctx = PrepareContext(store.profile(), store.streams.root)
    outcome = prepare_member("multi.fit", data, None, ctx, importer.is_known)
    assert isinstance(outcome, Prepared) and len(outcome.activities) >= 3
    first = outcome.activities[0].activity.start_utc
    moved = [
        dataclasses.replace(
            item,
            activity=dataclasses.replace(
                item.activity,
                start_utc=first + timedelta(seconds=20 * i),
                sport=Sport.OTHER if i == len(outcome.activities) - 1 else item.activity.sport,
            ),
        )
        for i, item in enumerate(outcome.activities)
    ]
    importer.handle(
        Member("multi.fit", data), dataclasses.replace(outcome, activities=tuple(moved))
    )
    assert importer.report.skipped == []
    assert len(importer.report.imported) == len(moved) == store.counts()["activities"]


def test_a_copy_with_a_distance_replaces_one_in_the_same_format_without(store: Store) -> None:
    """Two FIT files of one session, the first without any distance (a power meter's head unit
    indoors), the second with one (the app that also recorded it): the second replaces the
    first, whichever comes first; a copy without distance after it is skipped. Made from one
    real file by removing the first copy's distance channel and summary (and giving the copies
    different hashes, as two files would have)."""
    data = (DATA / "fit" / "goldencheetah__HRV-Data.fit").read_bytes()
    ctx = PrepareContext(store.profile(), store.streams.root)
    importer = Importer(store, NOW)
    full = prepare_member("app.fit", data, None, ctx, importer.is_known)
    assert isinstance(full, Prepared) and full.activities[0].measures.distance_m > 1000
    [item] = full.activities
    blank = dataclasses.replace(
        full,
        label="head-unit.fit",
        sha256="0" * 64,
        activities=(
            dataclasses.replace(
                item,
                activity=dataclasses.replace(item.activity, distance_m=None),
                measures=dataclasses.replace(item.measures, distance_m=0.0),
                stream_key=None,
            ),
        ),
    )
    importer.handle(Member("head-unit.fit", data), blank)
    importer.handle(Member("app.fit", data), full)
    later = dataclasses.replace(blank, label="again.fit", sha256="1" * 64)
    importer.handle(Member("again.fit", data), later)
    [kept] = importer.report.imported
    assert (kept.path, kept.replaces) == ("app.fit", "head-unit.fit")
    assert [p.path for p in importer.report.skipped] == ["head-unit.fit", "again.fit"]
    [row] = store.activity_rows()
    assert row["distance_m"] == pytest.approx(item.measures.distance_m)
