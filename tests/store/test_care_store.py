"""The care tables: the 0002 migration goes both ways, rows come back as they went in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from backstride.model import PainEntry, PainType
from backstride.store import Store
from backstride.store.care import CareStore

CARE_TABLES = {"pain_entries", "triage_results", "plan_adherence"}


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("backstride.store") / "migrations"))
    return cfg


def test_the_care_migration_downgrades_and_upgrades(store: Store) -> None:
    assert set(inspect(store.engine).get_table_names()) >= CARE_TABLES
    with store.engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    assert not CARE_TABLES & set(inspect(store.engine).get_table_names())
    with store.engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert set(inspect(store.engine).get_table_names()) >= CARE_TABLES


def test_rows_round_trip(store: Store) -> None:
    rows = CareStore(store)
    local = timezone(timedelta(hours=-5))
    entry = PainEntry(
        time_utc=datetime(2026, 3, 1, 7, 0, tzinfo=local),
        utc_offset_s=-18000,
        score=7,
        pain_type=PainType.THROBBING,
        location="sacrum",
        radiates_below_knee=None,
        numbness_or_tingling=True,
        note="ünïcode ✓",
    )
    (entry_id,) = rows.add_pain([entry])
    back = rows.pain_entry(entry_id)
    assert back is not None and back.time_utc.tzinfo is UTC
    assert back.time_utc == entry.time_utc
    assert (back.score, back.pain_type, back.note, back.numbness_or_tingling) == (
        7, PainType.THROBBING, "ünïcode ✓", True,
    )  # fmt: skip
    assert back.radiates_below_knee is None

    when = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    rows.add_triage(when, {"fever": True, "age": 40}, "urgent", ["red_flag.fever"])
    rows.add_triage(when + timedelta(hours=1), {"age": 41}, "self_care", [])
    latest = rows.latest_triage()
    assert latest is not None and latest.answers == {"age": 41} and latest.urgency == "self_care"

    rows.add_adherence(when, "exercise.plank")
    rows.add_adherence(when + timedelta(days=8), "exercise.bird_dog")
    assert rows.adherence_since(when + timedelta(days=1)) == [
        (when + timedelta(days=8), "exercise.bird_dog")
    ]
    assert rows.delete_pain(entry_id) and not rows.delete_pain(entry_id)
