"""The gait table: rows come back as written, in filming order, on SQLite; DDL for PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, CreateTable

from backstride.store import Store
from backstride.store.gait import GaitStore
from backstride.store.schema import gait_analyses

T0 = datetime(2026, 8, 1, 7, 0, tzinfo=UTC)


def _add(rows: GaitStore, folder: str, recorded: datetime) -> int:
    return rows.add(
        analysed_utc=T0,
        recorded_utc=recorded,
        recorded_from="given",
        view="side",
        video_name=f"{folder}.mp4",
        folder=f"gait/{folder}",
        steps=14,
        cadence_spm=None,
        result={"view": "side", "steps": 14, "metrics": {}},
    ).id


def test_rows_round_trip_in_filming_order(store: Store) -> None:
    rows = GaitStore(store)
    late = _add(rows, "b", T0)
    early = _add(rows, "a", T0 - timedelta(days=3))
    assert [r.id for r in rows.rows()] == [early, late]
    back = rows.row(late)
    assert back is not None and back.recorded_utc == T0 and back.recorded_utc.tzinfo is UTC
    assert back.result == {"view": "side", "steps": 14, "metrics": {}}
    assert back.cadence_spm is None and rows.row(999) is None
    assert rows.folders() == {"gait/a", "gait/b"}


def test_a_folder_has_one_row(store: Store) -> None:
    rows = GaitStore(store)
    _add(rows, "a", T0)
    with pytest.raises(IntegrityError):
        _add(rows, "a", T0)


def test_the_table_compiles_for_postgresql() -> None:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    ddl = str(CreateTable(gait_analyses).compile(dialect=dialect))
    assert "recorded_utc TIMESTAMP WITH TIME ZONE NOT NULL" in ddl
    assert "result JSON NOT NULL" in ddl and "UNIQUE (folder)" in ddl
    (index,) = gait_analyses.indexes
    assert "recorded_utc" in str(CreateIndex(index).compile(dialect=dialect))
