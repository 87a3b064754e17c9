"""The typed rules hold the numbers of shared/domain.md and fail loudly when one is missing."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from backstride.errors import KnowledgeError
from backstride.knowledge import (
    Grade,
    MeasureItem,
    MeasureRules,
    build_rules,
    load_file,
    load_rules,
)
from backstride.knowledge.rules import RULE_ITEMS


def measure_items() -> dict[str, MeasureItem]:
    return {i.id: i for i in load_file("measures.yaml").items if isinstance(i, MeasureItem)}


def test_load_rules_is_cached_and_frozen() -> None:
    rules = load_rules()
    assert load_rules() is rules
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.spike = rules.spike  # type: ignore[misc]


def test_every_rule_field_names_an_item_and_every_item_is_used() -> None:
    fields = {f.name for f in dataclasses.fields(MeasureRules)}
    assert set(RULE_ITEMS) == fields
    assert set(RULE_ITEMS.values()) == set(measure_items())


def test_spike_bands_are_frandsen_2025() -> None:
    spike = load_rules().spike
    assert spike.window_days == 30
    assert [(b.above_pct, b.up_to_pct, b.hazard_ratio) for b in spike.bands] == [
        (10.0, 30.0, 1.64),
        (30.0, 100.0, 1.52),
        (100.0, None, 2.28),
    ]
    assert spike.item.grade is Grade.B
    assert "1203" in spike.item.source
    assert spike.band_for(10.0) is None  # "more than 10 %"
    assert spike.band_for(-40.0) is None
    assert spike.band_for(10.5) == spike.bands[0]
    assert spike.band_for(30.0) == spike.bands[0]
    assert spike.band_for(100.0) == spike.bands[1]
    assert spike.band_for(250.0) == spike.bands[2]


def test_acwr_is_ewma_7_28_and_contested() -> None:
    acwr = load_rules().acwr
    assert (acwr.acute_days, acwr.chronic_days) == (7, 28)
    assert acwr.acute_lambda == pytest.approx(2 / 8)  # 2 / (N + 1)
    assert acwr.chronic_lambda == pytest.approx(2 / 29)
    assert (acwr.sweet_low_ratio, acwr.sweet_high_ratio, acwr.danger_ratio) == (0.8, 1.3, 1.5)
    assert acwr.item.contested
    assert "Impellizzeri" in (acwr.item.note or "")


def test_domain_numbers() -> None:
    r = load_rules()
    assert r.weekly_increase.max_increase_pct == 10 and r.weekly_increase.item.grade is Grade.C
    assert r.steep_descent.grade_pct == -5 and "Levine" in r.steep_descent.item.source
    assert (r.typical_cadence.mean_spm, r.typical_cadence.sd_spm) == (165, 8)
    assert (r.cadence_increase.low_pct, r.cadence_increase.high_pct) == (5, 10)
    assert (r.gct_balance.green_max_pct, r.gct_balance.orange_max_pct) == (50.7, 52.2)
    assert (r.vertical_ratio.green_low_pct, r.vertical_ratio.green_high_pct) == (7.5, 8.6)
    assert (r.shoe_retirement.plan_from_m, r.shoe_retirement.past_range_m) == (480_000, 800_000)
    assert r.rotation.hazard_ratio == 0.614 and r.rotation.item.grade is Grade.B
    assert r.hr_zones.zone_lower_pct == (50, 60, 70, 80, 90)
    assert r.training_load.zone_weight_factor == (1, 2, 3, 4, 5)


@pytest.mark.parametrize(
    ("left_pct", "colour"),
    [
        (50.0, "green"),
        (49.3, "green"),
        (50.7, "green"),
        (51.0, "orange"),
        (47.8, "orange"),
        (52.2, "orange"),
        (52.3, "red"),
        (46.0, "red"),
    ],
)
def test_gct_balance_colour_judges_the_larger_side(left_pct: float, colour: str) -> None:
    assert load_rules().gct_balance.colour(left_pct) == colour


def test_a_missing_item_is_named() -> None:
    items = measure_items()
    del items["load.acwr"]
    with pytest.raises(KnowledgeError, match=r"measures.yaml: item 'load.acwr'"):
        build_rules(MappingProxyType(items))


def test_a_missing_value_is_named() -> None:
    items = measure_items()
    acwr = items["load.acwr"]
    values = {k: v for k, v in acwr.values.items() if k != "chronic_days"}
    items["load.acwr"] = dataclasses.replace(acwr, values=MappingProxyType(values))
    with pytest.raises(KnowledgeError, match=r"'load.acwr'.*'chronic_days'"):
        build_rules(MappingProxyType(items))


def test_a_fractional_day_count_is_refused() -> None:
    items = measure_items()
    spike = items["load.single_run_spike"]
    values = {**spike.values, "window_days": 30.5}
    items["load.single_run_spike"] = dataclasses.replace(spike, values=MappingProxyType(values))
    with pytest.raises(KnowledgeError, match="whole number"):
        build_rules(MappingProxyType(items))


def test_bands_missing_a_field_are_refused() -> None:
    items = measure_items()
    spike = items["load.single_run_spike"]
    values = {**spike.values, "bands": (MappingProxyType({"above_pct": 10.0}),)}
    items["load.single_run_spike"] = dataclasses.replace(spike, values=MappingProxyType(values))
    with pytest.raises(KnowledgeError, match=r"load\.single_run_spike"):
        build_rules(MappingProxyType(items))
