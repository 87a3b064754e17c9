"""A whole import gives the same history on PostgreSQL as on SQLite.

Real files (FIT, GPX, TCX, multisport, the Strava export) and the repository's samples are
imported into a SQLite store and into a PostgreSQL store (a real server, see ``postgres.py``);
every run, week and shoe must read back the same, re-import must add nothing, and a richer copy
must replace a poorer one on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from backstride.services import history, import_paths
from backstride.settings import Settings
from backstride.store import Store
from tests.conftest import DATA, REPO
from tests.formats.test_garmin_gear import export_zip

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
TODAY = date(2026, 12, 3)
PATHS = [
    REPO / "samples",
    DATA / "fit" / "muktihari__triathlon_summary_last.fit",
    DATA / "fit" / "sportslib__6860622783.fit",
    DATA / "tcx" / "sportslib__6860622783.tcx",  # the same run: skipped
    DATA / "gpx" / "runpandas__run.gpx",
    DATA / "export" / "strava_export_geo-activity-playground",
    DATA / "export" / "gear_folders_geo-activity-playground",
    DATA / "fit" / "sportslib__empty-sessions.fit",  # fails
]


@pytest.fixture
def stores(tmp_path: Path, postgres_url: str) -> Iterator[tuple[Store, Store]]:
    sqlite = Store.open(Settings(tmp_path / "a", f"sqlite:///{tmp_path / 'a.db'}"))
    postgres = Store.open(Settings(tmp_path / "b", postgres_url))
    yield sqlite, postgres
    sqlite.close()
    postgres.close()


def _history(store: Store) -> dict[str, Any]:
    views = history.run_views(store)
    return {
        "runs": [v.as_dict() for v in views],
        "weeks": history.weeks(store, TODAY, views=views),
        "shoes": history.shoes(store, TODAY, views=views),
        "gear": store.gear_list(),
        "counts": store.counts(),
        "laps": [[dict(lap) for lap in store.lap_rows(v.id)] for v in views],
    }


def test_the_same_files_give_the_same_history(stores: tuple[Store, Store]) -> None:
    sqlite, postgres = stores
    first = [import_paths(s, PATHS, NOW).as_dict() for s in stores]
    assert first[0] == first[1]
    assert len(first[0]["imported"]) >= 40 and first[0]["failed"]
    assert _history(sqlite) == _history(postgres)

    again = [import_paths(s, PATHS, NOW) for s in stores]
    assert again[0].imported == again[1].imported == []
    assert _history(postgres)["counts"] == _history(sqlite)["counts"]


def test_a_richer_copy_replaces_the_stored_one_on_both(stores: tuple[Store, Store]) -> None:
    gpx, fit = (
        DATA / "gpx" / "heartandsole__testdata.gpx",
        DATA / "fit" / "heartandsole__testdata.fit",
    )
    for store in stores:
        [first] = import_paths(store, [gpx], NOW).imported
        [done] = import_paths(store, [fit], NOW).imported
        assert (done.activity_id, done.replaces) == (first.activity_id, str(gpx))
    assert _history(stores[0]) == _history(stores[1])


def test_a_garmin_export_with_gear_gives_the_same_shoes_on_both(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    """The Garmin export of tests/formats/test_garmin_gear.py: runs linked to shoes by start
    time, a retired shoe, a ride whose bike is no shoe."""
    archive = export_zip(tmp_path)
    for store in stores:
        assert len(import_paths(store, [archive], NOW).imported) == 4
    sqlite, postgres = (_history(s) for s in stores)
    assert sqlite == postgres
    assert sorted(v["shoe"] or "" for v in sqlite["runs"]) == [
        "",
        "Daily trainers",
        "Daily trainers",
        "Nike Pegasus 38",
    ]
