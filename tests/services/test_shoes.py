"""Shoes as use cases: adding (names, start distance), retiring, and which runs wear them."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from backstride.errors import InputValueError, NotFoundError
from backstride.services import import_paths
from backstride.services.history import add_shoe, assign_shoe, retire_shoe, run_views
from backstride.services.importing import path_problem
from backstride.store import Store
from tests.conftest import DATA
from tests.services import care_data

samples_home = care_data.samples_home
sample_home = care_data.sample_home
sample_store = care_data.sample_store

NOW = datetime(2026, 8, 24, 6, 0, tzinfo=UTC)
TODAY = date(2026, 8, 24)


def _shoe_of(store: Store) -> dict[int, str | None]:
    return {v.id: v.row["shoe"] for v in run_views(store, detail=False)}


def test_add_shoe_strips_the_name_and_refuses_a_blank_one(store: Store) -> None:
    assert add_shoe(store, "  Pegasus 40 \t", NOW, brand=" Nike ", model="  ").name == "Pegasus 40"
    [shoe] = store.gear_list()
    assert (shoe.brand, shoe.model) == ("Nike", None)
    with pytest.raises(InputValueError, match="needs a name"):
        add_shoe(store, " \t ", NOW)
    with pytest.raises(InputValueError, match="already exists"):
        add_shoe(store, "PEGASUS 40", NOW)


@pytest.mark.parametrize("km", [float("nan"), float("inf"), -0.5, 1e308])
def test_add_shoe_refuses_a_start_distance_no_shoe_has(store: Store, km: float) -> None:
    with pytest.raises(InputValueError, match="from 0 to 100000 km"):
        add_shoe(store, "K", NOW, start_km=km)
    assert store.gear_list() == []


def test_retire_shoe_keeps_the_first_day_and_says_when_nothing_changed(store: Store) -> None:
    add_shoe(store, "Pegasus 40", NOW)
    shoe, changed = retire_shoe(store, "pegasus 40", None)
    assert (changed, shoe.retired_utc) == (False, None)
    shoe, changed = retire_shoe(store, "Pegasus 40", NOW)
    assert changed and shoe.retired_utc == NOW
    shoe, changed = retire_shoe(store, "Pegasus 40", NOW.replace(month=9))
    assert (changed, shoe.retired_utc) == (False, NOW)
    with pytest.raises(NotFoundError, match="no shoe named 'x"):
        retire_shoe(store, "x" * 300, NOW)


def test_assign_shoe_counts_the_runs_it_moved_off_other_shoes(sample_store: Store) -> None:
    for name in ("Old", "Trail", "New"):
        add_shoe(sample_store, name, NOW)
    assign_shoe(sample_store, "Old", since=date(2026, 6, 1), until=date(2026, 6, 14), today=TODAY)
    assign_shoe(sample_store, "Trail", [int(i) for i in _june_ids(sample_store)[6:8]])
    done = assign_shoe(
        sample_store, "New", since=date(2026, 6, 1), until=date(2026, 6, 21), today=TODAY
    )
    # 1-14 June: six runs on Old; 16 and 18 June on Trail; 20 and 21 June on no shoe
    assert len(done.assigned) == 10
    assert done.moved_from == {"Old": 6, "Trail": 2}
    assert set(_shoe_of(sample_store).values()) == {"New", None}


def _june_ids(store: Store) -> list[int]:
    return [v.id for v in run_views(store, detail=False) if v.local_date.month == 6]


def test_assign_shoe_is_all_or_nothing_for_unknown_ids(sample_store: Store) -> None:
    add_shoe(sample_store, "Old", NOW)
    with pytest.raises(NotFoundError, match="no activities with id 998, 999"):
        assign_shoe(sample_store, "Old", [1, 999, 998])
    assert set(_shoe_of(sample_store).values()) == {None}


@pytest.mark.parametrize(
    ("since", "until", "words"),
    [
        (date(2026, 6, 30), date(2026, 6, 1), "--until 2026-06-01 is before --since 2026-06-30"),
        (date(2026, 8, 25), None, "--since 2026-08-25 is after today (2026-08-24)"),
        (None, date(2020, 1, 1), "no runs up to 2020-01-01"),
    ],
)
def test_assign_shoe_refuses_a_range_it_cannot_use(
    sample_store: Store, since: date | None, until: date | None, words: str
) -> None:
    add_shoe(sample_store, "Old", NOW)
    with pytest.raises((InputValueError, NotFoundError), match=re.escape(words)):
        assign_shoe(sample_store, "Old", since=since, until=until, today=TODAY)
    assert set(_shoe_of(sample_store).values()) == {None}


def test_assign_shoe_leaves_rides_without_a_shoe(sample_store: Store) -> None:
    report = import_paths(sample_store, [DATA / "fit" / "fitparse__garmin-fenix-5-bike.fit"], NOW)
    [ride] = [done.activity_id for done in report.imported]
    add_shoe(sample_store, "Old", NOW)
    with pytest.raises(InputValueError, match=f"activity {ride} is cycling: only runs get a shoe"):
        assign_shoe(sample_store, "Old", [ride])
    done = assign_shoe(sample_store, "Old", [1, ride])
    assert (done.assigned, done.not_runs) == ((1,), ((ride, "cycling"),))
    assert _shoe_of(sample_store)[ride] is None


def test_path_problem_names_what_cannot_be_imported(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.fit"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    assert path_problem(fifo) == "not a regular file (a device, pipe or socket)"
    assert path_problem(tmp_path / "missing.fit") == "no such file or folder"
    assert path_problem(tmp_path / "missing" / "below.fit") == "no such file or folder"
    assert path_problem(tmp_path / ("x" * 5000)) == "the path is too long for this system"
    assert path_problem(tmp_path) is None


def test_import_reports_a_pipe_named_explicitly_without_reading_it(
    store: Store, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.gpx"
    os.mkfifo(fifo)
    report = import_paths(store, [fifo], NOW)
    assert [(p.path, p.reason) for p in report.failed] == [
        (str(fifo), "not a regular file (a device, pipe or socket)")
    ]
