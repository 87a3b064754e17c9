"""The migrations build exactly the schema the code declares, and times stay aware UTC."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select

from backstride.model import RunMeasures
from backstride.store import Store
from backstride.store.migrate import current_revision, head_revision
from backstride.store.schema import activities, gear, metadata


def test_migrations_reach_head_and_match_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_every_run_measure_has_a_column() -> None:
    columns = set(activities.c.keys())
    missing = [f.name for f in dataclasses.fields(RunMeasures) if f.name not in columns]
    assert missing == []


def test_datetimes_come_back_aware_utc(store: Store) -> None:
    local = datetime(2024, 3, 31, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    with store.engine.begin() as conn:
        conn.execute(insert(gear).values(name="x", added_utc=local, start_distance_m=0.0))
        back = conn.execute(select(gear.c.added_utc)).scalar_one()
    assert back == local
    assert back.tzinfo is UTC
