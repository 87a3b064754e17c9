"""The gear a Strava export lists (``shoes.csv``, ``bikes.csv``) and how activities name it.

The real export in ../shared/data has both files with headers only; the rows here are written
by the tests in Strava's column layout (``Shoe Name`` is the optional nickname).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from backstride.formats.archives import iter_members
from backstride.formats.exports import (
    MAX_GEAR_ROWS,
    ExportGear,
    ExportShoe,
    StravaGear,
    parse_strava_gear,
)
from tests.formats.conftest import EXPORT

STRAVA = EXPORT / "strava_export_geo-activity-playground"
SHOES = (
    "Shoe Name,Shoe Brand,Shoe Model,Shoe Default Sport Types\n"
    ",Nike,Pegasus 38,Run\n"
    "Race day,Saucony,Endorphin Pro 3,\n"
    "  ,  ,  ,\n"
)
BIKES = "Bike Name,Bike Brand,Bike Model,Bike Default Sport Types\nCommuter,Trek,FX 2,Ride\n"


def test_each_shoe_is_named_by_its_nickname_or_else_brand_and_model() -> None:
    gear = parse_strava_gear(SHOES.encode(), BIKES.encode())
    assert [(s.name, s.brand, s.model) for s in gear.shoes] == [
        ("Nike Pegasus 38", "Nike", "Pegasus 38"),
        ("Race day", "Saucony", "Endorphin Pro 3"),
    ]
    assert gear.bikes == frozenset({"commuter"})


def test_an_activity_may_name_a_shoe_in_any_of_the_three_ways() -> None:
    gear = parse_strava_gear(SHOES.encode(), BIKES.encode())
    for given_name in ("Race day", "Saucony Endorphin Pro 3", "saucony  endorphin pro 3 race DAY"):
        assert gear.shoe_name(given_name) == "Race day"
    assert gear.shoe_name("Nike Pegasus 38") == "Nike Pegasus 38"
    assert gear.shoe_name("Commuter") is None  # a bike
    assert gear.shoe_name("Old trail shoe") == "Old trail shoe"  # not listed: kept as given
    assert gear.shoe_name(None) is None


def test_missing_empty_or_broken_lists_give_no_gear() -> None:
    assert parse_strava_gear(None, None) == StravaGear()
    assert parse_strava_gear(b"", b"\xff\xfe") == StravaGear()
    assert parse_strava_gear(b"Name,Brand\nA,B\n", b"Name\nC\n") == StravaGear()  # not Strava's


def test_a_byte_order_mark_and_overlong_names_are_handled() -> None:
    long = "x" * 500
    gear = parse_strava_gear(
        f"\ufeffShoe Name,Shoe Brand,Shoe Model\n{long},{long},M\n".encode(), None
    )
    [shoe] = gear.shoes
    assert (len(shoe.name), len(shoe.brand or ""), shoe.model) == (200, 100, "M")


def test_a_list_of_absurd_length_is_read_only_so_far() -> None:
    rows = "".join(f"Shoe {i},Brand,Model\n" for i in range(50_000))
    gear = parse_strava_gear(f"Shoe Name,Shoe Brand,Shoe Model\n{rows}".encode(), None)
    assert len(gear.shoes) == MAX_GEAR_ROWS
    assert gear.shoes[-1].name == f"Shoe {MAX_GEAR_ROWS - 1}"


@given(st.binary(max_size=400), st.binary(max_size=400))
def test_any_bytes_give_gear_and_never_an_error(shoes: bytes, bikes: bytes) -> None:
    gear = parse_strava_gear(shoes, bikes)
    assert all(isinstance(s, ExportShoe) and s.name for s in gear.shoes)


def _export_with_gear(tmp_path: Path) -> Path:
    """A copy of the real export whose run names the Nike by brand and model."""
    folder = tmp_path / "strava"
    shutil.copytree(STRAVA, folder)
    lines = (folder / "activities.csv").read_text(encoding="utf-8").splitlines()
    run = lines[1].replace(',false,"",,activities/', ',false,"",Nike Pegasus 38,activities/')
    (folder / "activities.csv").write_text(f"{lines[0]}\n{run}\n", encoding="utf-8")
    (folder / "shoes.csv").write_text(SHOES, encoding="utf-8")
    (folder / "bikes.csv").write_text(BIKES, encoding="utf-8")
    return folder


def test_the_walk_hands_over_the_listed_shoes_before_the_activities(tmp_path: Path) -> None:
    folder = _export_with_gear(tmp_path)
    events: list[object] = []
    for member in iter_members(folder, on_gear=lambda gear: events.append(gear)):
        events.append(member.gear_name)
    [gear, gear_of_run] = events
    assert isinstance(gear, ExportGear) and not gear.by_start
    assert [s.name for s in gear.shoes] == ["Nike Pegasus 38", "Race day"]
    assert gear_of_run == "Nike Pegasus 38"


def test_the_same_from_the_export_zipped(tmp_path: Path) -> None:
    folder = _export_with_gear(tmp_path)
    archive = tmp_path / "export_1.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, path.relative_to(folder).as_posix())
    seen: list[str] = []
    members = list(iter_members(archive, on_gear=lambda g: seen.extend(x.name for x in g.shoes)))
    assert seen == ["Nike Pegasus 38", "Race day"]
    assert [m.gear_name for m in members] == ["Nike Pegasus 38"]
