"""Text longer than its column, on both databases: what files state is cut to fit (SQLite would
keep it, PostgreSQL would refuse the whole file's transaction); what a person types is refused
with the limit named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backstride.errors import InputValueError
from backstride.model import Device, PainEntry, PainType
from backstride.store import Store
from backstride.store.care import CareStore

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_a_device_named_at_length_is_stored_cut_and_found_again(store: Store) -> None:
    """A TCX ``Creator/Name`` or FIT ``product_name`` may hold any text."""
    device = Device(manufacturer="m" * 100, product="p" * 300, serial_number="1" * 80)
    with store.transaction() as tx:
        first = tx.device_id(device)
        again = tx.device_id(device)
    assert first == again is not None
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT manufacturer, product, serial_number FROM devices").one()
    assert tuple(map(len, row)) == (64, 64, 64)


def test_gear_named_by_a_file_is_cut_to_fit(store: Store) -> None:
    with store.transaction() as tx:
        first = tx.gear_id("n" * 300, NOW, "b" * 150, "m" * 150)
        again = tx.gear_id("n" * 300, NOW)
    assert first == again
    [shoe] = store.gear_list()
    assert (len(shoe.name), len(shoe.brand or ""), len(shoe.model or "")) == (200, 100, 100)


def test_a_shoe_name_typed_too_long_is_refused(store: Store) -> None:
    with pytest.raises(InputValueError, match="too long"):
        store.add_gear("n" * 201, NOW, None, None, 0.0)
    assert store.gear_list() == []
    assert store.add_gear("n" * 200, NOW, "b" * 100, None, 0.0).name == "n" * 200


def test_a_location_typed_too_long_is_refused_and_one_at_the_limit_kept(store: Store) -> None:
    with pytest.raises(InputValueError, match="at most 200 characters"):
        PainEntry(time_utc=NOW, score=3, pain_type=PainType.DULL, location="l" * 201)
    entry = PainEntry(time_utc=NOW, score=3, pain_type=PainType.DULL, location="l" * 200)
    CareStore(store).add_pain([entry])
    [back] = CareStore(store).pain_entries()
    assert back.location == "l" * 200
