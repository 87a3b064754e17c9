"""The public names of the measure and knowledge packages: sorted and importable."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("module", ["backstride.metrics", "backstride.knowledge"])
def test_public_all_is_sorted_and_importable(module: str) -> None:
    mod = importlib.import_module(module)
    names = list(mod.__all__)
    assert names == sorted(names)
    for name in names:
        assert hasattr(mod, name), name


def test_the_service_facing_names_exist() -> None:
    """What services and the CLI import from these packages."""
    from backstride.knowledge import MeasureRules, load_rules
    from backstride.metrics import (
        DayRun,
        ShoeReport,
        WeekLoad,
        local_date,
        measure_run,
        rotation_count,
        shoe_usage,
        spike_pcts,
        surface_from_sub_sport,
        weekly_load,
    )

    assert callable(load_rules) and isinstance(load_rules(), MeasureRules)
    assert all(
        callable(f)
        for f in (
            local_date,
            measure_run,
            rotation_count,
            shoe_usage,
            spike_pcts,
            surface_from_sub_sport,
            weekly_load,
        )
    )
    assert {"week_start", "distance_m", "acwr", "monotony", "strain", "rest_days"} <= set(
        WeekLoad.__dataclass_fields__
    )
    shoe_fields = {"gear_id", "distance_m", "runs", "first_use", "last_use", "advice"}
    assert shoe_fields | {"in_rotation"} <= set(ShoeReport.__dataclass_fields__)
    assert DayRun.__dataclass_fields__.keys() >= {"local_date", "distance_m", "duration_s", "load"}
