"""iter_members() over real folders and exports, and over archives the test builds from them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from backstride.formats import decode
from backstride.formats.archives import MISSING_FILE, Member, close_deferred, iter_members, resolve
from backstride.formats.exports import gear_layout, parse_strava_csv
from backstride.formats.sports import sport_from_name
from backstride.model import Sport, SubSport
from tests.formats.conftest import EXPORT, FIT, GPX, TCX, make_zip

GEAR = EXPORT / "gear_folders_geo-activity-playground"
STRAVA = EXPORT / "strava_export_geo-activity-playground"

SHOE_NB = "New Balance Fresh Foam 860v11"
GEAR_EXPECTED = [  # (path under Activities, gear, kind), in path order
    ("Spaziergang/Barfuß/2025-08-30 10_27_46.464 Wasserlinie Cadzand-Bad.gpx",
     "Barfuß", "Spaziergang"),
    ("Spaziergang/Brooks Caldera 5/2025-08-30 20_29_18.085 BC Cadzand-Bad.gpx",
     "Brooks Caldera 5", "Spaziergang"),
    (f"Spaziergang/{SHOE_NB}/2023-09-05-08-11-11 Stand Nieuwvliet.fit", SHOE_NB, "Spaziergang"),
    (f"Spaziergang/{SHOE_NB}/2025-09-03 11_32_33.996 Cadzand-Bad.gpx", SHOE_NB, "Spaziergang"),
    ("Wanderung/Brooks Caldera 5/2025-08-29 20_12_17.410 Cadzand-Bad.gpx",
     "Brooks Caldera 5", "Wanderung"),
]  # fmt: skip


def summary(members: list[Member]) -> list[tuple[object, ...]]:
    """What must not depend on where the files came from (labels do)."""
    return [(m.data, m.error, m.gear_name, m.activity_name, m.sport_hint) for m in members]


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def test_gear_folder_layout_gives_gear_and_sport_hint() -> None:
    members = list(iter_members(GEAR))
    assert [(m.label, m.gear_name, m.sport_hint) for m in members] == [
        (str(GEAR / "Activities" / rel), gear, kind) for rel, gear, kind in GEAR_EXPECTED
    ]
    assert all(m.error is None and m.data == Path(m.label).read_bytes() for m in members)
    assert sport_from_name(members[0].sport_hint) == (Sport.WALKING, SubSport.GENERIC)
    assert sport_from_name("Wanderung") == sport_from_name("hiking")


def test_gear_layout_rule() -> None:
    assert gear_layout("Activities", ["Activities/Run/Shoe A/x.fit"]) is not None
    assert gear_layout("Activities", ["Activities/Run/x.fit"]) is None  # one level only
    assert gear_layout("Activities", ["Activities/Run/Shoe/deeper/x.fit"]) is None
    assert gear_layout("Activities", ["Activities/2021/03/x.fit"]) is None  # a date layout
    mixed = ["Activities/Run/Shoe/x.fit", "Activities/Run/y.fit"]
    assert gear_layout("Activities", mixed) is None


def test_gear_layout_inside_a_zip(tmp_path: Path) -> None:
    """The real gear folder zipped by the test under a top folder."""
    archive = zip_folder(GEAR, tmp_path / "mine.zip", prefix="backup/")
    members = list(iter_members(archive))
    assert [m.label for m in members] == [
        f"{archive}!backup/Activities/{rel}" for rel, _, _ in GEAR_EXPECTED
    ]
    assert summary(members) == summary(list(iter_members(GEAR)))


def test_strava_export_folder() -> None:
    [member] = list(iter_members(STRAVA))
    assert member.label == str(STRAVA / "activities" / "12866632127.fit.gz")
    assert member.data == (STRAVA / "activities" / "12866632127.fit.gz").read_bytes()
    assert (member.activity_name, member.sport_hint, member.gear_name) == (
        "Laufen Landal Park",
        "Run",
        None,
    )


def test_strava_export_zip_built_from_the_real_folder_yields_the_same(tmp_path: Path) -> None:
    """The real Strava export folder zipped by the test, as Strava delivers it (csv at the root)."""
    archive = zip_folder(STRAVA, tmp_path / "export_12345.zip")
    members = list(iter_members(archive))
    assert [m.label for m in members] == [f"{archive}!activities/12866632127.fit.gz"]
    assert summary(members) == summary(list(iter_members(STRAVA)))


def test_strava_csv_duplicated_columns_are_read_by_first_position() -> None:
    listed = parse_strava_csv((STRAVA / "activities.csv").read_bytes())
    assert listed is not None and listed.problem is None
    [row] = listed.rows
    assert row.filename == "activities/12866632127.fit.gz"
    header = (STRAVA / "activities.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header.count("Elapsed Time") == 2 and header.count("Distance") == 2


def test_strava_gear_missing_and_unlisted_files(tmp_path: Path) -> None:
    """A copy of the real export made by the test: the real row given gear 'Pegasus 38', one row
    added whose file is missing, and one real GPX added that the csv does not list."""
    folder = tmp_path / "strava"
    shutil.copytree(STRAVA, folder)
    lines = (folder / "activities.csv").read_text(encoding="utf-8").splitlines()
    real = lines[1]
    with_gear = real.replace(',false,"",,activities/', ',false,"",Pegasus 38,activities/')
    missing = with_gear.replace("12866632127.fit.gz", "999.tcx.gz").replace(
        "Laufen Landal Park", "Gone"
    )
    (folder / "activities.csv").write_text(
        "\n".join([lines[0], with_gear, missing]) + "\n", encoding="utf-8"
    )
    shutil.copy(GPX / "runpandas__run.gpx", folder / "activities" / "555.gpx")
    members = list(iter_members(folder))
    assert [
        (Path(m.label).name, m.error, m.gear_name, m.activity_name, m.sport_hint) for m in members
    ] == [
        ("12866632127.fit.gz", None, "Pegasus 38", "Laufen Landal Park", "Run"),
        ("999.tcx.gz", MISSING_FILE, "Pegasus 38", "Gone", "Run"),
        ("555.gpx", None, None, None, None),
    ]


def test_garmin_export_zip_of_zips(tmp_path: Path) -> None:
    """A Garmin account export built by the test: real FIT files inside
    DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip, beside JSON summaries."""
    fits = ["heartandsole__testdata.fit", "runpandas__run.fit", "sportslib__6860622783.fit"]
    inner = make_zip(
        {f"user@example.com_{i}.fit": (FIT / n).read_bytes() for i, n in enumerate(fits)}
    )
    outer = tmp_path / "garmin_export.zip"
    outer.write_bytes(
        make_zip({
            "DI_CONNECT/DI-Connect-Fitness/user_summarizedActivities.json": b"[]",
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner,
        })
    )  # fmt: skip
    members = list(iter_members(outer))
    prefix = f"{outer}!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!"
    assert [m.label for m in members] == [f"{prefix}user@example.com_{i}.fit" for i in range(3)]
    assert [m.data for m in members] == [(FIT / n).read_bytes() for n in fits]


def test_plain_folder_of_real_files_is_walked_sorted() -> None:
    members = list(iter_members(TCX))
    assert [m.label for m in members] == [str(p) for p in sorted(TCX.glob("*.tcx"))]
    assert all(m.data is not None for m in members)


def test_single_files_and_missing_paths(tmp_path: Path) -> None:
    path = TCX / "runpandas__basic.tcx"
    assert list(iter_members(path)) == [Member(str(path), path.read_bytes())]
    [missing] = list(iter_members(tmp_path / "nope"))
    assert missing.data is None and missing.error == "no such file or folder"


def test_members_decode(tmp_path: Path) -> None:
    """Members of a zipped folder decode like the files themselves."""
    folder = tmp_path / "runs"
    folder.mkdir()
    shutil.copy(GPX / "sportslib__garmin.gpx", folder / "a.gpx")
    shutil.copy(TCX / "runpandas__run_garmin.tcx", folder / "b.tcx")
    archive = zip_folder(folder, tmp_path / "runs.zip")
    for member in iter_members(archive):
        assert member.data is not None
        name = Path(member.label.split("!")[-1]).name
        from_zip = decode(member.label, member.data)
        direct = decode(name, (folder / name).read_bytes())
        assert from_zip.format == direct.format
        assert [(a.start_utc, a.distance_m, len(a.stream)) for a in from_zip.activities] == [
            (a.start_utc, a.distance_m, len(a.stream)) for a in direct.activities
        ]


def test_deferred_members_are_located_not_read(tmp_path: Path) -> None:
    """With ``defer``, files on disk and members of a zip on disk carry where to read them (for
    a worker) instead of their bytes; members of a zip inside a zip are read here. Read with
    :func:`resolve`, every member equals the one the walk reads itself."""
    outer = tmp_path / "export.zip"
    outer.write_bytes(
        make_zip({
            "runs/a.gpx": (GPX / "sportslib__garmin.gpx").read_bytes(),
            "inner.zip": make_zip({"b.fit": (FIT / "runpandas__run.fit").read_bytes()}),
        })
    )  # fmt: skip
    for target in (outer, STRAVA, GEAR, TCX / "runpandas__basic.tcx"):
        deferred = list(iter_members(target, defer=True))
        try:
            resolved = [resolve(m) for m in deferred]
        finally:
            close_deferred()
        eager = list(iter_members(target))
        assert [m.label for m in resolved] == [m.label for m in eager]
        assert summary(resolved) == summary(eager)
        assert any(m.deferred is not None for m in deferred)
        for m in deferred:
            assert m.data is None or m.deferred is None
    by_label = {m.label.split("!", 1)[1]: m for m in iter_members(outer, defer=True)}
    close_deferred()
    assert by_label["runs/a.gpx"].data is None
    assert by_label["runs/a.gpx"].deferred is not None
    assert by_label["runs/a.gpx"].account is not None  # counted against the archive's budget
    assert by_label["inner.zip!b.fit"].data == (FIT / "runpandas__run.fit").read_bytes()
    assert by_label["inner.zip!b.fit"].deferred is None


def test_a_changed_archive_is_reported_not_misread(tmp_path: Path) -> None:
    """The zip is rewritten between the walk and the worker's read: the member's name no longer
    matches its place in the archive, and the read says so."""
    archive = tmp_path / "runs.zip"
    archive.write_bytes(make_zip({"a.gpx": b"<gpx/>", "b.gpx": b"<gpx/>"}))
    [first, _] = list(iter_members(archive, defer=True))
    archive.write_bytes(make_zip({"c.gpx": b"<gpx/>", "b.gpx": b"<gpx/>"}))
    try:
        assert resolve(first).error == "the archive changed while it was being imported"
    finally:
        close_deferred()
