"""A Garmin account export's gear lists (DI_CONNECT/DI-Connect-Fitness/*_gear.json and
*_summarizedActivities.json).

No real Garmin export is in ../shared/data, so the tests write the lists in the shape Garmin's
export uses (described in backstride.formats.garmin) around real FIT files from
../shared/data/fit; each activity's ``startTimeGmt`` is that file's start as the FIT reader
gives it, plus 400 ms (Garmin keeps milliseconds).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import MonkeyPatch

from backstride.formats import archives, decode
from backstride.formats.archives import iter_members
from backstride.formats.exports import MAX_SHOE_NAME, ExportGear
from backstride.formats.garmin import ACTIVITY_LIST, GEAR_LIST, garmin_list, parse_garmin_gear
from tests.formats.conftest import FIT, make_zip

FITNESS = "DI_CONNECT/DI-Connect-Fitness"
UPLOADS = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
#: Garmin activity id -> real FIT file of that activity.
ACTIVITIES = {
    1001: "heartandsole__testdata.fit",
    1002: "runpandas__run.fit",
    1003: "sportslib__6860622783.fit",
    1004: "fitparse__garmin-fenix-5-bike.fit",
}


@cache
def start_s(name: str) -> int:
    [activity] = decode(name, (FIT / name).read_bytes()).activities
    return int(activity.start_utc.timestamp())


def summaries(ids: dict[int, str] = ACTIVITIES) -> bytes:
    rows = [
        {
            "activityId": aid,
            "startTimeGmt": start_s(n) * 1000 + 400,
            "activityType": "x",
            "name": f"Garmin activity {aid}",
        }
        for aid, n in ids.items()
    ]
    return json.dumps([{"summarizedActivitiesExport": rows}]).encode()


def gear_list() -> bytes:
    """Two running shoes (one retired), a bike, and a pair with no type."""
    return json.dumps(
        [
            {
                "gearDTOS": [
                    {
                        "gearPk": 11,
                        "gearTypeName": "Shoes",
                        "displayName": "Daily trainers",
                        "customMakeModel": "Brooks Ghost 14",
                        "gearMakeName": "Brooks",
                        "gearModelName": "Ghost 14",
                        "gearStatusName": "active",
                        "dateEnd": None,
                    },
                    {
                        "gearPk": 12,
                        "gearTypeName": "Shoes",
                        "displayName": None,
                        "customMakeModel": "Nike Pegasus 38",
                        "gearMakeName": "Other",
                        "gearModelName": "Unknown",
                        "gearStatusName": "retired",
                        "dateEnd": "2021-05-01T00:00:00.0",
                    },
                    {"gearPk": 13, "gearTypeName": "Bike", "displayName": "Commuter"},
                    {"gearPk": 14, "displayName": "Untyped"},
                ],
                "gearActivityDTOs": {
                    "11": [{"activityId": 1002, "gearPk": 11}, {"activityId": 1003}],
                    "12": [{"activityId": 1001, "gearPk": 12}],
                    "13": [{"activityId": 1004, "gearPk": 13}],
                    "14": [{"activityId": 999}],
                },
            }
        ]
    ).encode()


def export_zip(tmp_path: Path) -> Path:
    inner = make_zip(
        {f"user@example.com_{aid}.fit": (FIT / n).read_bytes() for aid, n in ACTIVITIES.items()}
    )
    outer = tmp_path / "garmin_export.zip"
    outer.write_bytes(
        make_zip(
            {
                f"{FITNESS}/user@example.com_gear.json": gear_list(),
                f"{FITNESS}/user@example.com_0_summarizedActivities.json": summaries(),
                UPLOADS: inner,
            }
        )
    )
    return outer


def test_list_files_are_known_by_folder_and_name() -> None:
    assert garmin_list(f"{FITNESS}/a@b.c_gear.json") == GEAR_LIST
    assert garmin_list(f"x/{FITNESS.lower()}/a@b.c_0_summarizedActivities.json") == ACTIVITY_LIST
    assert garmin_list("DI_CONNECT/DI-Connect-Wellness/a_gear.json") is None
    assert garmin_list(f"{FITNESS}/a_personalRecord.json") is None
    assert garmin_list("gear.json") is None


def test_shoes_and_links_by_start() -> None:
    gear = parse_garmin_gear([gear_list()], [summaries()], max_items=1000)
    daily, pegasus = gear.shoes
    assert (daily.name, daily.brand, daily.model, daily.retired_utc) == (
        "Daily trainers",
        "Brooks",
        "Ghost 14",
        None,
    )
    # no nickname: make and model; "Other" names no make, "Unknown" no model; retired on its
    # end date
    assert (pegasus.name, pegasus.brand, pegasus.model) == ("Nike Pegasus 38", None, None)
    assert pegasus.retired_utc == datetime(2021, 5, 1, tzinfo=UTC)
    # the bike links nothing; the untyped pair's activity has no summary
    assert gear.by_start == {
        start_s("runpandas__run.fit"): "Daily trainers",
        start_s("sportslib__6860622783.fit"): "Daily trainers",
        start_s("heartandsole__testdata.fit"): "Nike Pegasus 38",
    }


def test_a_retired_shoe_without_end_date_retires_at_its_last_run() -> None:
    raw = json.loads(gear_list())
    raw[0]["gearDTOS"][1]["dateEnd"] = None
    raw[0]["gearActivityDTOs"]["12"].insert(0, {"activityId": 1003})
    gear = parse_garmin_gear([json.dumps(raw).encode()], [summaries()], max_items=1000)
    assert start_s("sportslib__6860622783.fit") < start_s("heartandsole__testdata.fit")
    last = start_s("heartandsole__testdata.fit")
    assert gear.shoes[1].retired_utc == datetime.fromtimestamp(last, UTC)


def test_links_as_a_plain_list_and_untyped_gear() -> None:
    raw = {
        "gearDTOS": [
            {"gearPk": "14", "customMakeModel": "Hoka Clifton 8"},
            {"gearPk": 15, "gearTypeName": "Footwear", "displayName": "Trail pair"},
        ],
        "gearActivityDTOs": [
            {"gearPk": 14, "activityId": "1002"},
            {"gearPk": 15, "activityId": 1003},
        ],
    }
    plain = json.dumps(json.loads(summaries())[0]["summarizedActivitiesExport"]).encode()
    for activities in (summaries(), plain):
        gear = parse_garmin_gear([json.dumps(raw).encode()], [activities], max_items=1000)
        assert [s.name for s in gear.shoes] == ["Trail pair"]  # no type: linked, not listed
        assert gear.by_start == {
            start_s("runpandas__run.fit"): "Hoka Clifton 8",
            start_s("sportslib__6860622783.fit"): "Trail pair",
        }


def test_bounds_and_odd_values() -> None:
    rows = [{"activityId": i, "startTimeGmt": 1_600_000_000_000 + i * 1000} for i in range(50)]
    rows += [
        {"activityId": 60, "startTimeGmt": 10**400},  # absurd
        {"activityId": 61, "startTimeGmt": 1.0},  # 1970
        {"activityId": True, "startTimeGmt": 1_600_000_000_000},
        {"activityId": "٣", "startTimeGmt": 1_600_000_000_000},  # not an ASCII digit
    ]
    links = {"1": [{"activityId": i} for i in range(62)]}
    gear = {"gearDTOS": [{"gearPk": 1, "gearTypeName": "Shoes", "displayName": "x" * 500}]}
    listed = json.dumps([dict(gear, gearActivityDTOs=links)]).encode()
    found = parse_garmin_gear(
        [listed], [json.dumps([{"summarizedActivitiesExport": rows}]).encode()], 10
    )
    assert len(found.shoes[0].name) == MAX_SHOE_NAME
    assert sorted(found.by_start) == [1_600_000_000 + i for i in range(10)]


def test_lists_that_are_not_json_give_no_gear() -> None:
    deep = b"[" * 100_000
    assert parse_garmin_gear([deep, b"\xff\xfe", b"{}", b"null"], [deep], 10) == ExportGear()


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=400),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        ),
        max_leaves=30,
    ),
)
def test_any_list_gives_gear_without_error(raw: bytes, value: object) -> None:
    for data in (
        raw,
        json.dumps(value).encode(),
        json.dumps([{"gearDTOS": [value], "gearActivityDTOs": value}]).encode(),
    ):
        gear = parse_garmin_gear([data], [data], 100)
        assert isinstance(gear, ExportGear)


def test_the_walk_hands_over_the_gear_before_the_activity_files(tmp_path: Path) -> None:
    events: list[object] = []
    for member in iter_members(export_zip(tmp_path), on_gear=events.append):
        events.append(member.label.rsplit("!", 1)[-1])
    gear = events[0]
    assert isinstance(gear, ExportGear)
    assert [s.name for s in gear.shoes] == ["Daily trainers", "Nike Pegasus 38"]
    assert events[1:] == [f"user@example.com_{aid}.fit" for aid in ACTIVITIES]


def test_the_same_from_the_export_unpacked(tmp_path: Path) -> None:
    folder = tmp_path / "unpacked"
    (folder / FITNESS).mkdir(parents=True)
    (folder / FITNESS / "u_gear.json").write_bytes(gear_list())
    (folder / FITNESS / "u_0_summarizedActivities.json").write_bytes(summaries())
    (folder / "DI_CONNECT" / "DI-Connect-Uploaded-Files").mkdir()
    (folder / UPLOADS).write_bytes(make_zip({"a.fit": (FIT / "runpandas__run.fit").read_bytes()}))
    seen: list[ExportGear] = []
    members = list(iter_members(folder, on_gear=seen.append))
    assert len(members) == 1 and members[0].label.endswith("!a.fit")
    [gear] = seen
    assert gear.by_start[start_s("runpandas__run.fit")] == "Daily trainers"


def test_an_activity_list_without_a_gear_file_hands_over_names_only(tmp_path: Path) -> None:
    archive = tmp_path / "e.zip"
    archive.write_bytes(
        make_zip(
            {
                f"{FITNESS}/u_0_summarizedActivities.json": summaries(),
                "a.fit": (FIT / "runpandas__run.fit").read_bytes(),
            }
        )
    )
    seen: list[ExportGear] = []
    assert len(list(iter_members(archive, on_gear=seen.append))) == 1
    [given] = seen
    assert (given.shoes, given.by_start) == ((), {})
    assert given.names_by_start[start_s("runpandas__run.fit")] == "Garmin activity 1002"


def test_a_list_too_big_to_read_is_reported(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    """The limit lowered to 500 bytes for the test: the gear list (over it) is reported by name
    and the activity files are still read."""
    monkeypatch.setattr(archives, "MAX_LIST_BYTES", 500)
    assert len(gear_list()) > 500
    seen: list[ExportGear] = []
    members = list(iter_members(export_zip(tmp_path), on_gear=seen.append))
    [refused] = [m for m in members if m.error]
    assert refused.label.endswith("!DI_CONNECT/DI-Connect-Fitness/user@example.com_gear.json")
    assert "the gear it lists was not read" in refused.error
    assert len([m for m in members if m.data]) == len(ACTIVITIES)
    assert [(g.shoes, g.by_start) for g in seen] == [((), {})]  # names only: no gear was read
